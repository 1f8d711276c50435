import { afterEach, describe, expect, it } from 'vitest';
import { planReminders, relativeDayKind, reminderDueTime, type QuietHours } from '../../src/reminders/reminder-plan.ts';

/*
 * Every expected instant is written by hand, in UTC, from the zones' rules (tzdata 2025c):
 * - America/Mexico_City: UTC-6 all year (no DST since 2022).
 * - America/Santiago: -03 in summer, -04 in winter. Clocks go back at local midnight starting the
 *   first Sunday of April (Sat 24:00 -03 → Sat 23:00 -04: 2025-04-06T03:00Z, 2026-04-05T03:00Z) and
 *   forward at local midnight starting the first Sunday of September (Sun 00:00 -04 → 01:00 -03:
 *   2025-09-07T04:00Z, 2026-09-06T04:00Z).
 * - Europe/Madrid: CET +01 / CEST +02, changing at 01:00Z on the last Sunday of March (02:00 → 03:00:
 *   2025-03-30, 2026-03-29) and of October (03:00 → 02:00: 2025-10-26, 2026-10-25).
 */
const MX = 'America/Mexico_City';
const SCL = 'America/Santiago';
const MAD = 'Europe/Madrid';
const at = (iso: string) => new Date(iso);

describe('reminderDueTime', () => {
  // [what, zone, appointment start (UTC), offset minutes, expected due (UTC)]
  const cases: Array<[string, string, string, number, string]> = [
    // Mexico City, 10:00 local = 16:00Z.
    ['Mexico City: 24 h before 10:00 is 10:00 the day before', MX, '2025-11-15T16:00:00Z', 1440, '2025-11-14T16:00:00Z'],
    ['Mexico City: 120 is two hours before', MX, '2025-11-15T16:00:00Z', 120, '2025-11-15T14:00:00Z'],
    ['Mexico City: 2 days (2880) before', MX, '2025-11-15T16:00:00Z', 2880, '2025-11-13T16:00:00Z'],
    ['Mexico City: 90 minutes is exact', MX, '2025-11-15T16:00:00Z', 90, '2025-11-15T14:30:00Z'],
    ['Mexico City: 2000 minutes (not whole days) is exact', MX, '2025-11-15T16:00:00Z', 2000, '2025-11-14T06:40:00Z'],
    ['Mexico City: seconds and ms are kept on whole-day offsets', MX, '2025-11-15T16:00:30.250Z', 1440, '2025-11-14T16:00:30.250Z'],
    // Local date differs from UTC: 19:00 on the 15th in Mexico City is 01:00Z on the 16th; the day
    // before is the local 14th at 19:00 = 01:00Z on the 15th.
    ['Mexico City 19:00 (01:00Z next UTC day): 24 h before', MX, '2025-11-16T01:00:00Z', 1440, '2025-11-15T01:00:00Z'],
    ['Mexico City 19:00: 120 before is 17:00 local', MX, '2025-11-16T01:00:00Z', 120, '2025-11-15T23:00:00Z'],
    // Mexico City used to have DST (last fall-back 2022-10-30); a 2025 summer date is still UTC-6.
    ['Mexico City in July: still UTC-6', MX, '2025-07-10T16:00:00Z', 1440, '2025-07-09T16:00:00Z'],

    // Santiago, April 2025 (back): Sun 6 Apr 10:00 -04 = 14:00Z; Sat 5 Apr 10:00 -03 = 13:00Z (25 h).
    ['Santiago, across the April 2025 change: 10:00 the day before', SCL, '2025-04-06T14:00:00Z', 1440, '2025-04-05T13:00:00Z'],
    // Santiago, September 2025 (forward): Sun 7 Sep 10:00 -03 = 13:00Z; Sat 6 Sep 10:00 -04 = 14:00Z (23 h).
    ['Santiago, across the September 2025 change: 10:00 the day before', SCL, '2025-09-07T13:00:00Z', 1440, '2025-09-06T14:00:00Z'],
    // Santiago, April 2026: Sun 5 Apr 10:00 -04 = 14:00Z; Sat 4 Apr 10:00 -03 = 13:00Z.
    ['Santiago, across the April 2026 change', SCL, '2026-04-05T14:00:00Z', 1440, '2026-04-04T13:00:00Z'],
    // Santiago, September 2026: Sun 6 Sep 10:00 -03 = 13:00Z; Sat 5 Sep 10:00 -04 = 14:00Z.
    ['Santiago, across the September 2026 change', SCL, '2026-09-06T13:00:00Z', 1440, '2026-09-05T14:00:00Z'],
    // Exact durations ignore the change: Sun 7 Sep 2025 01:30 -03 = 04:30Z; 120 → 02:30Z (Sat 22:30 -04).
    ['Santiago: 120 across the September change is exactly 2 h', SCL, '2025-09-07T04:30:00Z', 120, '2025-09-07T02:30:00Z'],
    // Sun 6 Apr 2025 00:30 -04 = 04:30Z; 120 → 02:30Z, which is Sat 23:30 -03 (the first 23:30).
    ['Santiago: 120 across the April change is exactly 2 h', SCL, '2025-04-06T04:30:00Z', 120, '2025-04-06T02:30:00Z'],
    // Gap: Mon 8 Sep 2025 00:30 -03 = 03:30Z; Sun 7 Sep 00:30 does not exist (00:00 → 01:00), so the
    // first valid instant after it: 01:00 -03 = 04:00Z.
    ['Santiago gap: day-before 00:30 does not exist → 01:00, the jump', SCL, '2025-09-08T03:30:00Z', 1440, '2025-09-07T04:00:00Z'],
    // Same for 2026: Mon 7 Sep 00:15 -03 = 03:15Z; Sun 6 Sep 00:15 missing → 01:00 -03 = 04:00Z.
    ['Santiago gap 2026', SCL, '2026-09-07T03:15:00Z', 1440, '2026-09-06T04:00:00Z'],
    // Overlap: Sun 6 Apr 2025 23:30 -04 = Mon 03:30Z; Sat 5 Apr 23:30 happens at 02:30Z (-03) and
    // 03:30Z (-04); the earlier one.
    ['Santiago overlap: repeated 23:30 → the earlier (-03) one', SCL, '2025-04-07T03:30:00Z', 1440, '2025-04-06T02:30:00Z'],
    // 2026: Sun 5 Apr 23:30 -04 = Mon 03:30Z; Sat 4 Apr 23:30 at 02:30Z (-03) or 03:30Z (-04).
    ['Santiago overlap 2026', SCL, '2026-04-06T03:30:00Z', 1440, '2026-04-05T02:30:00Z'],

    // Madrid, March 2025 (forward): Sun 30 Mar 10:00 CEST = 08:00Z; Sat 29 Mar 10:00 CET = 09:00Z.
    ['Madrid, across the March 2025 change', MAD, '2025-03-30T08:00:00Z', 1440, '2025-03-29T09:00:00Z'],
    // Madrid, October 2025 (back): Sun 26 Oct 10:00 CET = 09:00Z; Sat 25 Oct 10:00 CEST = 08:00Z.
    ['Madrid, across the October 2025 change', MAD, '2025-10-26T09:00:00Z', 1440, '2025-10-25T08:00:00Z'],
    ['Madrid, across the March 2026 change', MAD, '2026-03-29T08:00:00Z', 1440, '2026-03-28T09:00:00Z'],
    ['Madrid, across the October 2026 change', MAD, '2026-10-25T09:00:00Z', 1440, '2026-10-24T08:00:00Z'],
    // Two days across the change: Mon 31 Mar 10:00 CEST = 08:00Z; Sat 29 Mar 10:00 CET = 09:00Z (47 h).
    ['Madrid: 2880 across the March change is 10:00 two days before', MAD, '2025-03-31T08:00:00Z', 2880, '2025-03-29T09:00:00Z'],
    // Gap: Mon 31 Mar 02:30 CEST = 00:30Z; Sun 30 Mar 02:30 does not exist → 03:00 CEST = 01:00Z.
    ['Madrid gap: 02:30 does not exist → 03:00 CEST', MAD, '2025-03-31T00:30:00Z', 1440, '2025-03-30T01:00:00Z'],
    // Overlap: Mon 27 Oct 02:30 CET = 01:30Z; Sun 26 Oct 02:30 is 00:30Z (CEST) or 01:30Z (CET).
    ['Madrid overlap: repeated 02:30 → CEST, the earlier', MAD, '2025-10-27T01:30:00Z', 1440, '2025-10-26T00:30:00Z'],
    // An appointment in the repeated hour itself: Sun 26 Oct 02:30 CET (second pass) = 01:30Z; the
    // day before at 02:30 is CEST = 00:30Z on the 25th.
    ['Madrid: start in the repeated hour (second 02:30), day before', MAD, '2025-10-26T01:30:00Z', 1440, '2025-10-25T00:30:00Z'],
    // 60 minutes before that same start is exact: 00:30Z, which is the first 02:30 (CEST).
    ['Madrid: 60 before the second 02:30 is the first 02:30', MAD, '2025-10-26T01:30:00Z', 60, '2025-10-26T00:30:00Z'],

    // Offset 0 is a duration, not "0 days": the start itself, even in an overlap.
    ['offset 0 is the start itself, even in the repeated hour', MAD, '2025-10-26T01:30:00Z', 0, '2025-10-26T01:30:00Z'],
    // Negative whole days go forward in local days: Sat 29 Mar 10:00 CET = 09:00Z → Sun 10:00 CEST = 08:00Z.
    ['a negative whole-day offset is the same local time days later', MAD, '2025-03-29T09:00:00Z', -1440, '2025-03-30T08:00:00Z'],
  ];

  it.each(cases)('%s', (_what, zone, start, offset, expected) => {
    expect(reminderDueTime(at(start), offset, zone).toISOString()).toBe(at(expected).toISOString());
  });

  it('rejects a fractional offset, an invalid date and an unknown zone', () => {
    expect(() => reminderDueTime(at('2025-11-15T16:00:00Z'), 1.5, MX)).toThrow(RangeError);
    expect(() => reminderDueTime(new Date(Number.NaN), 1440, MX)).toThrow(RangeError);
    expect(() => reminderDueTime(at('2025-11-15T16:00:00Z'), 1440, 'Mars/Olympus_Mons')).toThrow(/Unknown time zone/);
    expect(() => reminderDueTime(at('2025-11-15T16:00:00Z'), 120, 'Mars/Olympus_Mons')).toThrow(/Unknown time zone/);
  });
});

