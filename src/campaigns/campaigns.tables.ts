import { sql } from 'drizzle-orm';
import { foreignKey, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../booking/booking.tables.ts';
import { createdAt, id, tstz, updatedAt } from '../db/columns.ts';
import { notificationChannel } from '../notifications/notification.columns.ts';
import { tenants } from '../tenancy/tenancy.tables.ts';

export const campaignStatus = pgEnum('campaign_status', ['DRAFT', 'SCHEDULED', 'RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED']);
export const campaignRecipientStatus = pgEnum('campaign_recipient_status', ['PENDING', 'QUEUED', 'SENT', 'FAILED', 'SKIPPED']);

export const marketingCampaigns = pgTable(
  'marketing_campaigns',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    message: text('message').notNull(),
    /** The seed's segments: all | vip | inactive. */
    targetSegment: text('target_segment').notNull(),
    filters: jsonb('filters').notNull().default(sql`'{}'::jsonb`),
    channel: notificationChannel('channel').notNull().default('CHATWOOT'),
    status: campaignStatus('status').notNull().default('DRAFT'),
    totalRecipients: integer('total_recipients').notNull().default(0),
    sentCount: integer('sent_count').notNull().default(0),
    failedCount: integer('failed_count').notNull().default(0),
    scheduledAt: tstz('scheduled_at'),
    startedAt: tstz('started_at'),
    sentAt: tstz('sent_at'),
    /** The API key that started it. */
    sentBy: uuid('sent_by'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('marketing_campaigns_tenant_id_id_key').on(t.tenantId, t.id), index('marketing_campaigns_tenant_created_idx').on(t.tenantId, t.createdAt)],
);

export const campaignRecipients = pgTable(
  'campaign_recipients',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    campaignId: uuid('campaign_id').notNull(),
    clientId: uuid('client_id').notNull(),
    status: campaignRecipientStatus('status').notNull().default('PENDING'),
    error: text('error'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('campaign_recipients_campaign_client_key').on(t.campaignId, t.clientId),
    index('campaign_recipients_campaign_status_idx').on(t.tenantId, t.campaignId, t.status),
    foreignKey({
      name: 'campaign_recipients_campaign_fk',
      columns: [t.tenantId, t.campaignId],
      foreignColumns: [marketingCampaigns.tenantId, marketingCampaigns.id],
    }).onDelete('cascade'),
    foreignKey({ name: 'campaign_recipients_client_fk', columns: [t.tenantId, t.clientId], foreignColumns: [clients.tenantId, clients.id] }).onDelete(
      'cascade',
    ),
  ],
);

export type MarketingCampaign = typeof marketingCampaigns.$inferSelect;
