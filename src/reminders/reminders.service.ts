/**
 * Reminders (DESIGN flow 3): planned when a booking is made, confirmed or moved, as one job per
 * offset whose key is replaced on every re-plan; sent by that job at its due time; and swept by
 * the cron route for any that an outage left behind.
 */
import { findAppointment, listUpcomingAppointments, type Appointment } from '../booking/index.ts';
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { addJob, removeJob } from '../db/jobs.ts';
import { createLogRepository, getNotificationSettings, recordSkipped, sendNotificationNow, type SendResult } from '../notifications/index.ts';
import type { NotificationSettingsRow } from '../notifications/notifications.tables.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { reminderJobKey, reminderKey } from './reminder-keys.ts';
import { planReminders } from './reminder-plan.ts';
import { REMINDER_TASK, type ReminderPayload } from './reminder.task.ts';

const quietHoursOf = (s: NotificationSettingsRow) =>
  s.quietHoursStart && s.quietHoursEnd ? { start: s.quietHoursStart, end: s.quietHoursEnd } : null;

/**
 * Schedules (or re-schedules) every reminder of an appointment inside the booking's transaction.
 * `keepOverdue` (a confirmation: the time did not change) leaves a reminder that already fell due
 * alone instead of skipping it: it was planned at booking, so its job, or the sweep if the job
 * was lost, still sends it; skipping it would lose it whenever the worker runs behind.
 */
export async function planAppointmentReminders(
  ctx: AppContext,
  tx: Tx,
  appointment: Appointment,
  settings: NotificationSettingsRow,
  timeZone: string,
  options: { keepOverdue?: boolean } = {},
) {
  if (!settings.reminderEnabled) return;
  const plan = planReminders({
    startTime: appointment.startTime,
    offsets: settings.reminderOffsets,
    timeZone,
    quietHours: quietHoursOf(settings),
    now: new Date(),
  });
  for (const item of plan) {
    const req = {
      type: 'APPOINTMENT_REMINDER' as const,
      appointmentId: appointment.id,
      idempotencyKey: reminderKey(appointment.id, item.offsetMinutes, appointment.startTime),
    };
    if (item.skipped === 'PAST_DUE' && options.keepOverdue) continue;
    if (item.skipped) {
      await removeJob(tx, reminderJobKey(appointment.id, item.offsetMinutes));
      await recordSkipped(ctx, tx, appointment.tenantId, req, {
        code: 'REMINDER_TIME_PASSED',
        message: `The ${item.offsetMinutes}-minute reminder was due at ${item.dueAt.toISOString()}, before the appointment was booked or moved`,
      });
      continue;
    }
    const payload: ReminderPayload = {
      tenantId: appointment.tenantId,
      appointmentId: appointment.id,
      offsetMinutes: item.offsetMinutes,
      startTime: appointment.startTime.toISOString(),
    };
    await addJob(tx, REMINDER_TASK, { ...payload }, { runAt: item.dueAt, jobKey: reminderJobKey(appointment.id, item.offsetMinutes) });
  }
}

/** Removes the pending reminder jobs (cancelled, completed, no-show). Jobs of offsets no longer configured check the booking when they run. */
export async function unplanAppointmentReminders(tx: Tx, appointmentId: string, settings: NotificationSettingsRow) {
  for (const offset of settings.reminderOffsets) await removeJob(tx, reminderJobKey(appointmentId, offset));
}

/** Sends one planned reminder if the booking is still as planned (not cancelled, not moved). */
export async function sendReminder(ctx: AppContext, payload: ReminderPayload): Promise<SendResult | null> {
  // Deciding needs only the appointment's own row; the message's details (client, service,
  // branch: a five-table join that costs more to plan than to run) are read once, when it is composed.
  const appointment = await findAppointment(ctx, payload.tenantId, payload.appointmentId);
  if (!appointment) return null;
  if (appointment.status !== 'PENDING' && appointment.status !== 'CONFIRMED') return null;
  if (appointment.startTime.toISOString() !== new Date(payload.startTime).toISOString()) return null;
  const settings = await getNotificationSettings(ctx.db, payload.tenantId);
  if (!settings.reminderEnabled) return null;
  return sendNotificationNow(
    ctx,
    payload.tenantId,
    {
      type: 'APPOINTMENT_REMINDER',
      appointmentId: appointment.id,
      idempotencyKey: reminderKey(appointment.id, payload.offsetMinutes, appointment.startTime),
      // A reminder after the appointment has started is no reminder (invariant 5's sibling).
      deadlineAt: appointment.startTime,
    },
    // The settings just read serve the whole message (compose, the last look): read once, not three times.
    { fromWorker: true, reads: { settings } },
  );
}

export interface SweepResult {
  success: true;
  processed: number;
  sent: number;
  failed: number;
  details: Array<{ appointmentId: string; offsetMinutes: number; success: boolean; logId?: string; error?: string }>;
}

/**
 * The seed's cron route, made self-healing: finds reminders that are due but were never logged
 * (their job was lost, e.g. the database was restored or the worker was down past the start) and
 * sends them now. Reminders already sent, queued or skipped are left alone (their key exists).
 */
export async function sweepDueReminders(ctx: AppContext, now = new Date()): Promise<SweepResult> {
  const horizonMinutes = 60 * 24 * 31;
  const candidates = await listUpcomingAppointments(ctx, { after: now, until: new Date(now.getTime() + horizonMinutes * 60_000) });
  const details: SweepResult['details'] = [];
  const settingsByTenant = new Map<string, { settings: NotificationSettingsRow; timeZone: string }>();
  for (const appointment of candidates) {
    let tenant = settingsByTenant.get(appointment.tenantId);
    if (!tenant) {
      tenant = { settings: await getNotificationSettings(ctx.db, appointment.tenantId), timeZone: (await getTenant(ctx, appointment.tenantId)).timezone };
      settingsByTenant.set(appointment.tenantId, tenant);
    }
    if (!tenant.settings.reminderEnabled) continue;
    // Due by the plan (quiet hours included); when several were lost, only the latest still makes sense.
    const latest = planReminders({
      startTime: appointment.startTime,
      offsets: tenant.settings.reminderOffsets,
      timeZone: tenant.timeZone,
      quietHours: quietHoursOf(tenant.settings),
      now,
    })
      .filter((item) => item.dueAt <= now && item.skipped !== 'AFTER_START')
      .at(-1);
    if (!latest) continue;
    const key = reminderKey(appointment.id, latest.offsetMinutes, appointment.startTime);
    if (await createLogRepository(ctx.db, appointment.tenantId).findByIdempotencyKey(key)) continue;
    const result = await sendReminder(ctx, {
      tenantId: appointment.tenantId,
      appointmentId: appointment.id,
      offsetMinutes: latest.offsetMinutes,
      startTime: appointment.startTime.toISOString(),
    });
    if (result) details.push({ appointmentId: appointment.id, offsetMinutes: latest.offsetMinutes, success: result.success, logId: result.logId, error: result.error });
  }
  return {
    success: true,
    processed: details.length,
    sent: details.filter((d) => d.success).length,
    failed: details.filter((d) => !d.success).length,
    details,
  };
}
