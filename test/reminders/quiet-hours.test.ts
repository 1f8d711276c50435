import { describe, expect, it } from 'vitest';
import { isQuiet, lastAllowedMinuteBefore, nextMidnight, quietEnd, type QuietHours } from '../../src/reminders/quiet-hours.ts';

/*
 * Expected instants are written by hand in UTC. Mexico City is UTC-6 all year, so local = Z − 6 h:
 * Fri 14 Nov 2025 21:00 local = Sat 15 Nov 03:00Z. DST facts (tzdata 2025c) are listed in
 * reminder-plan.test.ts: Madrid 2025-03-30 02:00 CET → 03:00 CEST and 2025-10-26 03:00 CEST → 02:00
 * CET, both at 01:00Z; Santiago 2025-09-07 00:00 -04 → 01:00 -03 at 04:00Z and 2025-04-06 00:00 -03
 * → 2025-04-05 23:00 -04 at 03:00Z.
 */
const MX = 'America/Mexico_City';
const SCL = 'America/Santiago';
const MAD = 'Europe/Madrid';
const overnight: QuietHours = { start: '21:00', end: '08:00' };
const lunch: QuietHours = { start: '13:00', end: '15:00' };
const at = (iso: string) => new Date(iso);

describe('isQuiet', () => {
  // [what, quiet hours, zone, instant, expected]
  const cases: Array<[string, QuietHours | null, string, string, boolean]> = [
    ['overnight: Fri 20:59 is allowed', overnight, MX, '2025-11-15T02:59:00Z', false],
    ['overnight: Fri 20:59:59.999 is allowed', overnight, MX, '2025-11-15T02:59:59.999Z', false],
    ['overnight: Fri 21:00 is quiet (start inclusive)', overnight, MX, '2025-11-15T03:00:00Z', true],
    ['overnight: Fri 23:59 is quiet', overnight, MX, '2025-11-15T05:59:00Z', true],
    ['overnight: Sat 00:00 is quiet', overnight, MX, '2025-11-15T06:00:00Z', true],
    ['overnight: Sat 02:00 is quiet', overnight, MX, '2025-11-15T08:00:00Z', true],
    ['overnight: Sat 07:59:59 is quiet', overnight, MX, '2025-11-15T13:59:59Z', true],
    ['overnight: Sat 08:00 is allowed (end exclusive)', overnight, MX, '2025-11-15T14:00:00Z', false],
    ['overnight: Sat 12:00 is allowed', overnight, MX, '2025-11-15T18:00:00Z', false],
    ['same-day: 12:59 is allowed', lunch, MX, '2025-11-15T18:59:00Z', false],
    ['same-day: 13:00 is quiet (start inclusive)', lunch, MX, '2025-11-15T19:00:00Z', true],
    ['same-day: 14:59:59 is quiet', lunch, MX, '2025-11-15T20:59:59Z', true],
    ['same-day: 15:00 is allowed (end exclusive)', lunch, MX, '2025-11-15T21:00:00Z', false],
    ['same-day: 02:00 is allowed', lunch, MX, '2025-11-15T08:00:00Z', false],
    ['00:00–06:00: Sat 00:00 is quiet', { start: '00:00', end: '06:00' }, MX, '2025-11-15T06:00:00Z', true],
    ['00:00–06:00: Fri 23:59 is allowed', { start: '00:00', end: '06:00' }, MX, '2025-11-15T05:59:00Z', false],
    ['22:00–00:00: Fri 23:59 is quiet', { start: '22:00', end: '00:00' }, MX, '2025-11-15T05:59:00Z', true],
    ['22:00–00:00: Sat 00:00 is allowed', { start: '22:00', end: '00:00' }, MX, '2025-11-15T06:00:00Z', false],
    ['null: never quiet', null, MX, '2025-11-15T08:00:00Z', false],
    ['start === end: never quiet', { start: '08:00', end: '08:00' }, MX, '2025-11-15T14:00:00Z', false],
    ['00:00–00:00: never quiet', { start: '00:00', end: '00:00' }, MX, '2025-11-15T06:00:00Z', false],
    // The local date differs from UTC's: 02:00Z Sat is Fri 20:00 local, allowed; 10:00Z is 04:00 local.
    ['Mexico City reads its own clock: 02:00Z is Fri 20:00', overnight, MX, '2025-11-15T02:00:00Z', false],
    ['Mexico City reads its own clock: 10:00Z is 04:00', overnight, MX, '2025-11-15T10:00:00Z', true],
    // Quiet hours follow the wall clock on DST days.
    ['Madrid, skipped 02:00–02:30: 01:59 CET is allowed', { start: '02:00', end: '02:30' }, MAD, '2025-03-30T00:59:00Z', false],
    ['Madrid, skipped 02:00–02:30: 03:00 CEST is allowed', { start: '02:00', end: '02:30' }, MAD, '2025-03-30T01:00:00Z', false],
    ['Madrid, repeated 02:00–02:30: 02:15 CEST is quiet', { start: '02:00', end: '02:30' }, MAD, '2025-10-26T00:15:00Z', true],
    ['Madrid, repeated 02:00–02:30: 02:45 CEST is allowed', { start: '02:00', end: '02:30' }, MAD, '2025-10-26T00:45:00Z', false],
    ['Madrid, repeated 02:00–02:30: 02:15 CET is quiet again', { start: '02:00', end: '02:30' }, MAD, '2025-10-26T01:15:00Z', true],
    ['Santiago: Sat 6 Sep 20:59 -04 is allowed', overnight, SCL, '2025-09-07T00:59:00Z', false],
    ['Santiago: Sun 7 Sep 01:00 -03 (right after the jump) is quiet', overnight, SCL, '2025-09-07T04:00:00Z', true],
  ];

  it.each(cases)('%s', (_what, quiet, zone, instant, expected) => {
    expect(isQuiet(at(instant), quiet, zone)).toBe(expected);
  });

  it('rejects malformed times and unknown zones', () => {
    expect(() => isQuiet(at('2025-11-15T08:00:00Z'), { start: '9:00', end: '17:00' }, MX)).toThrow(/start "9:00"/);
    expect(() => isQuiet(at('2025-11-15T08:00:00Z'), { start: '21:00', end: '24:00' }, MX)).toThrow(/end "24:00"/);
    expect(() => isQuiet(at('2025-11-15T08:00:00Z'), overnight, 'Mexico City')).toThrow(/Unknown time zone/);
  });
});

