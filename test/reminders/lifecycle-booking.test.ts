/**
 * Booking through the API (DESIGN flows 3 and 4): the confirmation and the reminder jobs are
 * queued by the booking's own transaction, so they exist exactly when the appointment does, and
 * the worker delivers them to Chatwoot with nothing else to call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppHooks } from '../../src/context.ts';
import { lifecycleHooks } from '../../src/reminders/index.ts';
import { createTestContext } from '../helpers/context.ts';
import { chatwootThreadsOf, configureChatwoot, newPhone, startClinicChatwoot, UNPACED } from '../helpers/chatwoot-sandbox.ts';
import {
  appointmentNowStartsAt,
  deliverJobOf,
  frontDesk,
  jobsWithKeyPrefix,
  logByKey,
  logsOf,
  makeDue,
  minutesFromNow,
  reminderJobsOf,
  runDueJobs,
  setNotificationSettings,
} from './fixture.ts';

/** The production lifecycle hooks, plus a switch that makes the booking fail after they ran. */
let production: AppHooks;
let failAfterHooks = false;
const hooks: AppHooks = {
  async onAppointmentChange(tx, change) {
    await production.onAppointmentChange(tx, change);
    if (failAfterHooks) throw new Error('the booking failed after its messages were queued');
  },
};

const chatwoot = await startClinicChatwoot();
const t = await createTestContext({ env: { ...UNPACED }, hooks });
production = lifecycleHooks(t.ctx);
afterAll(async () => {
  await t.close();
  await chatwoot.sandbox.close();
});

const salon = await t.newTenant({ name: 'Estética Roma', timezone: 'America/Mexico_City' });
const desk = frontDesk(t, salon);

beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

