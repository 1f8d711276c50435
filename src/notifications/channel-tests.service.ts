/** The seed's testAllChannels, with the detail of every check behind each boolean. */
import type { ChannelCheck } from '../channels/index.ts';
import { diagnoseTenantChatwoot } from '../chatwoot/connection-test.service.ts';
import type { AppContext } from '../context.ts';
import { loadProviderChannel } from './channel-configs.service.ts';
import type { NotificationChannelValue } from './notification.enums.ts';

export interface ChannelTestDetail {
  configured: boolean;
  ok: boolean;
  checks: ChannelCheck[];
}

export interface AllChannelsTest {
  email: boolean;
  sms: boolean;
  whatsapp: boolean;
  chatwoot: boolean;
  details: Record<'email' | 'sms' | 'whatsapp' | 'chatwoot', ChannelTestDetail>;
}

async function testDirect(ctx: AppContext, tenantId: string, channel: NotificationChannelValue): Promise<ChannelTestDetail> {
  const provider = await loadProviderChannel(ctx, tenantId, channel);
  if (!provider) {
    return {
      configured: false,
      ok: false,
      checks: [{ name: 'configured', ok: false, detail: `No enabled ${channel} provider`, hint: `PUT /api/settings/channels/${channel}` }],
    };
  }
  const result = await provider.test();
  return { configured: true, ok: result.ok, checks: result.checks };
}

export async function testAllChannels(ctx: AppContext, tenantId: string): Promise<AllChannelsTest> {
  const [email, sms, whatsapp, chatwoot] = await Promise.all([
    testDirect(ctx, tenantId, 'EMAIL'),
    testDirect(ctx, tenantId, 'SMS'),
    testDirect(ctx, tenantId, 'WHATSAPP'),
    diagnoseTenantChatwoot(ctx, tenantId).then(({ configured, ok, checks }) => ({ configured, ok, checks })),
  ]);
  return { email: email.ok, sms: sms.ok, whatsapp: whatsapp.ok, chatwoot: chatwoot.ok, details: { email, sms, whatsapp, chatwoot } };
}
