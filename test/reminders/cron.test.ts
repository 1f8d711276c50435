/**
 * The seed's cron route, GET/POST /api/cron/send-reminders (Bearer CRON_SECRET): disabled without a
 * secret, and a sweep that sends reminders whose job was lost, answering with the seed's JSON.
 *
 * A lost job is made the way it happens: the appointment was booked days ago (its jobs were
 * planned), the jobs disappeared (a restore, a cleared queue), and time passed until the appointment
 * is 3 hours away. Time passing is the appointment's start moved closer in the data
 * (`appointmentNowStartsAt`); nothing is mocked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addJob } from '../../src/db/jobs.ts';
import { createTestContext } from '../helpers/context.ts';
import { chatwootThreadsOf, configureChatwoot, startClinicChatwoot, UNPACED } from '../helpers/chatwoot-sandbox.ts';
import { appointmentNowStartsAt, frontDesk, logsOf, minutesFromNow, reminderJobsOf, runDueJobs, type BookedAppointment } from './fixture.ts';

const CRON_SECRET = 'cron-secret-for-tests-0123456789';

const chatwoot = await startClinicChatwoot();
const t = await createTestContext({ env: { ...UNPACED, CRON_SECRET } });
const withoutSecret = await createTestContext({ env: { ...UNPACED } });
afterAll(async () => {
  await t.close();
  await withoutSecret.close();
  await chatwoot.sandbox.close();
});

const salon = await t.newTenant({ name: 'Estética Roma', timezone: 'America/Mexico_City' });
const desk = frontDesk(t, salon);
beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

const sweep = (headers: Record<string, string> = { authorization: `Bearer ${CRON_SECRET}` }, method: 'GET' | 'POST' = 'GET', app = t.app) =>
  app.inject({ method, url: '/api/cron/send-reminders', headers });

/** Books an appointment, loses its reminder jobs, and lets time pass until it starts in 3 hours. */
async function appointmentWithLostReminders(booking = desk): Promise<BookedAppointment & { startsAt: Date }> {
  const appointment = await booking.book('2030-05-10T16:00:00Z');
  expect(await reminderJobsOf(t, appointment.id)).toHaveLength(2);
  const startsAt = minutesFromNow(180);
  await appointmentNowStartsAt(t, appointment.id, startsAt, 'lost');
  expect(await reminderJobsOf(t, appointment.id)).toEqual([]);
  return { ...appointment, id: appointment.id, startsAt };
}

describe('who may call the cron route', () => {
  it.each([
    ['no Authorization header', {}],
    ['a wrong secret', { authorization: 'Bearer cron-secret-for-tests-WRONG' }],
    ['the secret with another scheme', { authorization: `Basic ${CRON_SECRET}` }],
    ['a prefix of the secret', { authorization: `Bearer ${CRON_SECRET.slice(0, 16)}` }],
  ])('%s gets 401', async (_name, headers) => {
    const res = await sweep(headers);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('Bearer <CRON_SECRET>') });
  });

  it('an API key is not the cron secret', async () => {
    const res = await sweep(salon.headers);
    expect(res.statusCode).toBe(401);
  });

  it('without CRON_SECRET configured the route is disabled: 404, even with a Bearer', async () => {
    for (const method of ['GET', 'POST'] as const) {
      const res = await sweep({ authorization: `Bearer ${CRON_SECRET}` }, method, withoutSecret.app);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'DISABLED', message: expect.stringContaining('set CRON_SECRET') });
    }
  });
});

describe('the sweep', () => {
  it('with nothing due answers the seed shape with zero processed', async () => {
    await desk.book('2030-05-01T16:00:00Z'); // reminders planned, none due
    const res = await sweep();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ success: true, processed: 0, sent: 0, failed: 0, details: [] });
  });

  it('sends a due reminder whose job was lost, once: a second call processes nothing', async () => {
    const appointment = await appointmentWithLostReminders();

    const first = await sweep();

    expect(first.statusCode).toBe(200);
    const logs = await logsOf(t, salon.headers, appointment.id);
    const reminder = logs.find((l) => l.type === 'APPOINTMENT_REMINDER');
    expect(first.json()).toEqual({
      success: true,
      processed: 1,
      sent: 1,
      failed: 0,
      details: [{ appointmentId: appointment.id, offsetMinutes: 1440, success: true, logId: reminder?.id }],
    });
    expect(reminder).toMatchObject({ idempotencyKey: `reminder:${appointment.id}:1440:${appointment.startsAt.toISOString()}`, status: 'SENT' });
    const texts = chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164).messages.map((m) => m.content ?? '');
    expect(texts.filter((m) => m.includes('Recordatorio de Cita'))).toHaveLength(1);

    // The 2 h reminder (due in an hour) is not due yet; the 24 h one is logged now.
    const second = await sweep(undefined, 'POST');
    expect(second.json()).toEqual({ success: true, processed: 0, sent: 0, failed: 0, details: [] });
    expect(chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164).messages.filter((m) => m.content?.includes('Recordatorio'))).toHaveLength(1);
  });

  it('a reminder the sweep sent is not sent again when its job turns up after all (invariant 2)', async () => {
    const appointment = await appointmentWithLostReminders();
    expect((await sweep()).json()).toMatchObject({ processed: 1, sent: 1 });

    // The job was only late, not lost: it runs now, for the same appointment time.
    const payload = { tenantId: salon.id, appointmentId: appointment.id, offsetMinutes: 1440, startTime: appointment.startsAt.toISOString() };
    await addJob(t.ctx.db, 'reminder', payload, { jobKey: `reminder:${appointment.id}:1440` });
    await runDueJobs(t);

    const reminders = (await logsOf(t, salon.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER');
    expect(reminders.map((l) => l.status)).toEqual(['SENT']);
    const texts = chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164).messages.map((m) => m.content ?? '');
    expect(texts.filter((m) => m.includes('Recordatorio de Cita'))).toHaveLength(1);
  });

  it('does not sweep the reminder of a cancelled appointment', async () => {
    const appointment = await appointmentWithLostReminders();
    await desk.cancel(appointment.id, 'Ya no puede venir');

    const res = await sweep();

    expect(res.json()).toEqual({ success: true, processed: 0, sent: 0, failed: 0, details: [] });
    expect((await logsOf(t, salon.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER')).toEqual([]);
  });

  it('reports a reminder that could not be sent as failed, with the reason', async () => {
    const other = await t.newTenant({ timezone: 'America/Mexico_City' }); // no channel configured
    const appointment = await appointmentWithLostReminders(frontDesk(t, other));

    const res = await sweep();

    const [reminder] = (await logsOf(t, other.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER');
    expect(reminder).toMatchObject({ status: 'FAILED', errorCode: 'CONFIGURATION_MISSING' });
    expect(res.json()).toEqual({
      success: true,
      processed: 1,
      sent: 0,
      failed: 1,
      details: [{ appointmentId: appointment.id, offsetMinutes: 1440, success: false, logId: reminder.id, error: reminder.errorMessage }],
    });
  });
});
