import { addMinutes } from 'date-fns';
import { and, gt, inArray, lte, sql } from 'drizzle-orm';
import type { AppContext, AppointmentChange } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { AppError, notFound } from '../errors.ts';
import { assertTransition, type AppointmentAction } from './appointment-status.ts';
import type { AppointmentCreate, AppointmentListQuery, AppointmentPatch, RescheduleInput } from './appointments.schemas.ts';
import { createAppointmentsRepository, findAppointmentRow, type AppointmentWithDetails } from './appointments.repository.ts';
import { appointments, type Appointment } from './booking.tables.ts';
import { bookingReferences } from './references.ts';
import type { DbContext, Page, Patch } from './tenant-repository.ts';

type ReadCtx = DbContext;
/** Inside a caller's transaction (`db: tx`), the change becomes a savepoint of it. */
type WriteCtx = DbContext & Pick<AppContext, 'hooks'>;

interface PlannedChange {
  kind: AppointmentChange['kind'];
  patch: Patch<typeof appointments>;
}

export async function listAppointments(ctx: ReadCtx, tenantId: string, query: AppointmentListQuery): Promise<Page<AppointmentWithDetails>> {
  const { limit, offset, ...filters } = query;
  return createAppointmentsRepository(ctx.db, tenantId).list(filters, { limit, offset });
}

/** The appointment with its client, service, professional and branch: what a message about it needs. */
export async function getAppointmentWithDetails(ctx: ReadCtx, tenantId: string, id: string): Promise<AppointmentWithDetails> {
  const found = await createAppointmentsRepository(ctx.db, tenantId).findWithDetails(id);
  if (!found) throw notFound('Appointment');
  return found;
}

/** The appointment's own row (status, time, version), or null: cheaper than the details when only those decide. */
export async function findAppointment(ctx: ReadCtx, tenantId: string, id: string): Promise<Appointment | null> {
  return (await findAppointmentRow(ctx.db, { tenantId, id })) ?? null;
}

/**
 * Every tenant's appointments still to happen (PENDING or CONFIRMED) that start after `after` and
 * by `until`: what the reminder sweep checks. System-wide on purpose; never behind a tenant's route.
 */
export async function listUpcomingAppointments(ctx: ReadCtx, window: { after: Date; until: Date }): Promise<Appointment[]> {
  return ctx.db
    .select()
    .from(appointments)
    .where(and(inArray(appointments.status, ['PENDING', 'CONFIRMED']), gt(appointments.startTime, window.after), lte(appointments.startTime, window.until)));
}

/** Books a PENDING appointment; the hook runs in the same transaction (confirmation, reminders). */
export async function createAppointment(ctx: WriteCtx, tenantId: string, input: AppointmentCreate): Promise<AppointmentWithDetails> {
  return ctx.db.transaction(async (tx) => {
    const refs = bookingReferences(tx, tenantId);
    await refs.client(input.clientId);
    const service = await refs.service(input.serviceId);
    const professional = input.professionalId ? await refs.professional(input.professionalId) : null;
    // Omitted (not null) branch: the professional's own branch, so messages can say where to go.
    const branchId = input.branchId === undefined ? (professional?.branchId ?? null) : input.branchId;
    if (branchId) await refs.branch(branchId);

    const repo = createAppointmentsRepository(tx, tenantId);
    const after = await repo.insert({
      clientId: input.clientId,
      serviceId: input.serviceId,
      professionalId: input.professionalId ?? null,
      branchId,
      startTime: input.startTime,
      endTime: input.endTime ?? addMinutes(input.startTime, service.durationMinutes),
      notes: input.notes,
    });
    await ctx.hooks.onAppointmentChange(tx, { kind: 'created', before: null, after });
    return (await repo.findWithDetails(after.id))!;
  });
}

/** Changes service, professional, branch or notes; status and time have their own routes. */
export function updateAppointment(ctx: WriteCtx, tenantId: string, id: string, input: AppointmentPatch): Promise<AppointmentWithDetails> {
  return changeAppointment(ctx, tenantId, id, async (before, tx) => {
    const refs = bookingReferences(tx, tenantId);
    // Only a reference that changes is checked: re-sending a now-retired service must not fail.
    if (input.serviceId && input.serviceId !== before.serviceId) await refs.service(input.serviceId);
    if (input.professionalId && input.professionalId !== before.professionalId) await refs.professional(input.professionalId);
    if (input.branchId && input.branchId !== before.branchId) await refs.branch(input.branchId);
    const patch = { serviceId: input.serviceId, professionalId: input.professionalId, branchId: input.branchId, notes: input.notes };
    return Object.values(patch).every((v) => v === undefined) ? null : { kind: 'updated', patch };
  });
}

export const confirmAppointment = (ctx: WriteCtx, tenantId: string, id: string) =>
  transition(ctx, tenantId, id, 'confirm', () => ({ confirmedAt: new Date() }));

export const cancelAppointment = (ctx: WriteCtx, tenantId: string, id: string, reason?: string) =>
  transition(ctx, tenantId, id, 'cancel', () => ({ cancelledAt: new Date(), cancelReason: reason ?? null }));

