/**
 * Rows one call already read for the message it is sending, handed down the path (sendReminder →
 * compose → the inline delivery's last look) so the same call does not read them again: the
 * tenant and its notification settings once per message instead of two and three times.
 *
 * Scope: one message, one function call, a few milliseconds. Never kept across messages or
 * requests (a settings change applies to the very next message), and never passed to a delivery
 * that runs later (the `deliver` job, a paced retry): those read everything again.
 */
import type { AppointmentWithDetails } from '../booking/appointments.repository.ts';
import type { Tenant } from '../tenancy/tenancy.tables.ts';
import type { NotificationSettingsRow } from './notifications.tables.ts';

export interface MessageReads {
  tenant?: Tenant;
  settings?: NotificationSettingsRow;
  /**
   * The appointment with its client as compose read them, inside the transaction that queued the
   * row. The inline delivery right after that commit may take its last look from these instead of
   * reading the same two rows again (see recheckWanted).
   */
  details?: AppointmentWithDetails;
}
