/**
 * Each tenant's Chatwoot connection (optionally overridden per branch), with its secrets
 * encrypted at rest. The seed's env vars may configure one named tenant of a single-tenant
 * install, only when CHATWOOT_ENV_CONFIG_TENANT says which: a tenant without configuration
 * never silently borrows another's Chatwoot.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { AppError, notFound } from '../errors.ts';
import { getBranch } from '../tenancy/branches.service.ts';
import { maskSecret } from '../tenancy/secrets.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { chatwootConfigs, type ChatwootConfigRow } from './chatwoot.tables.ts';
import type { ChatwootConfigInput } from './chatwoot-config.schemas.ts';

export interface WhatsappTemplateRef {
  name: string;
  language: string;
  category?: 'UTILITY' | 'MARKETING' | 'AUTHENTICATION';
}

/** A usable, decrypted configuration. Never serialise it: it holds the token. */
export interface ChatwootSettings {
  /** Null for the environment configuration (it has no row, so links cannot be cached for it). */
  id: string | null;
  tenantId: string;
  branchId: string | null;
  source: 'branch' | 'tenant' | 'environment';
  enabled: boolean;
  baseUrl: string;
  accountId: number;
  inboxId: number;
  apiToken: string;
  webhookSecret: string | null;
  webhookPathToken: string | null;
  rateLimitPerMinute: number;
  whatsappTemplates: Partial<Record<string, WhatsappTemplateRef>>;
  updatedAt: Date | null;
}

function fromRow(ctx: Pick<AppContext, 'secrets'>, row: ChatwootConfigRow): ChatwootSettings {
  return {
    id: row.id,
    tenantId: row.tenantId,
    branchId: row.branchId,
    source: row.branchId ? 'branch' : 'tenant',
    enabled: row.enabled,
    baseUrl: row.baseUrl,
    accountId: row.accountId,
    inboxId: row.inboxId,
    apiToken: ctx.secrets.decrypt(row.apiTokenEnc),
    webhookSecret: row.webhookSecretEnc ? ctx.secrets.decrypt(row.webhookSecretEnc) : null,
    webhookPathToken: row.webhookPathToken,
    rateLimitPerMinute: row.rateLimitPerMinute,
    whatsappTemplates: row.whatsappTemplates as ChatwootSettings['whatsappTemplates'],
    updatedAt: row.updatedAt,
  };
}

// A tenant's configurations (its own and its branches'): few rows, read together and chosen here,
// so every message's lookup (any tenant, any branch) in one turn is one statement.
const configsOf = preparedPerDb((db) =>
  db.select().from(chatwootConfigs).where(sql`${chatwootConfigs.tenantId} = any(${sql.placeholder('tenantIds')}::uuid[])`).prepare('chatwoot_configs_of'),
);

const configRows = coalescedPerDb(async (db, wanted: Array<{ tenantId: string; branchId: string | null }>) => {
  const rows = await configsOf(db).execute({ tenantIds: [...new Set(wanted.map((w) => w.tenantId))] });
  return wanted.map((w) => rows.find((r) => r.tenantId === w.tenantId && r.branchId === w.branchId));
});

async function findRow(ctx: Pick<AppContext, 'db'>, tenantId: string, branchId: string | null) {
  return configRows(ctx.db, { tenantId, branchId });
}

async function environmentSettings(ctx: AppContext, tenantId: string): Promise<ChatwootSettings | null> {
  const env = ctx.config.envChatwoot;
  if (!env) return null;
  const tenant = await getTenant(ctx, tenantId);
  if (env.tenant !== tenant.id && env.tenant !== tenant.slug) return null;
  return {
    id: null,
    tenantId,
    branchId: null,
    source: 'environment',
    enabled: true,
    baseUrl: env.baseUrl.replace(/\/+$/, ''),
    accountId: env.accountId,
    inboxId: env.inboxId,
    apiToken: env.apiToken,
    webhookSecret: null,
    webhookPathToken: null,
    rateLimitPerMinute: 60,
    whatsappTemplates: {},
    updatedAt: null,
  };
}

/**
 * The configuration that applies to a message: the branch's override, else the tenant's, else
 * the environment's (only for the tenant it names). Null when none exists.
 */