describe('lastAllowedMinuteBefore', () => {
  // [what, quiet hours, zone, instant, expected]
  const cases: Array<[string, QuietHours, string, string, string]> = [
    // The night of Fri 14 → Sat 15 Nov began Fri 21:00 local; 20:59 Fri = 02:59Z Sat.
    ['overnight: Sat 02:00 belongs to the night that began Fri 21:00 → Fri 20:59', overnight, MX, '2025-11-15T08:00:00Z', '2025-11-15T02:59:00Z'],
    ['overnight: Fri 22:30 → Fri 20:59', overnight, MX, '2025-11-15T04:30:00Z', '2025-11-15T02:59:00Z'],
    ['overnight: exactly Fri 21:00 → Fri 20:59', overnight, MX, '2025-11-15T03:00:00Z', '2025-11-15T02:59:00Z'],
    ['overnight: Sat 07:59 → Fri 20:59', overnight, MX, '2025-11-15T13:59:00Z', '2025-11-15T02:59:00Z'],
    ['overnight: Sat 21:00 starts a new night → Sat 20:59', overnight, MX, '2025-11-16T03:00:00Z', '2025-11-16T02:59:00Z'],
    ['same-day: 14:00 → 12:59', lunch, MX, '2025-11-15T20:00:00Z', '2025-11-15T18:59:00Z'],
    ['same-day: exactly 13:00 → 12:59', lunch, MX, '2025-11-15T19:00:00Z', '2025-11-15T18:59:00Z'],
    ['00:00–06:00: Sat 03:00 → Fri 23:59', { start: '00:00', end: '06:00' }, MX, '2025-11-15T09:00:00Z', '2025-11-15T05:59:00Z'],
    ['22:00–00:00: Fri 23:30 → Fri 21:59', { start: '22:00', end: '00:00' }, MX, '2025-11-15T05:30:00Z', '2025-11-15T03:59:00Z'],
    // Madrid, the night the clocks go back: began Sat 25 Oct 21:00 CEST (19:00Z).
    ['Madrid: Sun 26 Oct 02:30 CET → Sat 20:59 CEST', overnight, MAD, '2025-10-26T01:30:00Z', '2025-10-25T18:59:00Z'],
    // The night the clocks go forward: began Sat 29 Mar 21:00 CET (20:00Z).
    ['Madrid: Sun 30 Mar 05:00 CEST → Sat 20:59 CET', overnight, MAD, '2025-03-30T03:00:00Z', '2025-03-29T19:59:00Z'],
    // Quiet from 03:00, the first minute after the jump: the wall clock 02:59 does not exist; the
    // minute before 03:00 CEST (01:00Z) is 01:59 CET (00:59Z).
    ['Madrid: quiet from 03:00 on the jump day → 01:59 CET, the minute before', { start: '03:00', end: '08:00' }, MAD, '2025-03-30T03:00:00Z', '2025-03-30T00:59:00Z'],
    // Quiet from 02:00, which is skipped: the period begins at the jump (01:00Z) → 00:59Z.
    ['Madrid: quiet start skipped by the jump → the minute before the jump', { start: '02:00', end: '08:00' }, MAD, '2025-03-30T03:00:00Z', '2025-03-30T00:59:00Z'],
    // Santiago, the night midnight is skipped: began Sat 6 Sep 21:00 -04 (Sun 01:00Z).
    ['Santiago: Sun 7 Sep 02:00 -03 → Sat 20:59 -04', overnight, SCL, '2025-09-07T05:00:00Z', '2025-09-07T00:59:00Z'],
    // Santiago, 23:30 happens twice on Sat 5 Apr 2025 (02:30Z at -03, 03:30Z at -04). An instant in the
    // second pass (23:45 -04 = 03:45Z) gets the minute before the earlier 23:30: 23:29 -03 = 02:29Z.
    ['Santiago: repeated quiet start → the minute before its earlier occurrence', { start: '23:30', end: '07:00' }, SCL, '2025-04-06T03:45:00Z', '2025-04-06T02:29:00Z'],
  ];

  it.each(cases)('%s', (_what, quiet, zone, instant, expected) => {
    const result = lastAllowedMinuteBefore(at(instant), quiet, zone);
    expect(result.toISOString()).toBe(new Date(expected).toISOString());
    expect(isQuiet(result, quiet, zone)).toBe(false);
  });

  it('throws for an instant outside quiet hours, or without quiet hours', () => {
    expect(() => lastAllowedMinuteBefore(at('2025-11-15T18:00:00Z'), overnight, MX)).toThrow(/not inside quiet hours/);
    expect(() => lastAllowedMinuteBefore(at('2025-11-15T08:00:00Z'), null, MX)).toThrow(RangeError);
    expect(() => lastAllowedMinuteBefore(at('2025-11-15T08:00:00Z'), { start: '08:00', end: '08:00' }, MX)).toThrow(RangeError);
  });
});

