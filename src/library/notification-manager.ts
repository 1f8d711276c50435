import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { appointments, clients } from '../booking/booking.tables.ts';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { NotificationChannelValue, NotificationTypeValue } from '../notifications/notification.enums.ts';
import { sendNotificationNow } from '../notifications/index.ts';
import { testAllChannels } from '../notifications/channel-tests.service.ts';
import { asResult, sendForTenant, tenantIdOf, type FacadeResult } from './facade-support.ts';

/*
 * Library callers are trusted server code that may hold an appointment or client id without its
 * tenant (the seed's signatures): the tenant is read from the row itself, never from the caller.
 */
async function tenantOfAppointment(ctx: AppContext, appointmentId: string): Promise<string> {
  const [row] = await ctx.db.select({ tenantId: appointments.tenantId }).from(appointments).where(eq(appointments.id, appointmentId));
  if (!row) throw new AppError('NOT_FOUND', `Appointment "${appointmentId}" not found`);
  return row.tenantId;
}

async function tenantOfClient(ctx: AppContext, clientId: string): Promise<string> {
  const [row] = await ctx.db.select({ tenantId: clients.tenantId }).from(clients).where(eq(clients.id, clientId));
  if (!row) throw new AppError('NOT_FOUND', `Client "${clientId}" not found`);
  return row.tenantId;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const assertUuid = (value: string, what: string) => {
  if (!UUID.test(value)) throw new AppError('NOT_FOUND', `${what} "${value}" not found`);
};

export interface ManagerSendArgs {
  type: NotificationTypeValue;
  channel?: NotificationChannelValue;
  /** Phone (any common form) or, for EMAIL, an email address. */
  recipient: string;
  message: string;
  tenantId: string;
  recipientName?: string;
}

/** The seed's `notificationManager`. */
export function createNotificationManager(ctx: AppContext) {
  return {
    sendNotification: (args: ManagerSendArgs): Promise<FacadeResult> =>
      sendForTenant(ctx, args.tenantId, {
        type: args.type,
        channel: args.channel,
        recipient: args.recipient,
        recipientName: args.recipientName,
        message: args.message,
      }),

    /** Renders the appointment's template (the tenant's named one, if given) and sends it on `channel`. */
    sendAppointmentNotificationByChannel: (
      appointmentId: string,
      type: NotificationTypeValue,
      channel: NotificationChannelValue,
      templateName?: string,
    ): Promise<FacadeResult> =>
      asResult(async () => {
        assertUuid(appointmentId, 'Appointment');
        const tenantId = await tenantOfAppointment(ctx, appointmentId);
        return sendNotificationNow(ctx, tenantId, { type, channel, appointmentId, templateName, idempotencyKey: `library:${randomUUID()}` });
      }),

    /** `{ email, sms, whatsapp, chatwoot }`: true where the channel is configured and its test passes. */
    async testAllChannels(tenantId: string) {
      const { email, sms, whatsapp, chatwoot } = await testAllChannels(ctx, await tenantIdOf(ctx, tenantId));
      return { email, sms, whatsapp, chatwoot };
    },
  };
}

/** The seed's `notificationService`: the recipient is a client id, and the tenant is the client's. */
export function createNotificationService(ctx: AppContext) {
  return {
    sendNotification: (args: { type: NotificationTypeValue; channel?: NotificationChannelValue; recipientId: string; message?: string; appointmentId?: string }) =>
      asResult(async () => {
        assertUuid(args.recipientId, 'Client');
        const tenantId = await tenantOfClient(ctx, args.recipientId);
        return sendNotificationNow(ctx, tenantId, {
          type: args.type,
          channel: args.channel,
          clientId: args.recipientId,
          appointmentId: args.appointmentId,
          message: args.message,
          idempotencyKey: `library:${randomUUID()}`,
        });
      }),
  };
}

export type NotificationManager = ReturnType<typeof createNotificationManager>;
export type NotificationService = ReturnType<typeof createNotificationService>;
