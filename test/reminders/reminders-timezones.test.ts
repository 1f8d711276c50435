/**
 * Reminders are due in the tenant's timezone, never the server's (DESIGN flow 3): a 24-hour
 * reminder is "the same local time the day before", also across a DST switch (23 or 25 real
 * hours), a 2-hour one is exactly 2 hours; and the reminder's text says "hoy" / "mañana" / the
 * date as the tenant's clients read their calendar.
 *
 * Every expected instant below was worked out by hand from the zone's rules (tzdata 2025):
 *   America/Mexico_City  UTC−6 all year (no DST since 2022)
 *   America/Santiago     −03 in summer; 2027-04-04 00:00 −03 → 2027-04-03 23:00 −04 (clocks back),
 *                        2027-09-05 00:00 −04 → 01:00 −03 (clocks forward)
 *   Europe/Madrid        2027-03-28 02:00 CET (+1) → 03:00 CEST (+2); 2027-10-31 03:00 CEST → 02:00 CET
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';
import { UNPACED } from '../helpers/chatwoot-sandbox.ts';
import { addDays, fixedOffsetNow, frontDesk, logByKey, makeDue, reminderJobsOf, runDueJobs } from './fixture.ts';

const t = await createTestContext({ env: { ...UNPACED } });
afterAll(() => t.close());

/**
 * Books `startTime` for a new salon in `timezone`; runs its `offset` reminder now; returns the
 * planned run_at of each reminder job and the reminder's text (rendered even though this salon
 * has no channel configured: the log row keeps the message it could not deliver).
 */
async function bookAndRemind(timezone: string, startTime: string, offset: 1440 | 120) {
  const salon = await t.newTenant({ timezone });
  const appointment = await frontDesk(t, salon).book(startTime);
  const jobs = await reminderJobsOf(t, appointment.id);
  const dueAt = Object.fromEntries(jobs.map((j) => [j.payload.offsetMinutes, j.run_at.toISOString()]));
  await makeDue(t, `reminder:${appointment.id}:${offset}`);
  await runDueJobs(t);
  const reminder = await logByKey(t, salon.headers, appointment.id, `reminder:${appointment.id}:${offset}:${new Date(startTime).toISOString()}`);
  return { dueAt, text: reminder.message as string };
}

