/**
 * The last look before a message leaves: a booking or a client may have changed since it was
 * queued. Returns why it must not go out, or null to send it.
 */
import { and, eq } from 'drizzle-orm';
import { appointments, clients } from '../booking/booking.tables.ts';
import type { AppContext } from '../context.ts';
import type { LogMetadata } from './deliver.ts';
import type { NotificationLogRow } from './notifications.tables.ts';

export interface Unwanted {
  status: 'CANCELLED' | 'SKIPPED' | 'FAILED';
  code: string;
  reason: string;
}

/** Messages about a specific booking time: they are wrong once the time moved or the booking was cancelled. */
const aboutTheBookingTime = new Set(['APPOINTMENT_CONFIRMATION', 'APPOINTMENT_REMINDER', 'APPOINTMENT_RESCHEDULE']);

export async function recheckWanted(ctx: AppContext, row: NotificationLogRow): Promise<Unwanted | null> {
  if (row.deadlineAt && row.deadlineAt.getTime() <= Date.now()) {
    return { status: 'FAILED', code: 'DEADLINE_PASSED', reason: `Not sent before its deadline (${row.deadlineAt.toISOString()})` };
  }
  if (row.clientId) {
    const [client] = await ctx.db.select().from(clients).where(and(eq(clients.tenantId, row.tenantId), eq(clients.id, row.clientId)));
    if (!client || !client.active) return { status: 'SKIPPED', code: 'CLIENT_INACTIVE', reason: 'The client is inactive or was removed' };
    // Consent: a client who opted out (STOP, BAJA) gets nothing more, and marketing needs consent.
    if (client.optedOutAt) return { status: 'SKIPPED', code: 'OPTED_OUT', reason: `The client opted out on ${client.optedOutAt.toISOString()}` };
    if (row.type === 'PROMOTION' && !client.marketingConsent) {
      return { status: 'SKIPPED', code: 'NO_MARKETING_CONSENT', reason: 'The client has not agreed to receive marketing' };
    }
  }
  if (row.appointmentId && aboutTheBookingTime.has(row.type)) {
    const [appointment] = await ctx.db
      .select()
      .from(appointments)
      .where(and(eq(appointments.tenantId, row.tenantId), eq(appointments.id, row.appointmentId)));
    if (!appointment || appointment.status === 'CANCELLED') {
      return { status: 'CANCELLED', code: 'APPOINTMENT_CANCELLED', reason: 'The appointment was cancelled' };
    }
    const version = (row.metadata as LogMetadata).appointmentVersion;
    if (version !== undefined && version !== appointment.version) {
      return { status: 'CANCELLED', code: 'APPOINTMENT_MOVED', reason: 'The appointment was moved after this message was queued' };
    }
  }
  return null;
}
