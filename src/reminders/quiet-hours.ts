/**
 * Quiet hours, and the wall-clock arithmetic in a tenant's IANA zone that reminders and deliveries share.
 *
 * Everything here is pure and independent of the machine's TZ: local times are read with
 * `Intl.DateTimeFormat` in the zone given, never with `Date#getHours()`.
 *
 * A "wall clock" below is a number of milliseconds whose UTC reading IS the local reading in the
 * zone (2025-11-15 10:00 in Mexico City ↦ Date.UTC(2025, 10, 15, 10, 0)). Wall-clock days are all
 * exactly 24 h long, so "same local time N days earlier" is `wall - N * DAY_MS`; only turning a wall
 * clock back into an instant needs the zone's rules, in `instantAtWallClock`.
 */

/** Quiet hours in the tenant's local time, 24-hour "HH:MM". `start > end` spans midnight; `start === end` means none. */
export interface QuietHours {
  start: string;
  end: string;
}

const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Wall clock in a zone
// ---------------------------------------------------------------------------------------------

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    try {
      formatter = new Intl.DateTimeFormat('en-US', {
        timeZone,
        // h23, not hour12: false, which writes midnight as "24" on some ICU versions.
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new RangeError(`Unknown time zone "${timeZone}"; use an IANA name such as America/Mexico_City`);
    }
    // Only zones Intl accepted are cached, so the map is bounded by the IANA list.
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** @internal The local wall clock of `instant` (epoch ms) in `timeZone`, as a wall-clock number (see top). */
export function wallClockOf(instant: number, timeZone: string): number {
  if (!Number.isFinite(instant)) throw new RangeError('Invalid date');
  const fields: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  // Intl shows whole seconds; the milliseconds are the same in every zone.
  const ms = ((instant % 1000) + 1000) % 1000;
  return Date.UTC(fields.year, fields.month - 1, fields.day, fields.hour, fields.minute, fields.second, ms);
}

const timeOfDay = (wall: number) => ((wall % DAY_MS) + DAY_MS) % DAY_MS;
const localMidnight = (wall: number) => wall - timeOfDay(wall);

/** The zone's UTC offset at `instant`, in ms (Mexico City: -6 h). */
function offsetAt(instant: number, timeZone: string): number {
  return wallClockOf(instant, timeZone) - instant;
}

/**
 * @internal Every instant whose local wall clock in `timeZone` reads `wall`, ascending: one normally,
 * two in a DST overlap (clocks set back: earlier = before the change), none in a DST gap (clocks
 * set forward), in which case `gapEnd` is the instant the clocks jumped, the first instant whose
 * wall clock is later than `wall`. Assumes at most one offset change within a day of `wall`, which
 * holds for every zone in current tzdata.
 */
export function wallClockInstants(wall: number, timeZone: string): { instants: number[]; gapEnd: number | null } {
  const before = offsetAt(wall - DAY_MS, timeZone);
  const after = offsetAt(wall + DAY_MS, timeZone);
  const instants = [...new Set([wall - before, wall - after])]
    .filter((instant) => offsetAt(instant, timeZone) === wall - instant)
    .sort((a, b) => a - b);
  if (instants.length > 0 || after <= before) return { instants, gapEnd: null };
  // A gap: at `wall - after` the old offset still applies (else `wall` would exist), at
  // `wall - before` the new one does. Bisect to the millisecond the offset changes.
  let lo = wall - after;
  let hi = wall - before;
  while (hi - lo > 1) {
    const mid = lo + Math.floor((hi - lo) / 2);
    if (offsetAt(mid, timeZone) === before) lo = mid;
    else hi = mid;
  }
  return { instants, gapEnd: hi };
}

/**
 * @internal The instant a local wall clock stands for in `timeZone`, with the DST rules every
 * reminder computation uses:
 * - a wall clock that does not exist that day (DST gap, clocks set forward) gives the first valid
 *   instant after it, the moment of the jump: Madrid 2025-03-30 02:30 → 03:00 CEST. (This is NOT
 *   what `new Date(...)`/`TZDate` do; they shift by the gap's length, giving 03:30.)
 * - a wall clock that happens twice (DST overlap, clocks set back) gives the earlier instant:
 *   Madrid 2025-10-26 02:30 → 02:30 CEST (00:30Z), not 02:30 CET (01:30Z). Earlier is the safe
 *   side for a reminder: it still goes out before the appointment.
 */
export function instantAtWallClock(wall: number, timeZone: string): number {
  const { instants, gapEnd } = wallClockInstants(wall, timeZone);
  return instants[0] ?? (gapEnd as number);
}

/**
 * The first instant after `after` whose local wall clock reads `wall`: in an overlap, the
 * occurrence still ahead; in a gap, the jump. `wall` must be later than `after`'s wall clock.
 */
function nextInstantAtWallClock(wall: number, after: Date, timeZone: string): Date {
  const { instants, gapEnd } = wallClockInstants(wall, timeZone);
  const next = instants.find((candidate) => candidate > after.getTime()) ?? gapEnd;
  if (next === null) throw new Error(`no ${new Date(wall).toISOString().slice(0, 16)} (wall clock) after ${after.toISOString()} in ${timeZone}`);
  return new Date(next);
}

/**
 * When the local calendar day of `instant` ends in `timeZone`: the next 00:00 on its clocks; the
 * jump when they skip midnight (Santiago 2025-09-07 00:00 −04 → 01:00 −03); the first 00:00 when
 * it happens twice (Havana 2025-11-02 01:00 CDT → 00:00 CST).
 */
export function nextMidnight(instant: Date, timeZone: string): Date {
  return nextInstantAtWallClock(localMidnight(wallClockOf(instant.getTime(), timeZone)) + DAY_MS, instant, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Quiet hours
// ---------------------------------------------------------------------------------------------

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutesOf(hhmm: string, field: 'start' | 'end'): number {
  const match = HHMM.exec(hhmm);
  if (!match) throw new RangeError(`Quiet hours ${field} "${hhmm}" is not a 24-hour "HH:MM" time, e.g. "21:00"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** Start and end in ms after local midnight, or null when there are no quiet hours. */
function parseQuietHours(quiet: QuietHours | null): { start: number; end: number } | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start, 'start') * MINUTE_MS;
  const end = minutesOf(quiet.end, 'end') * MINUTE_MS;
  return start === end ? null : { start, end };
}

function within(time: number, { start, end }: { start: number; end: number }): boolean {
  return start < end ? time >= start && time < end : time >= start || time < end;
}

/**
 * Whether `instant` falls in the tenant's quiet hours: its local wall clock in `timeZone` is in
 * [start, end) (start inclusive, end exclusive; 21:00–08:00 wraps midnight). Quiet hours are wall
 * clock times, so on a DST change they follow the clock: a stretch the clocks skip is never quiet,
 * a stretch they repeat is quiet both times. `null` or `start === end` means no quiet hours.
 *
 * @throws RangeError for a malformed "HH:MM" or an unknown zone.
 */
export function isQuiet(instant: Date, quiet: QuietHours | null, timeZone: string): boolean {
  const hours = parseQuietHours(quiet);
  const wall = wallClockOf(instant.getTime(), timeZone);
  return hours !== null && within(timeOfDay(wall), hours);
}

/** The parsed quiet hours and the instant's wall clock; throws unless the instant is quiet. */
function quietPeriodOf(instant: Date, quiet: QuietHours | null, timeZone: string) {
  const hours = parseQuietHours(quiet);
  const wall = wallClockOf(instant.getTime(), timeZone);
  if (!hours || !within(timeOfDay(wall), hours)) {
    throw new RangeError(`${instant.toISOString()} is not inside quiet hours ${quiet ? `${quiet.start}–${quiet.end}` : '(none)'} in ${timeZone}`);
  }
  // The local date the period began: for 21:00–08:00, an instant before 08:00 belongs to the
  // night that started the previous evening.
  const startedPreviousDay = hours.start > hours.end && timeOfDay(wall) < hours.end;
  const periodDate = localMidnight(wall) - (startedPreviousDay ? DAY_MS : 0);
  return { hours, periodDate };
}

/**
 * For an instant inside quiet hours: the last allowed minute before that quiet period began, i.e.
 * one minute before the instant the local clock showed `start` on the local date the period started.
 * Overnight periods belong to the evening they start: 02:00 inside 21:00–08:00 gives 20:59 of the
 * previous local day.
 *
 * It is "one minute before the start instant" rather than "the wall clock start − 1 min", which only
 * differ when a DST change falls in that minute: for 03:00–08:00 in Madrid on 2025-03-30, the wall
 * clock 02:59 does not exist; the minute before 03:00 CEST is 01:59 CET. The start itself follows the
 * `instantAtWallClock` rules (a skipped start → the jump; a repeated start → the earlier one).
 *
 * @throws RangeError when `instant` is not inside quiet hours (check `isQuiet` first).
 */
export function lastAllowedMinuteBefore(instant: Date, quiet: QuietHours | null, timeZone: string): Date {
  const { hours, periodDate } = quietPeriodOf(instant, quiet, timeZone);
  return new Date(instantAtWallClock(periodDate + hours.start, timeZone) - MINUTE_MS);
}

/**
 * For an instant inside quiet hours: when that quiet period ends, the next time after `instant`
 * the local clock shows `end` (same local date for 13:00–15:00; for 21:00–08:00, the next morning
 * when the instant is in the evening part). If that `end` is skipped by a DST jump, the period ends
 * at the jump; if it happens twice, at its first occurrence after `instant`.
 *
 * @throws RangeError when `instant` is not inside quiet hours (check `isQuiet` first).
 */
export function quietEnd(instant: Date, quiet: QuietHours | null, timeZone: string): Date {
  const { hours, periodDate } = quietPeriodOf(instant, quiet, timeZone);
  const endDate = hours.start > hours.end ? periodDate + DAY_MS : periodDate;
  // In an overlap the earlier `end` can precede an instant in the repeated hour; take the next one.
  return nextInstantAtWallClock(endDate + hours.end, instant, timeZone);
}