describe('when reminders are due, in the tenant timezone', () => {
  it.each([
    {
      name: 'Mexico City (no DST): 10:00 on 5 April, the day after Mexico used to switch — 24 h and 2 h before',
      zone: 'America/Mexico_City',
      start: '2027-04-05T16:00:00Z', // 10:00 −06
      day: '2027-04-04T16:00:00.000Z', // 10:00 −06 on the 4th
      twoHours: '2027-04-05T14:00:00.000Z',
      date: '5 de abril de 2027',
      time: '10:00 a.m.',
    },
    {
      name: 'Santiago, clocks set back that night: 10:00 −04 → 10:00 −03 the day before (25 h)',
      zone: 'America/Santiago',
      start: '2027-04-04T14:00:00Z', // 10:00 −04
      day: '2027-04-03T13:00:00.000Z', // 10:00 −03
      twoHours: '2027-04-04T12:00:00.000Z',
      date: '4 de abril de 2027',
      time: '10:00 a.m.',
    },
    {
      name: 'Santiago, clocks set forward that night: 10:00 −03 → 10:00 −04 the day before (23 h)',
      zone: 'America/Santiago',
      start: '2027-09-05T13:00:00Z', // 10:00 −03
      day: '2027-09-04T14:00:00.000Z', // 10:00 −04
      twoHours: '2027-09-05T11:00:00.000Z',
      date: '5 de septiembre de 2027',
      time: '10:00 a.m.',
    },
    {
      name: 'Santiago, 00:30 the day after clocks skipped 00:00–01:00: due at the jump, 01:00 −03',
      zone: 'America/Santiago',
      start: '2027-09-06T03:30:00Z', // 00:30 −03 on the 6th; 00:30 on the 5th never existed
      day: '2027-09-05T04:00:00.000Z', // 01:00 −03 = the instant of the jump
      twoHours: '2027-09-06T01:30:00.000Z',
      date: '6 de septiembre de 2027',
      time: '12:30 a.m.',
    },
    {
      name: 'Madrid, clocks set forward that night: 10:00 CEST → 10:00 CET the day before (23 h)',
      zone: 'Europe/Madrid',
      start: '2027-03-28T08:00:00Z', // 10:00 CEST
      day: '2027-03-27T09:00:00.000Z', // 10:00 CET
      twoHours: '2027-03-28T06:00:00.000Z',
      date: '28 de marzo de 2027',
      time: '10:00 a.m.',
    },
    {
      name: 'Madrid, the Monday after the switch: both in CEST, exactly 24 h',
      zone: 'Europe/Madrid',
      start: '2027-03-29T08:00:00Z', // 10:00 CEST
      day: '2027-03-28T08:00:00.000Z', // 10:00 CEST on the switch day
      twoHours: '2027-03-29T06:00:00.000Z',
      date: '29 de marzo de 2027',
      time: '10:00 a.m.',
    },
    {
      name: 'Madrid, clocks set back that night: 10:00 CET → 10:00 CEST the day before (25 h)',
      zone: 'Europe/Madrid',
      start: '2027-10-31T09:00:00Z', // 10:00 CET
      day: '2027-10-30T08:00:00.000Z', // 10:00 CEST
      twoHours: '2027-10-31T07:00:00.000Z',
      date: '31 de octubre de 2027',
      time: '10:00 a.m.',
    },
  ])('$name', async ({ zone, start, day, twoHours, date, time }) => {
    const { dueAt, text } = await bookAndRemind(zone, start, 1440);

    expect(dueAt).toEqual({ 1440: day, 120: twoHours });
    // Far from today, the reminder names the local date and time of the appointment.
    expect(text).toContain(`📅 ${date}\n⏱ ${time}\n`);
  });
});

describe('the reminder text, in the tenant timezone', () => {
  it('a 19:00 appointment in Mexico City (01:00 UTC the next day) reads as its local date and time', async () => {
    const { dueAt, text } = await bookAndRemind('America/Mexico_City', '2030-01-16T01:00:00Z', 1440);

    expect(dueAt).toEqual({ 1440: '2030-01-15T01:00:00.000Z', 120: '2030-01-15T23:00:00.000Z' });
    expect(text).toContain('📅 15 de enero de 2030\n⏱ 7:00 p.m.\n');
    expect(text).not.toContain('16 de enero');
  });

  it('says "mañana" for an appointment at 19:00 tomorrow in Mexico City', async () => {
    const tomorrow = addDays(fixedOffsetNow(-6).date, 1);
    // The 2 h reminder (17:00 tomorrow) is always still ahead, whatever the hour now.
    const { text } = await bookAndRemind('America/Mexico_City', `${tomorrow}T19:00:00-06:00`, 120);

    expect(text).toContain('📅 mañana\n⏱ 7:00 p.m.\n');
  });

  it('says "hoy" for an appointment at 23:00 today in the tenant timezone', async () => {
    // One of two zones 15 h apart always reads before 20:00 now, so 23:00 today and its 21:00
    // reminder are both still ahead there: Mexico City (UTC−6) or Tokyo (UTC+9), neither with DST.
    const mexico = fixedOffsetNow(-6);
    const [zone, offset, local] = mexico.minuteOfDay < 20 * 60 ? ['America/Mexico_City', '-06:00', mexico] : ['Asia/Tokyo', '+09:00', fixedOffsetNow(9)];
    expect(local.minuteOfDay).toBeLessThan(20 * 60);

    const { text } = await bookAndRemind(zone, `${local.date}T23:00:00${offset}`, 120);

    expect(text).toContain('📅 hoy\n⏱ 11:00 p.m.\n');
  });
});
