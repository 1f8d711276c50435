/**
 * The last look before a message leaves: a booking or a client may have changed since it was
 * queued, and the hour may be a quiet one. Returns why it must not go out now, or null to send it.
 */
import { findAppointment, findClient } from '../booking/index.ts';
import type { AppContext } from '../context.ts';
import { isQuiet, quietEnd } from '../reminders/quiet-hours.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import type { LogMetadata } from './deliver.ts';
import type { MessageReads } from './message-reads.ts';
import type { NotificationLogRow } from './notifications.tables.ts';
import { getNotificationSettings } from './settings.service.ts';

export type Verdict =
  | { status: 'CANCELLED' | 'SKIPPED' | 'FAILED'; code: string; reason: string }
  | { status: 'DEFERRED'; until: Date; code: string; reason: string };

/** Messages about a specific booking time: they are wrong once the time moved or the booking was cancelled. */
const aboutTheBookingTime = new Set(['APPOINTMENT_CONFIRMATION', 'APPOINTMENT_REMINDER', 'APPOINTMENT_RESCHEDULE']);
/** Messages that can wait for the morning; a confirmation or cancellation answers what the client just did. */
const respectsQuietHours = new Set(['APPOINTMENT_REMINDER', 'FEEDBACK_REQUEST', 'PROMOTION']);

/**
 * `reads` (message-reads.ts): rows the same call read when it composed this row, a few
 * milliseconds and one commit ago (an inline send). They are used instead of reading the same rows
 * again: a change committed in those milliseconds is no different from one committed just after
 * this look, which no look can catch either. What this look is for, a change between queueing
 * and a later delivery (a job, a retry, quiet hours), always reads again, as that caller passes nothing.
 */
export async function recheckWanted(ctx: AppContext, row: NotificationLogRow, now = new Date(), reads: MessageReads = {}): Promise<Verdict | null> {
  if (row.deadlineAt && row.deadlineAt.getTime() <= now.getTime()) {
    return { status: 'FAILED', code: 'DEADLINE_PASSED', reason: `Not sent before its deadline (${row.deadlineAt.toISOString()})` };
  }
  const composed = reads.details && reads.details.appointment.tenantId === row.tenantId ? reads.details : undefined;
  if (row.clientId) {
    const client = composed?.client.id === row.clientId ? composed.client : await findClient(ctx, row.tenantId, row.clientId);
    if (!client || !client.active) return { status: 'SKIPPED', code: 'CLIENT_INACTIVE', reason: 'The client is inactive or was removed' };
    // Consent: a client who opted out (STOP, BAJA) gets nothing more, and marketing needs consent.
    if (client.optedOutAt) return { status: 'SKIPPED', code: 'OPTED_OUT', reason: `The client opted out on ${client.optedOutAt.toISOString()}` };
    if (row.type === 'PROMOTION' && !client.marketingConsent) {
      return { status: 'SKIPPED', code: 'NO_MARKETING_CONSENT', reason: 'The client has not agreed to receive marketing' };
    }
  }
  if (row.appointmentId && aboutTheBookingTime.has(row.type)) {
    const appointment = composed?.appointment.id === row.appointmentId ? composed.appointment : await findAppointment(ctx, row.tenantId, row.appointmentId);
    // Invariant 5: nothing about a cancelled or moved appointment goes out.
    if (!appointment || appointment.status === 'CANCELLED') {
      return { status: 'CANCELLED', code: 'APPOINTMENT_CANCELLED', reason: 'The appointment was cancelled' };
    }
    const version = (row.metadata as LogMetadata).appointmentVersion;
    if (version !== undefined && version !== appointment.version) {
      return { status: 'CANCELLED', code: 'APPOINTMENT_MOVED', reason: 'The appointment was moved after this message was queued' };
    }
  }
  if (respectsQuietHours.has(row.type)) return quietHoursVerdict(ctx, row, now, reads);
  return null;
}

async function quietHoursVerdict(ctx: AppContext, row: NotificationLogRow, now: Date, reads: MessageReads): Promise<Verdict | null> {
  const settings = reads.settings?.tenantId === row.tenantId ? reads.settings : await getNotificationSettings(ctx.db, row.tenantId);
  if (!settings.quietHoursStart || !settings.quietHoursEnd) return null;
  const quiet = { start: settings.quietHoursStart, end: settings.quietHoursEnd };
  const { timezone } = reads.tenant?.id === row.tenantId ? reads.tenant : await getTenant(ctx, row.tenantId);
  if (!isQuiet(now, quiet, timezone)) return null;
  const until = quietEnd(now, quiet, timezone);
  if (row.deadlineAt && until >= row.deadlineAt) {
    return { status: 'SKIPPED', code: 'QUIET_HOURS', reason: `Quiet hours (${quiet.start}–${quiet.end}) last until after the message's deadline` };
  }
  return { status: 'DEFERRED', until, code: 'QUIET_HOURS', reason: `Waiting for the end of quiet hours (${quiet.start}–${quiet.end})` };
}