export async function loadChatwootSettings(ctx: AppContext, tenantId: string, branchId?: string | null): Promise<ChatwootSettings | null> {
  const row = (branchId ? await findRow(ctx, tenantId, branchId) : undefined) ?? (await findRow(ctx, tenantId, null));
  if (row) return fromRow(ctx, row);
  return environmentSettings(ctx, tenantId);
}

export async function loadChatwootSettingsById(ctx: AppContext, tenantId: string, configId: string): Promise<ChatwootSettings | null> {
  const [row] = await ctx.db.select().from(chatwootConfigs).where(and(eq(chatwootConfigs.tenantId, tenantId), eq(chatwootConfigs.id, configId)));
  return row ? fromRow(ctx, row) : null;
}

export function webhookUrl(ctx: Pick<AppContext, 'config'>, pathToken: string | null): string | null {
  if (!pathToken) return null;
  const base = ctx.config.publicUrl ?? `http://${ctx.config.host}:${ctx.config.port}`;
  return `${base.replace(/\/+$/, '')}/api/webhooks/chatwoot/${pathToken}`;
}

/**
 * A branch named in a request must be one of the tenant's (invariant 1): another tenant's branch
 * is a 404, never a silent fallback to the tenant's own configuration.
 */
export async function assertOwnBranch(ctx: Pick<AppContext, 'db'>, tenantId: string, branchId: string | null | undefined): Promise<void> {
  if (branchId) await getBranch(ctx, tenantId, branchId);
}

/** What a read shows: secrets masked, never returned. */
export async function viewChatwootSettings(ctx: AppContext, tenantId: string, branchId: string | null) {
  await assertOwnBranch(ctx, tenantId, branchId);
  const settings = await loadChatwootSettings(ctx, tenantId, branchId);
  if (!settings) return { configured: false, source: null, config: null };
  return {
    configured: true,
    source: settings.source,
    config: {
      id: settings.id,
      branchId: settings.branchId,
      enabled: settings.enabled,
      baseUrl: settings.baseUrl,
      accountId: settings.accountId,
      inboxId: settings.inboxId,
      apiToken: maskSecret(settings.apiToken),
      webhookSecret: maskSecret(settings.webhookSecret),
      webhookUrl: webhookUrl(ctx, settings.webhookPathToken),
      rateLimitPerMinute: settings.rateLimitPerMinute,
      whatsappTemplates: settings.whatsappTemplates,
      updatedAt: settings.updatedAt,
    },
  };
}

export async function saveChatwootSettings(ctx: AppContext, tenantId: string, branchId: string | null, input: ChatwootConfigInput) {
  await assertOwnBranch(ctx, tenantId, branchId);
  const existing = await findRow(ctx, tenantId, branchId);
  if (!existing && !input.apiToken) {
    throw new AppError('VALIDATION_FAILED', 'apiToken is required the first time Chatwoot is configured (a user access token from Profile settings)', {
      field: 'apiToken',
    });
  }
  const values = {
    enabled: input.enabled,
    baseUrl: input.baseUrl,
    accountId: input.accountId,
    inboxId: input.inboxId,
    rateLimitPerMinute: input.rateLimitPerMinute,
    whatsappTemplates: input.whatsappTemplates,
    ...(input.apiToken ? { apiTokenEnc: ctx.secrets.encrypt(input.apiToken) } : {}),
    ...(input.webhookSecret !== undefined ? { webhookSecretEnc: input.webhookSecret ? ctx.secrets.encrypt(input.webhookSecret) : null } : {}),
  };
  if (existing) {
    await ctx.db.update(chatwootConfigs).set(values).where(eq(chatwootConfigs.id, existing.id));
  } else {
    await ctx.db.insert(chatwootConfigs).values({
      ...values,
      tenantId,
      branchId,
      apiTokenEnc: ctx.secrets.encrypt(input.apiToken!),
      webhookPathToken: randomBytes(18).toString('base64url'),
    });
  }
  return viewChatwootSettings(ctx, tenantId, branchId);
}

export async function deleteChatwootSettings(ctx: AppContext, tenantId: string, branchId: string | null) {
  await assertOwnBranch(ctx, tenantId, branchId);
  const existing = await findRow(ctx, tenantId, branchId);
  if (!existing) throw notFound('Chatwoot configuration');
  await ctx.db.delete(chatwootConfigs).where(eq(chatwootConfigs.id, existing.id));
}
