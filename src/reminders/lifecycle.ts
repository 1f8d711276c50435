/**
 * Lifecycle triggers (DESIGN flow 4): what each appointment change sends and plans. Runs inside
 * the booking's transaction, so the messages and jobs exist exactly when the change commits.
 */
import type { AppContext, AppHooks, AppointmentChange } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { isAppError } from '../errors.ts';
import { getNotificationSettings, queueNotification, type NotificationRequest } from '../notifications/index.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { cancellationKey, confirmationKey, feedbackKey, rescheduleKey } from './reminder-keys.ts';
import { planAppointmentReminders, unplanAppointmentReminders } from './reminders.service.ts';

export function lifecycleHooks(ctx: AppContext): AppHooks {
  /*
   * A notification problem (e.g. a tenant template that no longer renders) must never undo a
   * booking: it is logged, and the booking commits.
   */
  const queue = async (tx: Tx, tenantId: string, req: NotificationRequest, runAt?: Date) => {
    try {
      await queueNotification(ctx, tx, tenantId, req, { runAt });
    } catch (err) {
      if (!isAppError(err)) throw err;
      ctx.logger.warn({ tenantId, key: req.idempotencyKey, err: err.message }, 'notification not queued');
    }
  };

  return {
    async onAppointmentChange(tx: Tx, { kind, before, after }: AppointmentChange) {
      const settings = await getNotificationSettings(tx, after.tenantId);
      const tenant = await getTenant({ db: tx }, after.tenantId);
      const about = { appointmentId: after.id };
      switch (kind) {
        case 'created':
        case 'confirmed':
          if (settings.confirmationEnabled) {
            await queue(tx, after.tenantId, { ...about, type: 'APPOINTMENT_CONFIRMATION', idempotencyKey: confirmationKey(after.id, after.version) });
          }
          await planAppointmentReminders(ctx, tx, after, settings, tenant.timezone, { keepOverdue: kind === 'confirmed' });
          return;
        case 'rescheduled':
          if (settings.rescheduleEnabled) {
            await queue(tx, after.tenantId, {
              ...about,
              type: 'APPOINTMENT_RESCHEDULE',
              idempotencyKey: rescheduleKey(after.id, after.version),
              previousStartTime: before?.startTime,
            });
          }
          await planAppointmentReminders(ctx, tx, after, settings, tenant.timezone);
          return;
        case 'cancelled':
          await unplanAppointmentReminders(tx, after.id, settings);
          if (settings.cancellationEnabled) {
            await queue(tx, after.tenantId, { ...about, type: 'APPOINTMENT_CANCELLATION', idempotencyKey: cancellationKey(after.id) });
          }
          return;
        case 'completed': {
          await unplanAppointmentReminders(tx, after.id, settings);
          if (!settings.feedbackEnabled) return;
          const sendAt = new Date((after.completedAt ?? new Date()).getTime() + settings.feedbackDelayMinutes * 60_000);
          await queue(tx, after.tenantId, { ...about, type: 'FEEDBACK_REQUEST', idempotencyKey: feedbackKey(after.id), scheduledAt: sendAt }, sendAt);
          return;
        }
        case 'no_show':
          await unplanAppointmentReminders(tx, after.id, settings);
          return;
        case 'updated':
          return;
      }
    },
  };
}
