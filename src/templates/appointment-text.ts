import { AppError } from '../errors.ts';
import { resolveTemplateLocale } from './template-locale.ts';

/** How an appointment's time reads in a message. */
export interface AppointmentText {
  /** "15 de noviembre de 2025" / "November 15, 2025". */
  date: string;
  /** "10:00 a.m." / "10:00 AM" (whatever the locale's Intl short time is). */
  time: string;
  /** "15 de noviembre de 2025, 10:00 a.m." / "November 15, 2025 at 10:00 AM". */
  dateTime: string;
  /** "hoy" / "mañana" / the date (es); "today" / "tomorrow" / the date (en). */
  relativeDay: string;
}

/** Where the reader is: dates are shown in this zone and language, never the server's. */
export interface ReaderZone {
  /** IANA zone, e.g. America/Mexico_City. */
  timezone: string;
  /** BCP 47, e.g. es-MX; decides the date format and the words. */
  locale: string;
}

const words = {
  'es-MX': { today: 'hoy', tomorrow: 'mañana', dateTimeJoiner: ', ' },
  en: { today: 'today', tomorrow: 'tomorrow', dateTimeJoiner: ' at ' },
} as const;

/** The text of an instant in the reader's zone and language. */
export function appointmentTextAt(instant: Date, zone: ReaderZone, now: Date): AppointmentText {
  const date = format(instant, zone, { dateStyle: 'long' });
  const time = format(instant, zone, { timeStyle: 'short' });
  const word = words[resolveTemplateLocale(zone.locale)];
  // Calendar days in the reader's zone: "tomorrow" flips at their midnight, DST shifts included.
  const daysAway = calendarDay(instant, zone.timezone) - calendarDay(now, zone.timezone);
  const relativeDay = daysAway === 0 ? word.today : daysAway === 1 ? word.tomorrow : date;
  return { date, time, dateTime: joinDateTime(date, time, zone), relativeDay };
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The instant's calendar day in the zone, counted in days since 1970-01-01 (en-CA writes dates as 2026-12-06). */
function calendarDay(instant: Date, timezone: string): number {
  let formatter = dayFormatters.get(timezone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timezone, formatter);
  }
  const [year, month, day] = formatter.format(instant).split('-').map(Number);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/**
 * The text of an appointment whose date and time arrive already written (the seed's API takes
 * `appointmentDate: '15 de Noviembre, 2025'`, `appointmentTime: '10:00 AM'`, or 'mañana'): kept
 * verbatim. The written date is also the relative day, which is how the seed's reminder used it.
 */
export function appointmentTextAsWritten(date: string, time: string, zone: ReaderZone): AppointmentText {
  return { date, time, dateTime: joinDateTime(date, time, zone), relativeDay: date };
}

export const noAppointmentText: AppointmentText = { date: '', time: '', dateTime: '', relativeDay: '' };

/**
 * Zones already accepted: building an Intl.DateTimeFormat to test a zone costs ~0.1 ms, paid on
 * every message otherwise. The runtime's zone list does not change while it runs, and only zones
 * Intl accepted are added, so the set stays bounded by the IANA list.
 */
const knownTimezones = new Set<string>();

/** Throws a 400 naming the zone when it is not an IANA zone this runtime knows. */
export function assertKnownTimezone(timezone: string): void {
  if (knownTimezones.has(timezone)) return;
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
    knownTimezones.add(timezone);
  } catch {
    throw new AppError('VALIDATION_FAILED', `Unknown timezone "${timezone}"; use an IANA name such as America/Mexico_City`, {
      field: 'timezone',
    });
  }
}

function joinDateTime(date: string, time: string, zone: ReaderZone): string {
  return [date, time].filter(Boolean).join(words[resolveTemplateLocale(zone.locale)].dateTimeJoiner);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function format(instant: Date, zone: ReaderZone, style: Intl.DateTimeFormatOptions): string {
  const key = `${zone.locale}|${zone.timezone}|${style.dateStyle ?? ''}|${style.timeStyle ?? ''}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(zone.locale, { ...style, timeZone: zone.timezone });
    formatters.set(key, formatter);
  }
  // Recent ICU versions put no-break spaces in "10:00 a.m."; plain spaces survive every channel.
  return formatter.format(instant).replace(/[\u00A0\u202F]/g, ' ');
}
