/**
 * A worker that dies mid-send (invariants 2 and 3): the row it left SENDING goes back to the queue
 * marked OUTCOME_UNKNOWN with a deliver job, and the retry first looks in the Chatwoot
 * conversation, so a message that did reach Chatwoot before the crash is recorded, not sent twice.
 *
 * The crash is recreated in the data: a row set back to SENDING with `sending_started_at` in the
 * past and no job, exactly what a killed worker leaves behind.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { recoverStaleDeliveries } from '../../src/delivery/index.ts';
import { callsDuring, chatwootThreadsOf, configureChatwoot, clinicTestbed } from '../helpers/chatwoot-sandbox.ts';
import { crashWhileSending, deliverJobOf, frontDesk, jobsWithKeyPrefix, logByKey, makeDue, runDueJobs } from './fixture.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();

const salon = await t.newTenant({ name: 'Estética Roma', timezone: 'America/Mexico_City' });
const desk = frontDesk(t, salon);
beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

const messagesTo = (phoneE164: string) => chatwootThreadsOf(sandbox, accountId, phoneE164).messages;

describe('recovering deliveries left SENDING', () => {
  it('a row SENDING for longer than the threshold goes back to QUEUED (OUTCOME_UNKNOWN) with a deliver job; a recent one is left alone', async () => {
    const stuck = await desk.book('2030-06-01T16:00:00Z');
    const recent = await desk.book('2030-06-02T16:00:00Z');
    const stuckLog = await logByKey(t, salon.headers, stuck.id, `confirmation:${stuck.id}:1`);
    const recentLog = await logByKey(t, salon.headers, recent.id, `confirmation:${recent.id}:1`);
    await crashWhileSending(t, stuckLog.id, 10);
    await crashWhileSending(t, recentLog.id, 0);

    // The default threshold is 2 minutes.
    expect(await recoverStaleDeliveries(t.ctx)).toEqual({ resent: 1, requeued: 0, reminders: 0 });

    const recovered = await logByKey(t, salon.headers, stuck.id, `confirmation:${stuck.id}:1`);
    expect(recovered).toMatchObject({ status: 'QUEUED', errorCode: 'OUTCOME_UNKNOWN' });
    // The next attempt looks for anything sent since the lost attempt began.
    expect(new Date(recovered.metadata.verifySince).getTime()).toBe(new Date(recovered.sendingStartedAt).getTime());
    expect(await deliverJobOf(t, stuckLog.id)).toMatchObject({ task_identifier: 'deliver', payload: { tenantId: salon.id, logId: stuckLog.id } });
    expect(await logByKey(t, salon.headers, recent.id, `confirmation:${recent.id}:1`)).toMatchObject({ status: 'SENDING' });
    expect(await deliverJobOf(t, recentLog.id)).toBeUndefined();

    // The requeued row is then delivered, exactly once.
    await runDueJobs(t);
    expect(await logByKey(t, salon.headers, stuck.id, `confirmation:${stuck.id}:1`)).toMatchObject({ status: 'SENT', errorCode: null });
    expect(messagesTo(stuck.phoneE164)).toHaveLength(1);
  });

  it('a QUEUED row whose deliver job was lost gets its job back, and is delivered', async () => {
    const appointment = await desk.book('2030-06-05T16:00:00Z');
    const log = await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`);
    await t.ctx.pool.query("update notification_logs set scheduled_at = now() - interval '10 minutes' where id = $1", [log.id]);
    await t.ctx.pool.query('select graphile_worker.remove_job($1)', [`deliver:${log.id}`]);

    expect(await recoverStaleDeliveries(t.ctx)).toEqual({ resent: 0, requeued: 1, reminders: 0 });
    expect(await deliverJobOf(t, log.id)).toMatchObject({ task_identifier: 'deliver' });

    await runDueJobs(t);
    expect(await logByKey(t, salon.headers, appointment.id, log.idempotencyKey)).toMatchObject({ status: 'SENT' });
    expect(messagesTo(appointment.phoneE164)).toHaveLength(1);
  });

  it('a message that reached Chatwoot before the crash is found in the conversation and marked SENT, not sent again', async () => {
    const appointment = await desk.book('2030-06-03T16:00:00Z');
    await runDueJobs(t);
    const [delivered] = messagesTo(appointment.phoneE164);
    const log = await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`);
    expect(log.providerMessageId).toBe(String(delivered.id));
    // The worker died after Chatwoot stored the message and before the row said so.
    await crashWhileSending(t, log.id, 10);

    expect(await recoverStaleDeliveries(t.ctx)).toEqual({ resent: 1, requeued: 0, reminders: 0 });
    const { calls } = await callsDuring(sandbox, () => runDueJobs(t));

    expect(messagesTo(appointment.phoneE164).map((m) => m.id)).toEqual([delivered.id]);
    expect(calls).not.toContain('POST /conversations/:id/messages');
    expect(calls).not.toContain('POST /conversations');
    expect(await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`)).toMatchObject({
      status: 'SENT',
      providerMessageId: String(delivered.id),
      errorCode: null,
      attempts: 2,
    });
    expect(await deliverJobOf(t, log.id)).toBeUndefined();
  });

  it('a reminder that reached Chatwoot before the crash is not sent twice either', async () => {
    const appointment = await desk.book('2030-06-04T16:00:00Z');
    await runDueJobs(t); // the confirmation
    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);
    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:2030-06-04T16:00:00.000Z`);
    expect(reminder.status).toBe('SENT');
    await crashWhileSending(t, reminder.id, 10);

    await recoverStaleDeliveries(t.ctx);
    await runDueJobs(t);

    const texts = messagesTo(appointment.phoneE164).map((m) => m.content as string);
    expect(texts.filter((m) => m.includes('Recordatorio de Cita'))).toHaveLength(1);
    expect(await logByKey(t, salon.headers, appointment.id, reminder.idempotencyKey)).toMatchObject({ status: 'SENT', errorCode: null });
  });

  it('a reminder job a dead worker held (taken, never finished, no row yet) runs again and is sent once', async () => {
    const appointment = await desk.book('2030-06-06T16:00:00Z');
    await runDueJobs(t); // the confirmation
    const key = `reminder:${appointment.id}:1440`;
    // What a worker killed after fetching the job leaves: the job due and locked by a process that is gone.
    await t.ctx.pool.query(
      `update graphile_worker._private_jobs set run_at = now() - interval '10 minutes', locked_at = now() - interval '10 minutes', locked_by = 'killed-worker' where key = $1`,
      [key],
    );
    await runDueJobs(t);
    expect(messagesTo(appointment.phoneE164).filter((m) => String(m.content).includes('Recordatorio de Cita'))).toHaveLength(0);

    expect(await recoverStaleDeliveries(t.ctx)).toEqual({ resent: 0, requeued: 0, reminders: 1 });
    const [requeued] = await jobsWithKeyPrefix(t, key);
    expect(requeued).toMatchObject({ task_identifier: 'reminder', payload: { appointmentId: appointment.id, offsetMinutes: 1440 } });
    await runDueJobs(t);

    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:2030-06-06T16:00:00.000Z`);
    expect(reminder).toMatchObject({ status: 'SENT' });
    expect(messagesTo(appointment.phoneE164).filter((m) => String(m.content).includes('Recordatorio de Cita'))).toHaveLength(1);
    // Recovered once: the detached job is no longer under the key, so the next pass finds nothing.
    expect(await recoverStaleDeliveries(t.ctx)).toEqual({ resent: 0, requeued: 0, reminders: 0 });
  });
});