export const completeAppointment = (ctx: WriteCtx, tenantId: string, id: string) =>
  transition(ctx, tenantId, id, 'complete', () => ({ completedAt: new Date() }));

export const markNoShow = (ctx: WriteCtx, tenantId: string, id: string) => transition(ctx, tenantId, id, 'no-show', () => ({}));

/**
 * Moves the appointment. `version` goes up so messages about the old time can be told apart, and
 * `reminder_sent_at` is cleared because reminders are owed again for the new time. Moving it to
 * the time it already has changes nothing (a retried request).
 */
export function rescheduleAppointment(ctx: WriteCtx, tenantId: string, id: string, input: RescheduleInput): Promise<AppointmentWithDetails> {
  return changeAppointment(ctx, tenantId, id, (before) => {
    const { kind } = assertTransition('reschedule', before);
    const length = before.endTime.getTime() - before.startTime.getTime();
    const endTime = input.endTime ?? new Date(input.startTime.getTime() + length);
    if (input.startTime.getTime() === before.startTime.getTime() && endTime.getTime() === before.endTime.getTime()) return null;
    return { kind, patch: { startTime: input.startTime, endTime, version: sql`${appointments.version} + 1`, reminderSentAt: null } };
  });
}

/**
 * Only a cancelled appointment can be deleted: cancelling is how a booking ends (the client is told,
 * reminders are dropped), and deleting is tidying up afterwards.
 */
export async function deleteAppointment(ctx: ReadCtx, tenantId: string, id: string): Promise<AppointmentWithDetails> {
  return ctx.db.transaction(async (tx) => {
    const repo = createAppointmentsRepository(tx, tenantId);
    const appointment = await repo.findById(id, { forUpdate: true });
    if (!appointment) throw notFound('Appointment');
    if (appointment.status !== 'CANCELLED') {
      throw new AppError(
        'CONFLICT',
        `Only a cancelled appointment can be deleted; this one is ${appointment.status}. Cancel it first (POST /api/appointments/${id}/cancel) so the client is told and its reminders are dropped`,
        { status: appointment.status },
      );
    }
    const details = (await repo.findWithDetails(id))!;
    await repo.delete(id);
    return details;
  });
}

function transition(
  ctx: WriteCtx,
  tenantId: string,
  id: string,
  action: Exclude<AppointmentAction, 'reschedule'>,
  stamps: () => Patch<typeof appointments>,
): Promise<AppointmentWithDetails> {
  return changeAppointment(ctx, tenantId, id, (before) => {
    const { to, kind } = assertTransition(action, before);
    return { kind, patch: { status: to ?? before.status, ...stamps() } };
  });
}

/**
 * Every change to an existing appointment: lock the row, decide, write, and call the hook in the
 * same transaction, so what the hook queues (messages, reminder jobs) commits or rolls back with it.
 */
function changeAppointment(
  ctx: WriteCtx,
  tenantId: string,
  id: string,
  plan: (before: Appointment, tx: Tx) => PlannedChange | null | Promise<PlannedChange | null>,
): Promise<AppointmentWithDetails> {
  return ctx.db.transaction(async (tx) => {
    const repo = createAppointmentsRepository(tx, tenantId);
    // FOR UPDATE: a second change to the same appointment waits here and then sees the first one's
    // result, so of a concurrent confirm and cancel only one can succeed.
    const before = await repo.findById(id, { forUpdate: true });
    if (!before) throw notFound('Appointment');
    const change = await plan(before, tx);
    if (change) {
      const after = (await repo.update(id, change.patch))!;
      await ctx.hooks.onAppointmentChange(tx, { kind: change.kind, before, after });
    }
    return (await repo.findWithDetails(id))!;
  });
}

/**
 * Records that a reminder for the current time went out (the seed's `reminderSentAt`). Only when
 * the appointment is still at that version: a reminder about an older time does not count.
 */
const markReminderSentStatement = preparedPerDb((db) =>
  db
    .update(appointments)
    // The placeholder goes through the column's encoder, as a Date does; updated_at is explicit, as
    // a prepared statement would otherwise keep the time it was built at.
    .set({ reminderSentAt: sql.placeholder('now') as unknown as Date, updatedAt: sql`now()` })
    .where(
      sql`(${appointments.tenantId}, ${appointments.id}, ${appointments.version}) in (select * from unnest(${sql.placeholder('tenantIds')}::uuid[], ${sql.placeholder('ids')}::uuid[], ${sql.placeholder('versions')}::int[]))`,
    )
    .prepare('appointments_mark_reminder_sent'),
);

interface ReminderSent {
  tenantId: string;
  id: string;
  version: number;
}

// Written after every reminder: the reminders sent in one turn are recorded by one statement.
const markRemindersSent = coalescedPerDb(async (db, sent: ReminderSent[]) => {
  await markReminderSentStatement(db).execute({
    tenantIds: sent.map((s) => s.tenantId),
    ids: sent.map((s) => s.id),
    versions: sent.map((s) => s.version),
    now: new Date(),
  });
  return sent.map(() => undefined);
});

export async function markReminderSent(ctx: ReadCtx, tenantId: string, id: string, version: number): Promise<void> {
  await markRemindersSent(ctx.db, { tenantId, id, version });
}