describe('planReminders', () => {
  const overnight: QuietHours = { start: '21:00', end: '08:00' };
  const lunch: QuietHours = { start: '13:00', end: '15:00' };
  const plan = (start: string, offsets: number[], quietHours: QuietHours | null, now: string, timeZone = MX) =>
    planReminders({ startTime: at(start), offsets, timeZone, quietHours, now: at(now) }).map((r) => ({
      offset: r.offsetMinutes,
      dueAt: r.dueAt.toISOString(),
      moved: r.movedForQuietHours,
      skipped: r.skipped,
    }));

  it('the default [1440, 120] for a 10:00 appointment: 10:00 the day before and 08:00', () => {
    // Sat 15 Nov 2025 10:00 Mexico City = 16:00Z, booked a week earlier.
    expect(plan('2025-11-15T16:00:00Z', [1440, 120], overnight, '2025-11-08T16:00:00Z')).toEqual([
      { offset: 1440, dueAt: '2025-11-14T16:00:00.000Z', moved: false, skipped: null },
      // 08:00 local is the end of quiet hours, which is not quiet (end exclusive).
      { offset: 120, dueAt: '2025-11-15T14:00:00.000Z', moved: false, skipped: null },
    ]);
  });

  it('a due time inside overnight quiet hours moves to 20:59 the evening before', () => {
    // 08:30 local = 14:30Z; 120 before is 06:30 local, quiet → 20:59 Fri 14 Nov = 02:59Z Sat.
    expect(plan('2025-11-15T14:30:00Z', [1440, 120], overnight, '2025-11-08T16:00:00Z')).toEqual([
      { offset: 1440, dueAt: '2025-11-14T14:30:00.000Z', moved: false, skipped: null },
      { offset: 120, dueAt: '2025-11-15T02:59:00.000Z', moved: true, skipped: null },
    ]);
  });

  it('a due time exactly at quiet start moves; exactly at quiet end stays', () => {
    // 09:00 local = 15:00Z. 720 → Fri 21:00 local (quiet start, inclusive) → 20:59 = 02:59Z.
    // 60 → 08:00 local (quiet end, exclusive) → stays at 14:00Z.
    expect(plan('2025-11-15T15:00:00Z', [60, 720], overnight, '2025-11-08T16:00:00Z')).toEqual([
      { offset: 720, dueAt: '2025-11-15T02:59:00.000Z', moved: true, skipped: null },
      { offset: 60, dueAt: '2025-11-15T14:00:00.000Z', moved: false, skipped: null },
    ]);
  });

  it('same-day quiet hours 13:00–15:00: 14:00 moves to 12:59, 15:00 stays', () => {
    // 16:00 local = 22:00Z. 120 → 14:00 local, quiet → 12:59 = 18:59Z. 60 → 15:00 local = 21:00Z.
    // 180 → 13:00 local (start, inclusive) → 12:59 too.
    expect(plan('2025-11-15T22:00:00Z', [60, 120, 180], lunch, '2025-11-08T16:00:00Z')).toEqual([
      { offset: 180, dueAt: '2025-11-15T18:59:00.000Z', moved: true, skipped: null },
      { offset: 120, dueAt: '2025-11-15T18:59:00.000Z', moved: true, skipped: null },
      { offset: 60, dueAt: '2025-11-15T21:00:00.000Z', moved: false, skipped: null },
    ]);
  });

  it('two offsets that land on the same minute after moving are both kept, larger offset first', () => {
    // 09:00 local = 15:00Z. 120 → 07:00 and 600 → Fri 23:00, both quiet → Fri 20:59 = 02:59Z.
    expect(plan('2025-11-15T15:00:00Z', [120, 600], overnight, '2025-11-08T16:00:00Z')).toEqual([
      { offset: 600, dueAt: '2025-11-15T02:59:00.000Z', moved: true, skipped: null },
      { offset: 120, dueAt: '2025-11-15T02:59:00.000Z', moved: true, skipped: null },
    ]);
  });

  it('sorts by due time whatever the order of the offsets', () => {
    // 10:00 local = 16:00Z; no quiet hours.
    expect(plan('2025-11-15T16:00:00Z', [30, 2880, 120, 1440], null, '2025-11-01T00:00:00Z').map((r) => [r.offset, r.dueAt])).toEqual([
      [2880, '2025-11-13T16:00:00.000Z'],
      [1440, '2025-11-14T16:00:00.000Z'],
      [120, '2025-11-15T14:00:00.000Z'],
      [30, '2025-11-15T15:30:00.000Z'],
    ]);
  });

  it('a reminder whose time passed when the appointment is booked is PAST_DUE; the others are planned', () => {
    // 10:00 local Sat = 16:00Z, booked Fri 23:00 local (05:00Z Sat): the 24 h reminder was due 13 h ago.
    expect(plan('2025-11-15T16:00:00Z', [1440, 120], null, '2025-11-15T05:00:00Z')).toEqual([
      { offset: 1440, dueAt: '2025-11-14T16:00:00.000Z', moved: false, skipped: 'PAST_DUE' },
      { offset: 120, dueAt: '2025-11-15T14:00:00.000Z', moved: false, skipped: null },
    ]);
  });

  it('a due time equal to now is PAST_DUE; one millisecond later is planned', () => {
    expect(plan('2025-11-15T16:00:00Z', [120], null, '2025-11-15T14:00:00Z')[0].skipped).toBe('PAST_DUE');
    expect(plan('2025-11-15T16:00:00Z', [120], null, '2025-11-15T13:59:59.999Z')[0].skipped).toBeNull();
  });

  it('moving out of quiet hours can make a reminder PAST_DUE (booked at night for the next morning)', () => {
    // Booked Fri 22:00 local (04:00Z Sat) for Sat 09:00 (15:00Z): 120 → 07:00, quiet → Fri 20:59
    // (02:59Z), already past.
    expect(plan('2025-11-15T15:00:00Z', [120], overnight, '2025-11-15T04:00:00Z')).toEqual([
      { offset: 120, dueAt: '2025-11-15T02:59:00.000Z', moved: true, skipped: 'PAST_DUE' },
    ]);
  });

  it('guards against reminders at or after the start (offset 0 or negative): AFTER_START', () => {
    expect(plan('2025-11-15T16:00:00Z', [0, -60], null, '2025-11-08T00:00:00Z')).toEqual([
      { offset: 0, dueAt: '2025-11-15T16:00:00.000Z', moved: false, skipped: 'AFTER_START' },
      { offset: -60, dueAt: '2025-11-15T17:00:00.000Z', moved: false, skipped: 'AFTER_START' },
    ]);
    // Both past and after the start: PAST_DUE is checked first.
    expect(plan('2025-11-15T16:00:00Z', [0], null, '2025-11-15T17:00:00Z')[0].skipped).toBe('PAST_DUE');
  });

  it('no offsets, no reminders', () => {
    expect(plan('2025-11-15T16:00:00Z', [], overnight, '2025-11-08T00:00:00Z')).toEqual([]);
  });

  it('start === end means no quiet hours', () => {
    // 10:00 local; 120 → 08:00 local, 1440 → Fri 10:00: none moved with 08:00–08:00.
    const none = plan('2025-11-15T16:00:00Z', [1440, 120], { start: '08:00', end: '08:00' }, '2025-11-08T00:00:00Z');
    expect(none.map((r) => r.moved)).toEqual([false, false]);
  });

  it('Santiago across the September 2025 change, with overnight quiet hours', () => {
    // Sun 7 Sep 10:00 -03 = 13:00Z. 1440 → Sat 10:00 -04 = 14:00Z; 120 → 08:00 -03 = 11:00Z (quiet end).
    // 600 (exact 10 h) → 03:00Z = Sat 23:00 -04, quiet → Sat 20:59 -04 = Sun 00:59Z.
    expect(plan('2025-09-07T13:00:00Z', [1440, 600, 120], overnight, '2025-09-01T00:00:00Z', SCL)).toEqual([
      { offset: 1440, dueAt: '2025-09-06T14:00:00.000Z', moved: false, skipped: null },
      { offset: 600, dueAt: '2025-09-07T00:59:00.000Z', moved: true, skipped: null },
      { offset: 120, dueAt: '2025-09-07T11:00:00.000Z', moved: false, skipped: null },
    ]);
  });

  it('Madrid across the October 2025 change, with overnight quiet hours', () => {
    // Sun 26 Oct 09:00 CET = 08:00Z. 1440 → Sat 09:00 CEST = 07:00Z.
    // 120 → 06:00Z = 07:00 CET, quiet → Sat 20:59 CEST = 18:59Z.
    expect(plan('2025-10-26T08:00:00Z', [120, 1440], overnight, '2025-10-20T00:00:00Z', MAD)).toEqual([
      { offset: 1440, dueAt: '2025-10-25T07:00:00.000Z', moved: false, skipped: null },
      { offset: 120, dueAt: '2025-10-25T18:59:00.000Z', moved: true, skipped: null },
    ]);
  });

  it('rejects malformed quiet hours', () => {
    expect(() => plan('2025-11-15T16:00:00Z', [120], { start: '9:00', end: '08:00' }, '2025-11-08T00:00:00Z')).toThrow(/HH:MM/);
    expect(() => plan('2025-11-15T16:00:00Z', [120], { start: '21:00', end: '24:00' }, '2025-11-08T00:00:00Z')).toThrow(/HH:MM/);
  });
});

