import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { appointments, clients } from '../booking/booking.tables.ts';
import { marketingCampaigns } from '../campaigns/campaigns.tables.ts';
import { createdAt, id, tstz, updatedAt } from '../db/columns.ts';
import { tenants } from '../tenancy/tenancy.tables.ts';
import { notificationChannel, notificationStatus, notificationType } from './notification.columns.ts';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export const notificationSettings = pgTable('notification_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  chatwootEnabled: boolean('chatwoot_enabled').notNull().default(true),
  whatsappEnabled: boolean('whatsapp_enabled').notNull().default(false),
  smsEnabled: boolean('sms_enabled').notNull().default(false),
  emailEnabled: boolean('email_enabled').notNull().default(false),
  /** Tried in this order; the first enabled channel that can reach the client is used. */
  channelOrder: notificationChannel('channel_order')
    .array()
    .notNull()
    .default(sql`'{CHATWOOT,WHATSAPP,SMS,EMAIL}'::notification_channel[]`),
  confirmationEnabled: boolean('confirmation_enabled').notNull().default(true),
  cancellationEnabled: boolean('cancellation_enabled').notNull().default(true),
  rescheduleEnabled: boolean('reschedule_enabled').notNull().default(true),
  reminderEnabled: boolean('reminder_enabled').notNull().default(true),
  feedbackEnabled: boolean('feedback_enabled').notNull().default(false),
  /** Minutes before the appointment. */
  reminderOffsets: integer('reminder_offsets').array().notNull().default(sql`'{1440,120}'::integer[]`),
  /** Local "HH:MM" in the tenant's timezone; both null = no quiet hours. */
  quietHoursStart: text('quiet_hours_start'),
  quietHoursEnd: text('quiet_hours_end'),
  feedbackDelayMinutes: integer('feedback_delay_minutes').notNull().default(120),
  feedbackUrlTemplate: text('feedback_url_template'),
  interactiveConfirmations: boolean('interactive_confirmations').notNull().default(false),
  vipThreshold: integer('vip_threshold').notNull().default(10),
  inactiveMonths: integer('inactive_months').notNull().default(3),
  autoCreateClients: boolean('auto_create_clients').notNull().default(false),
  updatedAt: updatedAt(),
});

export const channelConfigs = pgTable(
  'channel_configs',
  {
    id: id(),
    tenantId: tenantId(),
    channel: notificationChannel('channel').notNull(),
    /** smtp | twilio | whatsapp_cloud | evolution */
    provider: text('provider').notNull(),
    enabled: boolean('enabled').notNull().default(true),
    settings: jsonb('settings').notNull().default(sql`'{}'::jsonb`),
    /** AES-256-GCM ciphertext of a JSON object of the provider's secret fields. */
    secretsEnc: text('secrets_enc'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('channel_configs_tenant_id_id_key').on(t.tenantId, t.id), unique('channel_configs_tenant_channel_key').on(t.tenantId, t.channel)],
);

/** Tenant overrides of the system templates (the defaults live in code, src/templates). */
export const notificationTemplates = pgTable(
  'notification_templates',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    type: notificationType('type').notNull(),
    /** Null: any channel. */
    channel: notificationChannel('channel'),
    locale: text('locale').notNull().default('es-MX'),
    subject: text('subject'),
    body: text('body').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('notification_templates_tenant_id_id_key').on(t.tenantId, t.id),
    unique('notification_templates_tenant_name_key').on(t.tenantId, t.name),
    unique('notification_templates_tenant_kind_key').on(t.tenantId, t.type, t.channel, t.locale).nullsNotDistinct(),
  ],
);

/** The audit log and the outbox: one row per message, QUEUED before any provider is called. */
export const notificationLogs = pgTable(
  'notification_logs',
  {
    id: id(),
    tenantId: tenantId(),
    type: notificationType('type').notNull(),
    channel: notificationChannel('channel').notNull(),
    status: notificationStatus('status').notNull().default('QUEUED'),
    recipient: text('recipient').notNull(),
    recipientName: text('recipient_name'),
    clientId: uuid('client_id'),
    appointmentId: uuid('appointment_id'),
    campaignId: uuid('campaign_id'),
    subject: text('subject'),
    message: text('message').notNull(),
    /** At most one delivery per key (invariant 2). */
    idempotencyKey: text('idempotency_key').notNull(),
    provider: text('provider'),
    providerMessageId: text('provider_message_id'),
    providerConversationId: text('provider_conversation_id'),
    errorCode: text('error_code'),
    errorMessage: text('error_message'),
    attempts: integer('attempts').notNull().default(0),
    metadata: jsonb('metadata').notNull().default(sql`'{}'::jsonb`),
    scheduledAt: tstz('scheduled_at').notNull().defaultNow(),
    /** After this the message is no longer worth sending (a reminder's is the appointment's start). */
    deadlineAt: tstz('deadline_at'),
    sendingStartedAt: tstz('sending_started_at'),
    sentAt: tstz('sent_at'),
    deliveredAt: tstz('delivered_at'),
    readAt: tstz('read_at'),
    failedAt: tstz('failed_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('notification_logs_tenant_id_id_key').on(t.tenantId, t.id),
    unique('notification_logs_tenant_idempotency_key').on(t.tenantId, t.idempotencyKey),
    index('notification_logs_tenant_created_idx').on(t.tenantId, t.createdAt.desc()),
    index('notification_logs_provider_message_idx').on(t.provider, t.providerMessageId),
    index('notification_logs_tenant_appointment_idx').on(t.tenantId, t.appointmentId),
    index('notification_logs_tenant_client_idx').on(t.tenantId, t.clientId, t.createdAt.desc()),
    index('notification_logs_tenant_campaign_idx').on(t.tenantId, t.campaignId, t.status),
    index('notification_logs_pending_idx').on(t.scheduledAt).where(sql`${t.status} in ('QUEUED', 'SENDING')`),
    foreignKey({ name: 'notification_logs_client_fk', columns: [t.tenantId, t.clientId], foreignColumns: [clients.tenantId, clients.id] }).onDelete(
      'set null',
    ),
    foreignKey({
      name: 'notification_logs_appointment_fk',
      columns: [t.tenantId, t.appointmentId],
      foreignColumns: [appointments.tenantId, appointments.id],
    }).onDelete('set null'),
    foreignKey({
      name: 'notification_logs_campaign_fk',
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [marketingCampaigns.tenantId, marketingCampaigns.id],
    }).onDelete('set null'),
  ],
);

export type NotificationSettingsRow = typeof notificationSettings.$inferSelect;
export type ChannelConfigRow = typeof channelConfigs.$inferSelect;
export type NotificationTemplateRow = typeof notificationTemplates.$inferSelect;
export type NotificationLogRow = typeof notificationLogs.$inferSelect;
