/**
 * Each tenant's direct providers (SMTP email, Twilio SMS, WhatsApp Cloud / Evolution), one per
 * channel. Settings are plain JSON; secrets are one encrypted JSON object, write-only.
 */
import { and, eq } from 'drizzle-orm';
import { createProviderChannel, isProviderName, providers, type ProviderName } from '../channels/index.ts';
import type { Channel } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { AppError, notFound } from '../errors.ts';
import { maskSecret } from '../tenancy/secrets.ts';
import type { NotificationChannelValue } from './notification.enums.ts';
import { channelConfigs, type ChannelConfigRow } from './notifications.tables.ts';

export interface ChannelConfigInput {
  provider: string;
  enabled: boolean;
  settings: Record<string, unknown>;
  /** Omitted fields keep their stored value. */
  secrets?: Record<string, string>;
}

async function findRow(ctx: Pick<AppContext, 'db'>, tenantId: string, channel: NotificationChannelValue) {
  const [row] = await ctx.db.select().from(channelConfigs).where(and(eq(channelConfigs.tenantId, tenantId), eq(channelConfigs.channel, channel)));
  return row;
}

const storedSecrets = (ctx: Pick<AppContext, 'secrets'>, row: ChannelConfigRow | undefined): Record<string, string> =>
  row?.secretsEnc ? JSON.parse(ctx.secrets.decrypt(row.secretsEnc)) : {};

function view(ctx: Pick<AppContext, 'secrets'>, row: ChannelConfigRow) {
  const secrets = storedSecrets(ctx, row);
  return {
    channel: row.channel,
    provider: row.provider,
    enabled: row.enabled,
    settings: row.settings as Record<string, unknown>,
    secrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, maskSecret(v)])),
    updatedAt: row.updatedAt,
  };
}

export async function listChannelConfigs(ctx: AppContext, tenantId: string) {
  const rows = await ctx.db.select().from(channelConfigs).where(eq(channelConfigs.tenantId, tenantId));
  return rows.map((row) => view(ctx, row));
}

export async function saveChannelConfig(ctx: AppContext, tenantId: string, channel: NotificationChannelValue, input: ChannelConfigInput) {
  if (!isProviderName(input.provider)) {
    throw new AppError('VALIDATION_FAILED', `Unknown provider "${input.provider}"; use one of ${Object.keys(providers).join(', ')}`, { field: 'provider' });
  }
  if (providers[input.provider].channel !== channel) {
    throw new AppError('VALIDATION_FAILED', `Provider ${input.provider} serves ${providers[input.provider].channel}, not ${channel}`, { field: 'provider' });
  }
  const existing = await findRow(ctx, tenantId, channel);
  const secrets = { ...(existing?.provider === input.provider ? storedSecrets(ctx, existing) : {}), ...input.secrets };
  // Building the channel validates settings and secrets, naming each bad field.
  createProviderChannel(input.provider, input.settings, secrets);
  const values = { provider: input.provider, enabled: input.enabled, settings: input.settings, secretsEnc: ctx.secrets.encrypt(JSON.stringify(secrets)) };
  if (existing) await ctx.db.update(channelConfigs).set(values).where(eq(channelConfigs.id, existing.id));
  else await ctx.db.insert(channelConfigs).values({ ...values, tenantId, channel });
  return view(ctx, (await findRow(ctx, tenantId, channel))!);
}

export async function deleteChannelConfig(ctx: AppContext, tenantId: string, channel: NotificationChannelValue) {
  const existing = await findRow(ctx, tenantId, channel);
  if (!existing) throw notFound(`${channel} channel configuration`);
  await ctx.db.delete(channelConfigs).where(eq(channelConfigs.id, existing.id));
}

/** The tenant's provider for a direct channel, ready to send; null when none is configured or enabled. */
export async function loadProviderChannel(ctx: AppContext, tenantId: string, channel: NotificationChannelValue): Promise<Channel | null> {
  const row = await findRow(ctx, tenantId, channel);
  if (!row || !row.enabled || !isProviderName(row.provider)) return null;
  return createProviderChannel(row.provider as ProviderName, row.settings, storedSecrets(ctx, row), { logger: ctx.logger });
}