describe('booking an appointment', () => {
  it('queues the confirmation (key confirmation:{id}:1) with its deliver job, and plans the 24 h and 2 h reminders', async () => {
    // 10:00 in Mexico City (UTC−6).
    const appointment = await desk.book('2030-01-15T16:00:00Z');

    const logs = await logsOf(t, salon.headers, appointment.id);
    expect(logs).toHaveLength(1);
    const [confirmation] = logs;
    expect(confirmation).toMatchObject({
      type: 'APPOINTMENT_CONFIRMATION',
      channel: 'CHATWOOT',
      status: 'QUEUED',
      idempotencyKey: `confirmation:${appointment.id}:1`,
      recipient: appointment.phoneE164,
      appointmentId: appointment.id,
    });
    expect(confirmation.message).toContain('Cita Confirmada');
    expect(confirmation.message).toContain('15 de enero de 2030');
    expect(await deliverJobOf(t, confirmation.id)).toMatchObject({ task_identifier: 'deliver', payload: { tenantId: salon.id, logId: confirmation.id } });

    expect(await reminderJobsOf(t, appointment.id)).toEqual([
      {
        task_identifier: 'reminder',
        key: `reminder:${appointment.id}:120`,
        run_at: new Date('2030-01-15T14:00:00Z'),
        payload: { tenantId: salon.id, appointmentId: appointment.id, offsetMinutes: 120, startTime: '2030-01-15T16:00:00.000Z' },
        attempts: 0,
      },
      {
        task_identifier: 'reminder',
        key: `reminder:${appointment.id}:1440`,
        run_at: new Date('2030-01-14T16:00:00Z'),
        payload: { tenantId: salon.id, appointmentId: appointment.id, offsetMinutes: 1440, startTime: '2030-01-15T16:00:00.000Z' },
        attempts: 0,
      },
    ]);
  });

  it('delivers the confirmation to the client in Chatwoot when the worker runs', async () => {
    const appointment = await desk.book('2030-01-16T16:00:00Z', { firstName: 'Beatriz', lastName: 'Ruiz' });

    await runDueJobs(t);

    const confirmation = await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`);
    expect(confirmation).toMatchObject({ status: 'SENT', provider: 'chatwoot', attempts: 1, errorCode: null });
    const { contacts, messages } = chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164);
    expect(contacts).toMatchObject([{ name: 'Beatriz Ruiz' }]);
    expect(messages).toHaveLength(1);
    expect(messages[0].content).toBe(confirmation.message);
    expect(messages[0].content).toContain('Hola Beatriz Ruiz, tu cita ha sido confirmada.');
    expect(confirmation.providerMessageId).toBe(String(messages[0].id));
    expect(await deliverJobOf(t, confirmation.id)).toBeUndefined();
  });

  it('confirming the same version sends no second confirmation, and keeps one job per reminder', async () => {
    const appointment = await desk.book('2030-01-17T16:00:00Z');
    await runDueJobs(t);

    await desk.confirm(appointment.id);
    await runDueJobs(t);

    const logs = await logsOf(t, salon.headers, appointment.id);
    expect(logs.map((l) => [l.idempotencyKey, l.status])).toEqual([[`confirmation:${appointment.id}:1`, 'SENT']]);
    expect(chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164).messages).toHaveLength(1);
    expect((await reminderJobsOf(t, appointment.id)).map((j) => [j.key, j.run_at.toISOString()])).toEqual([
      [`reminder:${appointment.id}:120`, '2030-01-17T14:00:00.000Z'],
      [`reminder:${appointment.id}:1440`, '2030-01-16T16:00:00.000Z'],
    ]);
  });

  it('confirming after a reminder fell due, while the worker is behind, does not skip that reminder', async () => {
    const appointment = await desk.book('2030-01-19T16:00:00Z');
    await runDueJobs(t);
    // The appointment is now 3 hours away: its 24 h reminder fell due 21 hours ago, and the
    // worker has not run it yet (its job is still there, overdue).
    const startsAt = minutesFromNow(180);
    await appointmentNowStartsAt(t, appointment.id, startsAt, 'overdue');

    await desk.confirm(appointment.id);
    await runDueJobs(t);

    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:${startsAt.toISOString()}`);
    expect(reminder).toMatchObject({ status: 'SENT', errorCode: null });
    expect(chatwootThreadsOf(chatwoot.sandbox, chatwoot.accountId, appointment.phoneE164).messages.map((m) => m.content)).toEqual([
      expect.stringContaining('Cita Confirmada'),
      expect.stringContaining('Recordatorio de Cita'),
    ]);
    expect((await reminderJobsOf(t, appointment.id)).map((j) => j.key)).toEqual([`reminder:${appointment.id}:120`]);
  });

  it('a booking that fails after its hooks ran leaves no appointment, no log row and no job', async () => {
    const api = desk.api;
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Rollback', phone: phone.written });
    const service = await api.newService();
    const jobsBefore = await jobsWithKeyPrefix(t, '');

    failAfterHooks = true;
    const res = await api.call('POST', '/api/appointments', { clientId: client.id, serviceId: service.id, startTime: '2030-01-18T16:00:00Z' });
    failAfterHooks = false;

    expect(res.statusCode).toBe(500);
    const listed = await api.call('GET', `/api/appointments?clientId=${client.id}`);
    expect(listed.json().data).toEqual([]);
    const logs = await t.app.inject({ method: 'GET', url: `/api/notifications/logs?clientId=${client.id}`, headers: salon.headers });
    expect(logs.json().data).toEqual([]);
    expect(await jobsWithKeyPrefix(t, '')).toEqual(jobsBefore);
  });

  it('a booking refused for an unknown service leaves no log row and no job', async () => {
    const api = desk.api;
    const client = await api.newClient({ firstName: 'Sin servicio', phone: newPhone().written });
    const jobsBefore = await jobsWithKeyPrefix(t, '');

    const res = await api.call('POST', '/api/appointments', {
      clientId: client.id,
      serviceId: '00000000-0000-4000-8000-000000000000',
      startTime: '2030-01-18T16:00:00Z',
    });

    expect(res.statusCode).toBe(404);
    const logs = await t.app.inject({ method: 'GET', url: `/api/notifications/logs?clientId=${client.id}`, headers: salon.headers });
    expect(logs.json().data).toEqual([]);
    expect(await jobsWithKeyPrefix(t, '')).toEqual(jobsBefore);
  });
});

