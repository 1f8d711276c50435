/**
 * Quiet hours (PUT /api/settings/notifications quietHoursStart/End, in the tenant's local time):
 * a reminder due inside them is planned for the last allowed minute before they begin, and a
 * reminder or feedback request that comes up for delivery inside them waits for their end.
 *
 * "Now" is never faked: the delivery tests choose quiet hours around the real current time in
 * Mexico City (UTC−6 all year), so the worker finds itself inside them.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';
import { UNPACED } from '../helpers/chatwoot-sandbox.ts';
import { deliverJobOf, frontDesk, logByKey, makeDue, quietHoursAroundNow, reminderJobsOf, runDueJobs, setNotificationSettings } from './fixture.ts';

const t = await createTestContext({ env: { ...UNPACED } });
afterAll(() => t.close());

const dueTimes = async (appointmentId: string) =>
  Object.fromEntries((await reminderJobsOf(t, appointmentId)).map((j) => [j.payload.offsetMinutes, j.run_at.toISOString()]));

describe('planning around quiet hours', () => {
  it('a 2 h reminder due at 07:00, inside 21:00–08:00, is planned at 20:59 the evening before', async () => {
    const salon = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, salon.headers, { quietHoursStart: '21:00', quietHoursEnd: '08:00' });

    const appointment = await frontDesk(t, salon).book('2030-01-15T09:00:00-06:00');

    expect(await dueTimes(appointment.id)).toEqual({
      1440: '2030-01-14T15:00:00.000Z', // 09:00 the day before: allowed
      120: '2030-01-15T02:59:00.000Z', // 07:00 is quiet → 20:59 on the 14th
    });
  });

  it('both reminders of a 07:30 appointment move to the evenings before their quiet nights', async () => {
    const salon = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, salon.headers, { quietHoursStart: '21:00', quietHoursEnd: '08:00' });

    const appointment = await frontDesk(t, salon).book('2030-01-15T07:30:00-06:00');

    expect(await dueTimes(appointment.id)).toEqual({
      1440: '2030-01-14T02:59:00.000Z', // 07:30 on the 14th is quiet → 20:59 on the 13th
      120: '2030-01-15T02:59:00.000Z', // 05:30 on the 15th is quiet → 20:59 on the 14th
    });
  });

  it('in Madrid on the night clocks go forward, the last allowed minute is 21:59 CET', async () => {
    const salon = await t.newTenant({ timezone: 'Europe/Madrid' });
    await setNotificationSettings(t, salon.headers, { quietHoursStart: '22:00', quietHoursEnd: '08:00' });

    // 09:00 CEST on 2027-03-28, the morning after clocks went from 02:00 CET to 03:00 CEST.
    const appointment = await frontDesk(t, salon).book('2027-03-28T07:00:00Z');

    expect(await dueTimes(appointment.id)).toEqual({
      1440: '2027-03-27T08:00:00.000Z', // 09:00 CET on the 27th: allowed
      120: '2027-03-27T20:59:00.000Z', // 07:00 CEST is quiet → 21:59 CET on the 27th
    });
  });
});

describe('delivering during quiet hours', () => {
  it('a reminder that comes up inside quiet hours goes back to QUEUED (QUIET_HOURS) with its job at their end', async () => {
    const salon = await t.newTenant({ timezone: 'America/Mexico_City' });
    const appointment = await frontDesk(t, salon).book('2030-02-10T16:00:00Z');
    const quiet = quietHoursAroundNow();
    await setNotificationSettings(t, salon.headers, quiet.settings);

    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);

    const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:1440:2030-02-10T16:00:00.000Z`);
    expect(reminder).toMatchObject({
      status: 'QUEUED',
      errorCode: 'QUIET_HOURS',
      attempts: 0,
      sentAt: null,
      scheduledAt: quiet.endsAt.toISOString(),
    });
    expect(reminder.errorMessage).toContain(`${quiet.settings.quietHoursStart}–${quiet.settings.quietHoursEnd}`);
    expect(await deliverJobOf(t, reminder.id)).toMatchObject({ task_identifier: 'deliver', run_at: quiet.endsAt });
  });

  it('a feedback request that comes up inside quiet hours waits for their end too', async () => {
    const salon = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, salon.headers, { feedbackEnabled: true, feedbackDelayMinutes: 0 });
    const desk = frontDesk(t, salon);
    const appointment = await desk.book('2030-02-10T16:00:00Z');
    const quiet = quietHoursAroundNow();
    await setNotificationSettings(t, salon.headers, quiet.settings);

    await desk.complete(appointment.id);
    await runDueJobs(t);

    const feedback = await logByKey(t, salon.headers, appointment.id, `feedback:${appointment.id}`);
    expect(feedback).toMatchObject({ status: 'QUEUED', errorCode: 'QUIET_HOURS', attempts: 0, scheduledAt: quiet.endsAt.toISOString() });
    expect(await deliverJobOf(t, feedback.id)).toMatchObject({ task_identifier: 'deliver', run_at: quiet.endsAt });
  });

  it('a confirmation is not held back by quiet hours: it answers what the client just did', async () => {
    const salon = await t.newTenant({ timezone: 'America/Mexico_City' });
    await setNotificationSettings(t, salon.headers, quietHoursAroundNow().settings);
    const appointment = await frontDesk(t, salon).book('2030-02-11T16:00:00Z');

    await runDueJobs(t);

    // This salon has no channel configured: the confirmation was attempted (and failed), not deferred.
    const confirmation = await logByKey(t, salon.headers, appointment.id, `confirmation:${appointment.id}:1`);
    expect(confirmation).toMatchObject({ status: 'FAILED', errorCode: 'CONFIGURATION_MISSING' });
  });
});
