import { sql } from 'drizzle-orm';
import { boolean, foreignKey, index, integer, jsonb, pgEnum, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { clients } from '../booking/booking.tables.ts';
import { createdAt, id, tstz, updatedAt } from '../db/columns.ts';
import { branches, tenants } from '../tenancy/tenancy.tables.ts';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export const chatwootConfigs = pgTable(
  'chatwoot_configs',
  {
    id: id(),
    tenantId: tenantId(),
    /** Null: the tenant's default. Set: an override for one branch. */
    branchId: uuid('branch_id'),
    enabled: boolean('enabled').notNull().default(true),
    baseUrl: text('base_url').notNull(),
    accountId: integer('account_id').notNull(),
    inboxId: integer('inbox_id').notNull(),
    /** AES-256-GCM ciphertext; see src/tenancy/secrets.ts. */
    apiTokenEnc: text('api_token_enc').notNull(),
    webhookSecretEnc: text('webhook_secret_enc'),
    /** Unguessable path segment for this config's webhook URL. */
    webhookPathToken: text('webhook_path_token').notNull().unique('chatwoot_configs_webhook_path_token_key'),
    rateLimitPerMinute: integer('rate_limit_per_minute').notNull().default(60),
    /** Approved WhatsApp templates by notification type: { APPOINTMENT_REMINDER: { name, language } }. */
    whatsappTemplates: jsonb('whatsapp_templates').notNull().default(sql`'{}'::jsonb`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('chatwoot_configs_tenant_id_id_key').on(t.tenantId, t.id),
    unique('chatwoot_configs_tenant_branch_key').on(t.tenantId, t.branchId).nullsNotDistinct(),
    index('chatwoot_configs_account_inbox_idx').on(t.accountId, t.inboxId),
    foreignKey({ name: 'chatwoot_configs_branch_fk', columns: [t.tenantId, t.branchId], foreignColumns: [branches.tenantId, branches.id] }).onDelete(
      'cascade',
    ),
  ],
);

/** Where a client lives in one Chatwoot config: cached so steady-state sends cost one API call. */
export const clientChatwootLinks = pgTable(
  'client_chatwoot_links',
  {
    id: id(),
    tenantId: tenantId(),
    clientId: uuid('client_id').notNull(),
    chatwootConfigId: uuid('chatwoot_config_id').notNull(),
    contactId: integer('contact_id').notNull(),
    sourceId: text('source_id'),
    inboxId: integer('inbox_id').notNull(),
    conversationId: integer('conversation_id'),
    /** Last message from the client: opens WhatsApp's 24-hour window. */
    lastIncomingAt: tstz('last_incoming_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('client_chatwoot_links_config_client_key').on(t.chatwootConfigId, t.clientId),
    index('client_chatwoot_links_contact_idx').on(t.chatwootConfigId, t.contactId),
    foreignKey({ name: 'client_chatwoot_links_client_fk', columns: [t.tenantId, t.clientId], foreignColumns: [clients.tenantId, clients.id] }).onDelete(
      'cascade',
    ),
    foreignKey({
      name: 'client_chatwoot_links_config_fk',
      columns: [t.tenantId, t.chatwootConfigId],
      foreignColumns: [chatwootConfigs.tenantId, chatwootConfigs.id],
    }).onDelete('cascade'),
  ],
);

export const webhookEventStatus = pgEnum('webhook_event_status', ['RECEIVED', 'PROCESSED', 'IGNORED', 'FAILED']);

export const webhookEvents = pgTable(
  'webhook_events',
  {
    id: id(),
    tenantId: tenantId(),
    chatwootConfigId: uuid('chatwoot_config_id'),
    /** event + id + what varies per update; a re-delivery with the same key is ignored. */
    dedupeKey: text('dedupe_key').notNull(),
    event: text('event').notNull(),
    payload: jsonb('payload').notNull(),
    status: webhookEventStatus('status').notNull().default('RECEIVED'),
    result: jsonb('result'),
    error: text('error'),
    receivedAt: createdAt(),
    processedAt: tstz('processed_at'),
  },
  (t) => [
    unique('webhook_events_tenant_dedupe_key').on(t.tenantId, t.dedupeKey),
    index('webhook_events_tenant_received_idx').on(t.tenantId, t.receivedAt),
    foreignKey({
      name: 'webhook_events_config_fk',
      columns: [t.tenantId, t.chatwootConfigId],
      foreignColumns: [chatwootConfigs.tenantId, chatwootConfigs.id],
    }).onDelete('set null'),
  ],
);

export type ChatwootConfigRow = typeof chatwootConfigs.$inferSelect;
export type ClientChatwootLink = typeof clientChatwootLinks.$inferSelect;