describe('quietEnd', () => {
  // [what, quiet hours, zone, instant, expected]
  const cases: Array<[string, QuietHours, string, string, string]> = [
    ['overnight: Sat 02:00 → Sat 08:00', overnight, MX, '2025-11-15T08:00:00Z', '2025-11-15T14:00:00Z'],
    ['overnight: Fri 22:30 → Sat 08:00 (next local day)', overnight, MX, '2025-11-15T04:30:00Z', '2025-11-15T14:00:00Z'],
    ['overnight: exactly Fri 21:00 → Sat 08:00', overnight, MX, '2025-11-15T03:00:00Z', '2025-11-15T14:00:00Z'],
    ['overnight: Sat 07:59:59 → Sat 08:00', overnight, MX, '2025-11-15T13:59:59Z', '2025-11-15T14:00:00Z'],
    ['same-day: 14:00 → 15:00', lunch, MX, '2025-11-15T20:00:00Z', '2025-11-15T21:00:00Z'],
    ['22:00–00:00: Fri 23:30 → Sat 00:00', { start: '22:00', end: '00:00' }, MX, '2025-11-15T05:30:00Z', '2025-11-15T06:00:00Z'],
    // Madrid: Sat 29 Mar 22:00 CET (21:00Z) → Sun 08:00 CEST (06:00Z): 9 h later, not 10.
    ['Madrid: the short night ends 08:00 CEST', overnight, MAD, '2025-03-29T21:00:00Z', '2025-03-30T06:00:00Z'],
    // Sat 25 Oct 22:00 CEST (20:00Z) → Sun 08:00 CET (07:00Z): 11 h later, not 10.
    ['Madrid: the long night ends 08:00 CET', overnight, MAD, '2025-10-25T20:00:00Z', '2025-10-26T07:00:00Z'],
    // End 02:30 skipped (02:00 → 03:00 at 01:00Z): 01:30 CET (00:30Z) → the jump, 03:00 CEST = 01:00Z.
    ['Madrid: an end the clocks skip → the jump', { start: '01:00', end: '02:30' }, MAD, '2025-03-30T00:30:00Z', '2025-03-30T01:00:00Z'],
    // End 02:30 repeated: from 02:10 CEST (00:10Z) the first 02:30 (00:30Z); from 02:10 CET (01:10Z),
    // in the repeated hour, the second (01:30Z), not the first, which is already past.
    ['Madrid: a repeated end, first pass → first 02:30', { start: '01:00', end: '02:30' }, MAD, '2025-10-26T00:10:00Z', '2025-10-26T00:30:00Z'],
    ['Madrid: a repeated end, second pass → second 02:30', { start: '01:00', end: '02:30' }, MAD, '2025-10-26T01:10:00Z', '2025-10-26T01:30:00Z'],
    // Santiago: Sat 6 Sep 22:00 -04 (Sun 02:00Z) and Sun 02:00 -03 (05:00Z) → Sun 08:00 -03 (11:00Z).
    ['Santiago: evening before the jump → 08:00 -03', overnight, SCL, '2025-09-07T02:00:00Z', '2025-09-07T11:00:00Z'],
    ['Santiago: after the jump → 08:00 -03', overnight, SCL, '2025-09-07T05:00:00Z', '2025-09-07T11:00:00Z'],
  ];

  it.each(cases)('%s', (_what, quiet, zone, instant, expected) => {
    const result = quietEnd(at(instant), quiet, zone);
    expect(result.toISOString()).toBe(new Date(expected).toISOString());
    expect(isQuiet(result, quiet, zone)).toBe(false);
  });

  it('throws for an instant outside quiet hours', () => {
    expect(() => quietEnd(at('2025-11-15T14:00:00Z'), overnight, MX)).toThrow(/not inside quiet hours/);
    expect(() => quietEnd(at('2025-11-15T14:00:00Z'), null, MX)).toThrow(RangeError);
  });
});

