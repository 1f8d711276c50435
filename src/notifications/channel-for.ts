/** Builds the channel that will carry one log row, from the tenant's stored configuration. */
import type { Channel } from '../channels/index.ts';
import { createChatwootChannel } from '../channels/index.ts';
import { loadChatwootSettings } from '../chatwoot/chatwoot-config.service.ts';
import type { AppContext } from '../context.ts';
import { chatwootBucketKeys, pauseBucket, takeTokens, type BucketRequest } from '../delivery/pacing.ts';
import { pacingWaitsTotal } from '../ops/metrics.ts';
import { loadProviderChannel } from './channel-configs.service.ts';
import type { LogMetadata } from './deliver.ts';
import type { NotificationLogRow } from './notifications.tables.ts';

export type ChannelOrError = { channel: Channel } | { error: { code: string; message: string } };

const E164 = /^\+[1-9]\d{1,14}$/;

/** Takes `calls` tokens at once from every bucket, or says when they will all be there. */
async function takeCalls(ctx: AppContext, limits: BucketRequest[], calls: number) {
  const taken = await takeTokens(ctx.db, limits, undefined, calls);
  if (!taken.granted) pacingWaitsTotal.inc({ kind: 'paced' });
  return taken;
}

export async function createChannelFor(ctx: AppContext, row: NotificationLogRow): Promise<ChannelOrError> {
  const meta = row.metadata as LogMetadata;
  if (row.channel === 'CHATWOOT') {
    if (!E164.test(row.recipient)) {
      return { error: { code: 'INVALID_RECIPIENT', message: `Chatwoot needs an E.164 phone number; "${row.recipient}" is not one` } };
    }
    const settings = await loadChatwootSettings(ctx, row.tenantId, meta.branchId);
    if (!settings || !settings.enabled) {
      return {
        error: {
          code: 'CONFIGURATION_MISSING',
          message: settings ? 'Chatwoot is disabled for this tenant (PUT /api/settings/chatwoot with enabled: true)' : 'Chatwoot is not configured for this tenant (PUT /api/settings/chatwoot)',
        },
      };
    }
    const buckets = chatwootBucketKeys(settings.baseUrl, settings.accountId);
    const limits = [
      { key: buckets.host, perMinute: ctx.config.chatwootHostRatePerMinute },
      { key: buckets.account, perMinute: settings.rateLimitPerMinute },
    ];
    return {
      channel: createChatwootChannel(ctx, settings, {
        recipient: { clientId: row.clientId },
        whatsappTemplate: settings.whatsappTemplates[row.type],
        templateParams: meta.templateParams,
        pace: ctx.config.pacing ? (calls) => takeCalls(ctx, limits, calls) : undefined,
        onRateLimited: async (until) => {
          pacingWaitsTotal.inc({ kind: 'rate_limited' });
          // Chatwoot's windows are fixed minutes shared by everyone on that host: nobody sends before it reopens.
          await pauseBucket(ctx.db, buckets.account, until);
          await pauseBucket(ctx.db, buckets.host, until);
        },
      }),
    };
  }
  const channel = await loadProviderChannel(ctx, row.tenantId, row.channel);
  if (!channel) {
    return { error: { code: 'CONFIGURATION_MISSING', message: `No enabled ${row.channel} provider is configured for this tenant (PUT /api/settings/channels/${row.channel})` } };
  }
  return { channel };
}