describe('a reminder whose time has already passed at booking', () => {
  it('is recorded as SKIPPED with REMINDER_TIME_PASSED and gets no job, while the 2 h reminder is planned', async () => {
    const startTime = minutesFromNow(180);
    const appointment = await desk.book(startTime.toISOString());

    const skipped = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:${startTime.toISOString()}`);
    expect(skipped).toMatchObject({ type: 'APPOINTMENT_REMINDER', status: 'SKIPPED', errorCode: 'REMINDER_TIME_PASSED' });
    expect(skipped.errorMessage).toContain('1440-minute reminder');
    expect(await deliverJobOf(t, skipped.id)).toBeUndefined();

    const jobs = await reminderJobsOf(t, appointment.id);
    expect(jobs.map((j) => j.key)).toEqual([`reminder:${appointment.id}:120`]);
    expect(jobs[0].run_at).toEqual(new Date(startTime.getTime() - 120 * 60_000));
  });
});

describe('each trigger switch, when off, stops that kind of message', () => {
  /** A salon of its own, so a switch never affects another test. */
  async function salonWith(settings: Record<string, unknown>) {
    const tenant = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, tenant.headers, settings);
    return { tenant, desk: frontDesk(t, tenant) };
  }
  const typesOf = async (headers: { authorization: string }, appointmentId: string) =>
    (await logsOf(t, headers, appointmentId)).map((l) => l.type).sort();

  it('confirmationEnabled: false — booking and confirming queue no confirmation; reminders are still planned', async () => {
    const { tenant, desk } = await salonWith({ confirmationEnabled: false });
    const appointment = await desk.book('2030-02-01T16:00:00Z');
    await desk.confirm(appointment.id);

    expect(await typesOf(tenant.headers, appointment.id)).toEqual([]);
    expect((await reminderJobsOf(t, appointment.id)).map((j) => j.key)).toEqual([`reminder:${appointment.id}:120`, `reminder:${appointment.id}:1440`]);
  });

  it('cancellationEnabled: false — cancelling queues no cancellation, and still removes the reminders', async () => {
    const { tenant, desk } = await salonWith({ cancellationEnabled: false });
    const appointment = await desk.book('2030-02-01T16:00:00Z');
    await desk.cancel(appointment.id, 'Viaje');

    expect(await typesOf(tenant.headers, appointment.id)).toEqual(['APPOINTMENT_CONFIRMATION']);
    expect(await reminderJobsOf(t, appointment.id)).toEqual([]);
  });

  it('rescheduleEnabled: false — moving queues no reschedule notice, and still re-plans the reminders', async () => {
    const { tenant, desk } = await salonWith({ rescheduleEnabled: false });
    const appointment = await desk.book('2030-02-01T16:00:00Z');
    await desk.reschedule(appointment.id, '2030-02-03T16:00:00Z');

    expect(await typesOf(tenant.headers, appointment.id)).toEqual(['APPOINTMENT_CONFIRMATION']);
    expect((await reminderJobsOf(t, appointment.id)).map((j) => j.run_at.toISOString())).toEqual(['2030-02-03T14:00:00.000Z', '2030-02-02T16:00:00.000Z']);
  });

  it('reminderEnabled: false — no reminder job is planned, and a job planned before it was turned off sends nothing', async () => {
    const tenant = await t.newTenant({ timezone: 'America/Mexico_City' });
    const desk = frontDesk(t, tenant);
    const planned = await desk.book('2030-02-01T16:00:00Z');
    await setNotificationSettings(t, tenant.headers, { reminderEnabled: false });

    const unplanned = await desk.book('2030-02-01T16:00:00Z');
    expect(await reminderJobsOf(t, unplanned.id)).toEqual([]);

    await makeDue(t, `reminder:${planned.id}:1440`);
    await runDueJobs(t);
    expect(await typesOf(tenant.headers, planned.id)).toEqual(['APPOINTMENT_CONFIRMATION']);
    expect(await reminderJobsOf(t, planned.id)).toHaveLength(1); // the 120 one; the 1440 one ran and did nothing
  });

  it('feedbackEnabled: false (the default) — completing queues no feedback request', async () => {
    const { tenant, desk } = await salonWith({ feedbackEnabled: false, feedbackUrlTemplate: 'https://opina.example/{{ appointment.id }}' });
    const appointment = await desk.book('2030-02-01T16:00:00Z');
    await desk.complete(appointment.id);

    expect(await typesOf(tenant.headers, appointment.id)).toEqual(['APPOINTMENT_CONFIRMATION']);
    expect(await jobsWithKeyPrefix(t, `reminder:${appointment.id}:`)).toEqual([]);
  });
});