describe('relativeDayKind: by the tenant’s local calendar date', () => {
  // [what, zone, instant, now, expected]
  const cases: Array<[string, string, string, string, 'today' | 'tomorrow' | 'other']> = [
    // Sat 15 Nov 19:00 local (Sun 01:00Z) seen at Sat 09:00 local (15:00Z): same local day, although
    // the UTC dates differ.
    ['19:00 Mexico City seen the same morning is today (UTC says tomorrow)', MX, '2025-11-16T01:00:00Z', '2025-11-15T15:00:00Z', 'today'],
    // Seen at Fri 19:00 local (Sat 01:00Z): tomorrow, although the UTC dates differ by one as well.
    ['seen the evening before is tomorrow', MX, '2025-11-16T01:00:00Z', '2025-11-15T01:00:00Z', 'tomorrow'],
    // Sat 10:00 local (16:00Z) seen Fri 23:59 local (Sat 05:59Z): tomorrow (same UTC date).
    ['one minute before local midnight the next day is tomorrow (UTC says today)', MX, '2025-11-15T16:00:00Z', '2025-11-15T05:59:00Z', 'tomorrow'],
    // ...and at Sat 00:00 local (06:00Z) it is today.
    ['at local midnight it becomes today', MX, '2025-11-15T16:00:00Z', '2025-11-15T06:00:00Z', 'today'],
    ['two local days ahead is other', MX, '2025-11-15T16:00:00Z', '2025-11-13T16:00:00Z', 'other'],
    ['in the past is other', MX, '2025-11-14T16:00:00Z', '2025-11-15T16:00:00Z', 'other'],
    // Santiago, forward: Sun 7 Sep 01:30 -03 (04:30Z) seen Sat 23:30 -04 (03:30Z): tomorrow, one hour
    // of real time later.
    ['Santiago: across the skipped midnight is tomorrow', SCL, '2025-09-07T04:30:00Z', '2025-09-07T03:30:00Z', 'tomorrow'],
    // Santiago, back: Sat 5 Apr 23:30 -04 (second 23:30, 03:30Z Sun) seen Sat 10:00 -03 (13:00Z): today.
    ['Santiago: the repeated 23:30 is still today', SCL, '2025-04-06T03:30:00Z', '2025-04-05T13:00:00Z', 'today'],
    // Sun 6 Apr 00:30 -04 (04:30Z) seen Sat 23:30 -03 (02:30Z): tomorrow, two real hours later.
    ['Santiago: after the repeated hour is tomorrow', SCL, '2025-04-06T04:30:00Z', '2025-04-06T02:30:00Z', 'tomorrow'],
    // Madrid: Sun 30 Mar 10:00 CEST (08:00Z) seen Sat 29 Mar 10:00 CET (09:00Z), 23 h earlier.
    ['Madrid: the 23-hour day still counts as one day', MAD, '2025-03-30T08:00:00Z', '2025-03-29T09:00:00Z', 'tomorrow'],
  ];

  it.each(cases)('%s', (_what, zone, instant, now, expected) => {
    expect(relativeDayKind(at(instant), at(now), zone)).toBe(expected);
  });

  it('rejects an unknown zone instead of answering "other"', () => {
    expect(() => relativeDayKind(at('2025-11-15T16:00:00Z'), at('2025-11-15T06:00:00Z'), 'Not/AZone')).toThrow(/Unknown time zone/);
  });
});