describe('nextMidnight (when a local calendar day ends)', () => {
  // [what, zone, instant, expected]
  const cases: Array<[string, string, string, string]> = [
    ['Fri 20:59 → Sat 00:00', MX, '2025-11-15T02:59:00Z', '2025-11-15T06:00:00Z'],
    ['Fri 23:59:59.999 → Sat 00:00', MX, '2025-11-15T05:59:59.999Z', '2025-11-15T06:00:00Z'],
    ['exactly Sat 00:00 → Sun 00:00 (Saturday has just begun)', MX, '2025-11-15T06:00:00Z', '2025-11-16T06:00:00Z'],
    // Madrid's clocks go forward at 02:00, not at midnight: Sunday 30 Mar is 23 h long.
    ['Madrid: Sat 23:00 CET → Sun 00:00 CET', MAD, '2025-03-29T22:00:00Z', '2025-03-29T23:00:00Z'],
    ['Madrid: Sun 10:00 CEST → Mon 00:00 CEST', MAD, '2025-03-30T08:00:00Z', '2025-03-30T22:00:00Z'],
    // Santiago skips 00:00–01:00 on 7 Sep: Saturday ends at the jump (00:00 -04 = 04:00Z), whose wall clock reads 01:00 -03.
    ['Santiago: Sat 22:00 -04 → the jump', SCL, '2025-09-07T02:00:00Z', '2025-09-07T04:00:00Z'],
    // Santiago goes back from 24:00 -03 (03:00Z) to Sat 23:00 -04: Saturday is 25 h long and ends at 00:00 -04 (04:00Z).
    ['Santiago: Sat 22:00 -03 → Sun 00:00 -04', SCL, '2025-04-06T01:00:00Z', '2025-04-06T04:00:00Z'],
    ['Santiago: Sat 23:30 -04, the repeated hour → Sun 00:00 -04', SCL, '2025-04-06T03:30:00Z', '2025-04-06T04:00:00Z'],
    // Havana goes back from Sun 01:00 CDT (05:00Z) to 00:00 CST: Sunday 00:00 happens twice; Saturday ends at the first.
    ['Havana: Sat 22:00 CDT → Sun 00:00 CDT', 'America/Havana', '2025-11-02T02:00:00Z', '2025-11-02T04:00:00Z'],
    ['Havana: Sun 00:30 CST, the repeated hour → Mon 00:00 CST', 'America/Havana', '2025-11-02T05:30:00Z', '2025-11-03T05:00:00Z'],
  ];

  it.each(cases)('%s', (_what, zone, instant, expected) => {
    expect(nextMidnight(at(instant), zone).toISOString()).toBe(new Date(expected).toISOString());
  });
});

