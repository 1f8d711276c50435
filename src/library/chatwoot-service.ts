import { diagnoseTenantChatwoot } from '../chatwoot/connection-test.service.ts';
import type { AppContext } from '../context.ts';
import { NotificationChannel, NotificationType, type NotificationTypeValue } from '../notifications/notification.enums.ts';
import type { SeedVariables } from '../notifications/index.ts';
import { sendForTenant, tenantIdOf, type FacadeResult } from './facade-support.ts';

export interface Addressed {
  /** Phone number, any common form (normalised to E.164 with the tenant's country). */
  to: string;
  /** The tenant's id or slug. */
  tenantId: string;
  clientName?: string;
}

/**
 * The seed's `chatwootService`: each call renders the tenant's template (or the default), writes
 * the notification log and sends through the tenant's Chatwoot, answering `{ success, logId, messageId, error }`.
 */
export function createChatwootService(ctx: AppContext) {
  const send = (type: NotificationTypeValue, args: Addressed & { message?: string; variables?: SeedVariables }): Promise<FacadeResult> =>
    sendForTenant(ctx, args.tenantId, {
      type,
      channel: NotificationChannel.CHATWOOT,
      recipient: args.to,
      recipientName: args.clientName,
      message: args.message,
      variables: { clientName: args.clientName, ...args.variables },
    });

  return {
    /** Sends `message` as written. */
    sendChatwoot: (args: Addressed & { message: string }) => send(NotificationType.CUSTOM, args),

    sendAppointmentConfirmation: (
      args: Addressed & { appointmentDate: string; appointmentTime: string; serviceName?: string; professionalName?: string; branchName?: string },
    ) => send(NotificationType.APPOINTMENT_CONFIRMATION, { ...args, variables: args }),

    sendAppointmentCancellation: (args: Addressed & { appointmentDate: string; appointmentTime: string; reason?: string; serviceName?: string }) =>
      send(NotificationType.APPOINTMENT_CANCELLATION, { ...args, variables: args }),

    /** `appointmentDate` may be a date or a word such as "mañana"; it is shown as given. */
    sendAppointmentReminder: (args: Addressed & { appointmentDate: string; appointmentTime: string; serviceName?: string }) =>
      send(NotificationType.APPOINTMENT_REMINDER, { ...args, variables: args }),

    /** Marketing: skipped for known clients who have not consented or opted out. */
    sendMarketingMessage: (args: Addressed & { campaignMessage: string }) =>
      send(NotificationType.PROMOTION, { ...args, message: args.campaignMessage }),

    sendFeedbackRequest: (args: Addressed & { serviceName?: string; feedbackUrl: string }) =>
      send(NotificationType.FEEDBACK_REQUEST, { ...args, variables: args }),

    /** True when the tenant's Chatwoot is configured, enabled and every check passes. */
    async testConnection(tenantId: string): Promise<boolean> {
      try {
        return (await diagnoseTenantChatwoot(ctx, await tenantIdOf(ctx, tenantId))).ok;
      } catch {
        return false;
      }
    },
  };
}

export type ChatwootService = ReturnType<typeof createChatwootService>;