describe("the machine's TZ changes nothing", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    // Node re-reads TZ when it is assigned; `delete` restores the system default.
    if (originalTz === undefined) delete process.env.TZ;
    else process.env.TZ = originalTz;
  });

  it('gives the same plans under UTC, Asia/Tokyo, America/Los_Angeles and Pacific/Chatham', () => {
    const sample = () => [
      reminderDueTime(at('2025-04-06T14:00:00Z'), 1440, SCL).toISOString(),
      reminderDueTime(at('2025-09-08T03:30:00Z'), 1440, SCL).toISOString(),
      reminderDueTime(at('2025-10-27T01:30:00Z'), 1440, MAD).toISOString(),
      reminderDueTime(at('2025-11-16T01:00:00Z'), 1440, MX).toISOString(),
      planReminders({
        startTime: at('2025-11-15T14:30:00Z'),
        offsets: [120, 1440],
        timeZone: MX,
        quietHours: { start: '21:00', end: '08:00' },
        now: at('2025-11-08T00:00:00Z'),
      }).map((r) => r.dueAt.toISOString()),
      relativeDayKind(at('2025-11-16T01:00:00Z'), at('2025-11-15T15:00:00Z'), MX),
    ];
    const expected = [
      '2025-04-05T13:00:00.000Z',
      '2025-09-07T04:00:00.000Z',
      '2025-10-26T00:30:00.000Z',
      '2025-11-15T01:00:00.000Z',
      ['2025-11-14T14:30:00.000Z', '2025-11-15T02:59:00.000Z'],
      'today',
    ];
    for (const machineTz of ['UTC', 'Asia/Tokyo', 'America/Los_Angeles', 'Pacific/Chatham']) {
      process.env.TZ = machineTz;
      // Proof the switch took effect, so the loop really tests four machine zones.
      expect(new Date('2025-11-15T00:00:00Z').getTimezoneOffset()).toBe(
        { UTC: 0, 'Asia/Tokyo': -540, 'America/Los_Angeles': 480, 'Pacific/Chatham': -825 }[machineTz],
      );
      expect(sample(), machineTz).toEqual(expected);
    }
  });
});
