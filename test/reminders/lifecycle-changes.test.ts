/**
 * Cancelling, moving and completing an appointment through the API (DESIGN flows 3 and 4,
 * invariant 5): what each change queues and removes, and what the worker then sends, or refuses
 * to send, to Chatwoot.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addJob } from '../../src/db/jobs.ts';
import { sendReminder } from '../../src/reminders/reminders.service.ts';
import { chatwootThreadsOf, configureChatwoot, clinicTestbed } from '../helpers/chatwoot-sandbox.ts';
import {
  deliverJobOf,
  frontDesk,
  logByKey,
  logsOf,
  makeDue,
  readAppointment,
  reminderJobsOf,
  runDueJobs,
  setNotificationSettings,
} from './fixture.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();
afterEach(() => sandbox.setFaults({}));

const salon = await t.newTenant({ name: 'Estética Roma', timezone: 'America/Mexico_City' });
const desk = frontDesk(t, salon);
const messagesTo = (phoneE164: string) => chatwootThreadsOf(sandbox, accountId, phoneE164).messages.map((m) => m.content as string);

beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

describe('cancelling an appointment', () => {
  it('removes its reminder jobs and queues a cancellation that carries the reason', async () => {
    const appointment = await desk.book('2030-03-05T16:00:00Z');
    expect(await reminderJobsOf(t, appointment.id)).toHaveLength(2);

    await desk.cancel(appointment.id, 'Viaje de trabajo');

    expect(await reminderJobsOf(t, appointment.id)).toEqual([]);
    const cancellation = await logByKey(t, salon.headers, appointment.id, `cancellation:${appointment.id}`);
    expect(cancellation).toMatchObject({ type: 'APPOINTMENT_CANCELLATION', status: 'QUEUED', recipient: appointment.phoneE164 });
    expect(cancellation.message).toContain('Cita Cancelada');
    expect(cancellation.message).toContain('📝 Motivo: Viaje de trabajo');
    expect(await deliverJobOf(t, cancellation.id)).toMatchObject({ task_identifier: 'deliver' });

    await runDueJobs(t);
    expect((await logByKey(t, salon.headers, appointment.id, `cancellation:${appointment.id}`)).status).toBe('SENT');
  });

  it('a confirmation still QUEUED when the appointment is cancelled ends CANCELLED and is never sent', async () => {
    const appointment = await desk.book('2030-03-06T16:00:00Z');
    await desk.cancel(appointment.id, 'Enfermedad');

    await runDueJobs(t);

    const confirmation = await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`);
    expect(confirmation).toMatchObject({ status: 'CANCELLED', errorCode: 'APPOINTMENT_CANCELLED', sentAt: null, providerMessageId: null });
    const sent = messagesTo(appointment.phoneE164);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Cita Cancelada');
    expect(sent[0]).toContain('Motivo: Enfermedad');
  });

  it('a reminder job that still runs after the cancellation sends nothing (invariant 5)', async () => {
    const appointment = await desk.book('2030-03-07T16:00:00Z');
    const [, dayBefore] = await reminderJobsOf(t, appointment.id);
    await desk.cancel(appointment.id);
    await runDueJobs(t);
    const before = messagesTo(appointment.phoneE164);

    // The job survived somehow (restored from a backup, a race with the cancel): it runs now.
    await addJob(t.ctx.db, 'reminder', dayBefore.payload, { jobKey: dayBefore.key });
    await runDueJobs(t);
    // And the task's own entry point, called directly.
    expect(await sendReminder(t.ctx, dayBefore.payload as never)).toBeNull();

    expect((await logsOf(t, salon.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER')).toEqual([]);
    expect(messagesTo(appointment.phoneE164)).toEqual(before);
    expect(await reminderJobsOf(t, appointment.id)).toEqual([]);
  });
});

describe('moving an appointment', () => {
  it('replaces the reminder jobs with ones at the new times and queues the notice reschedule:{id}:2', async () => {
    const appointment = await desk.book('2030-03-10T16:00:00Z');

    const moved = await desk.reschedule(appointment.id, '2030-03-12T18:30:00Z');

    expect(moved.version).toBe(2);
    expect(await reminderJobsOf(t, appointment.id)).toMatchObject([
      {
        key: `reminder:${appointment.id}:120`,
        run_at: new Date('2030-03-12T16:30:00Z'),
        payload: { offsetMinutes: 120, startTime: '2030-03-12T18:30:00.000Z' },
      },
      {
        key: `reminder:${appointment.id}:1440`,
        run_at: new Date('2030-03-11T18:30:00Z'),
        payload: { offsetMinutes: 1440, startTime: '2030-03-12T18:30:00.000Z' },
      },
    ]);
    const notice = await logByKey(t, salon.headers, appointment.id, `reschedule:${appointment.id}:2`);
    expect(notice).toMatchObject({ type: 'APPOINTMENT_RESCHEDULE', status: 'QUEUED' });
    expect(notice.message).toContain('Cita Reagendada');
    // 16:00Z was 10:00 in Mexico City; 18:30Z is 12:30.
    expect(notice.message).toContain('🗓 Antes: 10 de marzo de 2030, 10:00 a.m.');
    expect(notice.message).toContain('📅 Nueva fecha: 12 de marzo de 2030');
    expect(notice.message).toContain('⏰ Nueva hora: 12:30 p.m.');
  });

  it('the old confirmation still queued ends CANCELLED "APPOINTMENT_MOVED"; only the notice reaches the client', async () => {
    const appointment = await desk.book('2030-03-13T16:00:00Z');
    await desk.reschedule(appointment.id, '2030-03-14T16:00:00Z');

    await runDueJobs(t);

    const logs = await logsOf(t, salon.headers, appointment.id);
    expect(logs.map((l) => [l.idempotencyKey, l.status, l.errorCode])).toEqual([
      [`confirmation:${appointment.id}:1`, 'CANCELLED', 'APPOINTMENT_MOVED'],
      [`reschedule:${appointment.id}:2`, 'SENT', null],
    ]);
    const sent = messagesTo(appointment.phoneE164);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toContain('Cita Reagendada');
  });

  it('a reminder waiting for a retry when the appointment moves ends CANCELLED "APPOINTMENT_MOVED"', async () => {
    const appointment = await desk.book('2030-03-15T16:00:00Z');
    await runDueJobs(t); // the confirmation
    sandbox.setFaults({ outage: true });
    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);
    const waiting = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:2030-03-15T16:00:00.000Z`);
    expect(waiting).toMatchObject({ status: 'QUEUED', errorCode: 'CHATWOOT_SERVER_ERROR' });
    sandbox.setFaults({});

    await desk.reschedule(appointment.id, '2030-03-16T16:00:00Z');
    await makeDue(t, `deliver:${waiting.id}`);
    await runDueJobs(t);

    expect(await logByKey(t, salon.headers, appointment.id, waiting.idempotencyKey)).toMatchObject({
      status: 'CANCELLED',
      errorCode: 'APPOINTMENT_MOVED',
      sentAt: null,
    });
    expect(messagesTo(appointment.phoneE164).filter((m) => m.includes('Recordatorio'))).toEqual([]);
  });

  it('clears reminder_sent_at, and the new time gets its own reminder (the key includes the start time)', async () => {
    const appointment = await desk.book('2030-03-17T16:00:00Z');
    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).not.toBeNull();
    const oldPayload = { tenantId: salon.id, appointmentId: appointment.id, offsetMinutes: 1440, startTime: '2030-03-17T16:00:00.000Z' };

    await desk.reschedule(appointment.id, '2030-03-19T16:00:00Z');
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).toBeNull();

    // A job that still carries the old start time does nothing.
    expect(await sendReminder(t.ctx, oldPayload)).toBeNull();
    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);

    const reminders = (await logsOf(t, salon.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER');
    expect(reminders.map((l) => [l.idempotencyKey, l.status])).toEqual([
      [`reminder:${appointment.id}:1440:2030-03-17T16:00:00.000Z`, 'SENT'],
      [`reminder:${appointment.id}:1440:2030-03-19T16:00:00.000Z`, 'SENT'],
    ]);
    expect(reminders[0].message).toContain('17 de marzo de 2030');
    expect(reminders[1].message).toContain('19 de marzo de 2030');
    expect(messagesTo(appointment.phoneE164).filter((m) => m.includes('Recordatorio de Cita'))).toHaveLength(2);
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).not.toBeNull();
  });
});

describe('reminder_sent_at', () => {
  it('is set when a reminder is SENT', async () => {
    const appointment = await desk.book('2030-03-20T16:00:00Z');
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).toBeNull();
    const before = Date.now();

    await makeDue(t, `reminder:${appointment.id}:120`);
    await runDueJobs(t);

    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:120:2030-03-20T16:00:00.000Z`);
    expect(reminder.status).toBe('SENT');
    const { reminderSentAt } = await readAppointment(t, salon.headers, appointment.id);
    expect(new Date(reminderSentAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('stays empty while the reminder waits for a retry (Chatwoot down)', async () => {
    const appointment = await desk.book('2030-03-21T16:00:00Z');
    sandbox.setFaults({ outage: true });

    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);

    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:2030-03-21T16:00:00.000Z`);
    expect(reminder).toMatchObject({ status: 'QUEUED', errorCode: 'CHATWOOT_SERVER_ERROR' });
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).toBeNull();
  });

  it('stays empty when the reminder fails for good (Chatwoot refuses the token)', async () => {
    const other = await t.newTenant({ timezone: 'America/Mexico_City' });
    await configureChatwoot(t, other.headers, chatwoot.settings({ apiToken: 'not-the-real-token' }));
    const appointment = await frontDesk(t, other).book('2030-03-22T16:00:00Z');

    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);

    const reminder = await logByKey(t, other.headers, appointment.id, `reminder:${appointment.id}:1440:2030-03-22T16:00:00.000Z`);
    expect(reminder).toMatchObject({ status: 'FAILED', errorCode: 'CHATWOOT_UNAUTHORIZED' });
    expect((await readAppointment(t, other.headers, appointment.id)).reminderSentAt).toBeNull();
  });
});

describe('completing an appointment', () => {
  it('with feedback on, queues a FEEDBACK_REQUEST 120 minutes later with the rendered link, and drops the reminders', async () => {
    const tenant = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, tenant.headers, {
      feedbackEnabled: true,
      feedbackDelayMinutes: 120,
      feedbackUrlTemplate: 'https://opina.example/r/{{ appointment.id }}',
    });
    const tenantDesk = frontDesk(t, tenant);
    const appointment = await tenantDesk.book('2030-03-25T16:00:00Z');

    const completed = await tenantDesk.complete(appointment.id);

    const feedback = await logByKey(t, tenant.headers, appointment.id, `feedback:${appointment.id}`);
    const expectedAt = new Date(new Date(completed.completedAt).getTime() + 120 * 60_000);
    expect(feedback).toMatchObject({ type: 'FEEDBACK_REQUEST', status: 'QUEUED', scheduledAt: expectedAt.toISOString() });
    expect(feedback.message).toContain(`🔗 https://opina.example/r/${appointment.id}`);
    expect((await deliverJobOf(t, feedback.id))?.run_at).toEqual(expectedAt);
    expect(await reminderJobsOf(t, appointment.id)).toEqual([]);
  });
});
