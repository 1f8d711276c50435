import {
  appointmentTextAsWritten,
  appointmentTextAt,
  assertKnownTimezone,
  noAppointmentText,
  type ReaderZone,
} from './appointment-text.ts';

type Text = string | null | undefined;

/**
 * The variables every template sees. Every field is present; what is unknown is "" (or null for
 * the one number), so nothing ever renders as "undefined" or "null".
 */
export interface TemplateContext {
  tenant: { name: string; timezone: string; locale: string };
  branch: { name: string; address: string; phone: string };
  client: { firstName: string; lastName: string; name: string };
  appointment: {
    id: string;
    date: string;
    time: string;
    dateTime: string;
    /** "hoy" / "mañana" / the date (en: "today" / "tomorrow" / the date). */
    relativeDay: string;
    previousDate: string;
    previousTime: string;
    previousDateTime: string;
    cancelReason: string;
  };
  service: { name: string; durationMinutes: number | null };
  professional: { name: string };
  feedbackUrl: string;
  /** Campaign or custom text. */
  message: string;
}

/** An appointment as stored (instants, formatted for the reader), or as seed-API callers write it. */
export type AppointmentInput = { id?: Text; cancelReason?: Text } & (
  | { startTime: Date; previousStartTime?: Date | null }
  | { date: string; time?: Text; previousDate?: Text; previousTime?: Text }
);

export interface TemplateContextInput {
  /** `timezone` (IANA) and `locale` decide how every date and time reads. */
  tenant: { name: string } & ReaderZone;
  branch?: { name?: Text; address?: Text; phone?: Text } | null;
  /** Either the parts or the full name (the seed's `clientName`). */
  client: { firstName?: Text; lastName?: Text; name?: Text };
  appointment?: AppointmentInput | null;
  service?: { name: string; durationMinutes?: number | null } | null;
  professional?: { name: string } | null;
  feedbackUrl?: Text;
  message?: Text;
}

/**
 * The template variables for one message. Dates are formatted in the tenant's IANA timezone and
 * locale (`now` decides "hoy"/"mañana"); strings that arrive pre-formatted are kept verbatim.
 *
 * @throws AppError VALIDATION_FAILED when the timezone is not a known IANA zone.
 */
export function buildTemplateContext(input: TemplateContextInput, now: Date = new Date()): TemplateContext {
  const { tenant, client, appointment } = input;
  assertKnownTimezone(tenant.timezone);
  const name = client.name || [client.firstName, client.lastName].filter(Boolean).join(' ');
  return {
    tenant: { name: tenant.name, timezone: tenant.timezone, locale: tenant.locale },
    branch: { name: input.branch?.name ?? '', address: input.branch?.address ?? '', phone: input.branch?.phone ?? '' },
    client: {
      // Seed callers send only the full name; its first word is the best first name we have.
      firstName: client.firstName || name.split(/\s+/)[0],
      lastName: client.lastName ?? '',
      name,
    },
    appointment: describeAppointment(appointment, tenant, now),
    service: { name: input.service?.name ?? '', durationMinutes: input.service?.durationMinutes ?? null },
    professional: { name: input.professional?.name ?? '' },
    feedbackUrl: input.feedbackUrl ?? '',
    message: input.message ?? '',
  };
}

function describeAppointment(
  appointment: AppointmentInput | null | undefined,
  zone: ReaderZone,
  now: Date,
): TemplateContext['appointment'] {
  if (!appointment) {
    return { ...noAppointmentText, id: '', previousDate: '', previousTime: '', previousDateTime: '', cancelReason: '' };
  }
  const [current, previous] =
    'startTime' in appointment
      ? [
          appointmentTextAt(appointment.startTime, zone, now),
          appointment.previousStartTime ? appointmentTextAt(appointment.previousStartTime, zone, now) : noAppointmentText,
        ]
      : [
          appointmentTextAsWritten(appointment.date, appointment.time ?? '', zone),
          appointmentTextAsWritten(appointment.previousDate ?? '', appointment.previousTime ?? '', zone),
        ];
  return {
    id: appointment.id ?? '',
    ...current,
    previousDate: previous.date,
    previousTime: previous.time,
    previousDateTime: previous.dateTime,
    cancelReason: appointment.cancelReason ?? '',
  };
}
