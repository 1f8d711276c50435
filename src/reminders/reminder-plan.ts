/**
 * Reminder planning: when each of an appointment's reminders is due, in the tenant's timezone,
 * moved out of quiet hours. Pure functions; the caller schedules the jobs
 * (`reminder:{appointment}:{offset}`) and records skipped reminders as SKIPPED.
 */
import { tz } from '@date-fns/tz';
import { differenceInCalendarDays } from 'date-fns';
import { DAY_MS, instantAtWallClock, isQuiet, lastAllowedMinuteBefore, wallClockOf, type QuietHours } from './quiet-hours.ts';

export { isQuiet, lastAllowedMinuteBefore, quietEnd, type QuietHours } from './quiet-hours.ts';

const MINUTES_PER_DAY = 1440;

/**
 * When a reminder `offsetMinutes` before `startTime` is due, for a tenant in `timeZone`.
 *
 * - A whole number of days (a non-zero multiple of 1440) means "the same local wall-clock time that
 *   many calendar days earlier": a 1440 reminder for a 10:00 appointment goes out at 10:00 the day
 *   before, also when a DST change between them makes that 23 or 25 hours.
 * - Any other offset (120, 90, 0, …) is an exact duration: 120 = 2 hours before, whatever the clock
 *   does in between.
 * - DST, for whole-day offsets: if that wall-clock time does not exist on the earlier day (clocks set
 *   forward), the reminder is due at the first valid instant after it, the moment of the jump
 *   (Santiago 2025-09-07 00:30 → 01:00 -03); if it happens twice (clocks set back), at the earlier
 *   one (Santiago 2025-04-05 23:30 → the -03 one). See `instantAtWallClock`.
 *
 * @throws RangeError for an invalid date, a non-integer offset or an unknown zone.
 */
export function reminderDueTime(startTime: Date, offsetMinutes: number, timeZone: string): Date {
  const start = startTime.getTime();
  if (!Number.isFinite(start)) throw new RangeError('startTime is an invalid date');
  if (!Number.isInteger(offsetMinutes)) throw new RangeError(`Reminder offset ${offsetMinutes} is not a whole number of minutes`);
  if (offsetMinutes !== 0 && offsetMinutes % MINUTES_PER_DAY === 0) {
    const days = offsetMinutes / MINUTES_PER_DAY;
    return new Date(instantAtWallClock(wallClockOf(start, timeZone) - days * DAY_MS, timeZone));
  }
  // Validates the zone for exact offsets too, so a bad zone never passes silently.
  wallClockOf(start, timeZone);
  return new Date(start - offsetMinutes * 60_000);
}

export type ReminderSkipReason = 'PAST_DUE' | 'AFTER_START';

export interface PlannedReminder {
  offsetMinutes: number;
  /** When to send it: `reminderDueTime`, moved out of quiet hours. */
  dueAt: Date;
  /** True when the due time fell in quiet hours and was moved to the last allowed minute before them. */
  movedForQuietHours: boolean;
  /** Why it must not be scheduled (the caller records it as SKIPPED), or null to schedule it. */
  skipped: ReminderSkipReason | null;
}

export interface ReminderPlanInput {
  startTime: Date;
  /** Minutes before the appointment (tenant setting `reminderOffsets`, e.g. [1440, 120]). */
  offsets: readonly number[];
  /** The tenant's IANA zone. */
  timeZone: string;
  quietHours: QuietHours | null;
  /** When the plan is made (booking, confirmation or move). */
  now: Date;
}

/**
 * One entry per offset, sorted by `dueAt` (ties: larger offset first, then input order):
 * 1. due = `reminderDueTime(startTime, offset, timeZone)`;
 * 2. inside quiet hours → moved to `lastAllowedMinuteBefore` (never later: a reminder that would
 *    wake a client at 07:00 goes out the evening before instead);
 * 3. the (moved) due time <= `now` → skipped 'PAST_DUE'; else >= `startTime` → 'AFTER_START'
 *    (only for offsets <= 0; a guard, not a feature).
 * Two offsets that land on the same minute after moving are both kept: their job and idempotency
 * keys differ by offset, and dropping one would hide a setting the tenant chose.
 */
export function planReminders(input: ReminderPlanInput): PlannedReminder[] {
  const { startTime, offsets, timeZone, quietHours, now } = input;
  if (!Number.isFinite(now.getTime())) throw new RangeError('now is an invalid date');
  const planned = offsets.map((offsetMinutes): PlannedReminder => {
    const due = reminderDueTime(startTime, offsetMinutes, timeZone);
    const movedForQuietHours = isQuiet(due, quietHours, timeZone);
    const dueAt = movedForQuietHours ? lastAllowedMinuteBefore(due, quietHours, timeZone) : due;
    const skipped = dueAt.getTime() <= now.getTime() ? 'PAST_DUE' : dueAt.getTime() >= startTime.getTime() ? 'AFTER_START' : null;
    return { offsetMinutes, dueAt, movedForQuietHours, skipped };
  });
  // Array#sort is stable, so equal due times and offsets keep the input order.
  return planned.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || b.offsetMinutes - a.offsetMinutes);
}

/**
 * Whether `instant` is on the same local calendar date as `now` ('today'), the next one
 * ('tomorrow') or any other, in `timeZone`. Same computation as the templates' "hoy"/"mañana"
 * (`appointmentTextAt` in src/templates/appointment-text.ts, which is not exported), so a reminder
 * planned for "mañana" wording reads the same as the text that will be rendered.
 *
 * @throws RangeError for an unknown zone.
 */
export function relativeDayKind(instant: Date, now: Date, timeZone: string): 'today' | 'tomorrow' | 'other' {
  // tz() does not reject an unknown zone (it yields NaN, which would read as 'other'); this does.
  wallClockOf(now.getTime(), timeZone);
  wallClockOf(instant.getTime(), timeZone);
  const daysAway = differenceInCalendarDays(instant, now, { in: tz(timeZone) });
  return daysAway === 0 ? 'today' : daysAway === 1 ? 'tomorrow' : 'other';
}