describe('quiet hours around every 2025–2026 DST change (sweep)', () => {
  const windows: Array<[string, string]> = [
    [SCL, '2025-04-04T00:00:00Z'],
    [SCL, '2025-09-05T00:00:00Z'],
    [SCL, '2026-04-03T00:00:00Z'],
    [SCL, '2026-09-04T00:00:00Z'],
    [MAD, '2025-03-28T00:00:00Z'],
    [MAD, '2025-10-24T00:00:00Z'],
    [MAD, '2026-03-27T00:00:00Z'],
    [MAD, '2026-10-23T00:00:00Z'],
  ];
  const settings: QuietHours[] = [overnight, lunch, { start: '00:00', end: '06:00' }, { start: '22:00', end: '00:30' }];

  it.each(windows)('%s from %s: the minute before is allowed and earlier, the end is allowed and later', (zone, from) => {
    for (const quiet of settings) {
      // Every 7 minutes for 4 days, so the sweep hits many minutes of the hour.
      for (let t = Date.parse(from); t < Date.parse(from) + 4 * 86_400_000; t += 7 * 60_000) {
        const instant = new Date(t);
        if (!isQuiet(instant, quiet, zone)) continue;
        const before = lastAllowedMinuteBefore(instant, quiet, zone);
        const end = quietEnd(instant, quiet, zone);
        const context = `${instant.toISOString()} ${quiet.start}–${quiet.end}`;
        expect(before.getTime(), context).toBeLessThan(t);
        expect(t - before.getTime(), context).toBeLessThanOrEqual(26 * 3_600_000);
        expect(isQuiet(before, quiet, zone), context).toBe(false);
        expect(before.getUTCSeconds(), context).toBe(0);
        expect(end.getTime(), context).toBeGreaterThan(t);
        expect(end.getTime() - t, context).toBeLessThanOrEqual(25 * 3_600_000);
        expect(isQuiet(end, quiet, zone), context).toBe(false);
      }
    }
  });
});
