/**
 * WhatsApp through Meta's Cloud API: POST /{version}/{phone-number-id}/messages with a Bearer token.
 * A 200 means Meta accepted the message; delivery failures found later (131026, and 131047 on
 * recent API versions) arrive through Meta's status webhooks, not here.
 */
import { z } from 'zod';
import { NotificationChannel } from '../../notifications/notification.enums.ts';
import type { Channel, ChannelTestResult } from '../channel.ts';
import { failedProbe, rejectNonE164, type ProviderOptions } from '../delivery-failure.ts';
import { createRestClient } from '../http-provider.ts';
import { classifyCloudApiError } from './cloud-api.errors.ts';
import { cloudApiMessagePayload } from './cloud-api.payload.ts';
import type { WhatsAppCloudSecrets, WhatsAppCloudSettings } from './cloud-api.schemas.ts';

const sentMessage = z.object({
  contacts: z.array(z.object({ wa_id: z.string() })).optional(),
  messages: z.array(z.object({ id: z.string().min(1), message_status: z.string().optional() })).min(1),
});

/** The fields of the phone number node that test() reports. */
const phoneNumber = z.object({
  display_phone_number: z.string(),
  verified_name: z.string().optional(),
  quality_rating: z.string().optional(),
});

export function createWhatsAppCloudChannel(
  settings: WhatsAppCloudSettings,
  secrets: WhatsAppCloudSecrets,
  options: ProviderOptions = {},
): Channel {
  const rest = createRestClient({
    provider: 'whatsapp_cloud',
    name: 'WhatsApp Cloud API',
    codePrefix: 'WHATSAPP_CLOUD',
    baseUrl: settings.baseUrl,
    headers: { authorization: `Bearer ${secrets.accessToken}` },
    secrets: [secrets.accessToken],
    options,
    classifyError: classifyCloudApiError,
  });
  const { reporter } = rest;
  const phoneNumberPath = `/${settings.apiVersion}/${settings.phoneNumberId}`;

  return {
    channel: NotificationChannel.WHATSAPP,
    provider: 'whatsapp_cloud',

    async send(message) {
      const invalid = rejectNonE164(reporter, 'WHATSAPP_CLOUD', message.to);
      if (invalid) return invalid;
      const result = await rest.call('POST', `${phoneNumberPath}/messages`, sentMessage, { json: cloudApiMessagePayload(message) });
      if (!result.ok) return result;
      const [accepted] = result.data.messages;
      return { ok: true, providerMessageId: accepted.id, raw: { waId: result.data.contacts?.[0]?.wa_id, status: accepted.message_status } };
    },

    async test(): Promise<ChannelTestResult> {
      const result = await rest.call('GET', `${phoneNumberPath}?fields=display_phone_number,verified_name,quality_rating`, phoneNumber);
      if (!result.ok) {
        return failedProbe('WhatsApp phone number', result, 'Check the Phone Number ID and that the access token has not expired or been revoked');
      }
      const { display_phone_number, verified_name, quality_rating } = result.data;
      const name = verified_name ? ` (${verified_name})` : '';
      const quality = quality_rating ? `, quality ${quality_rating}` : '';
      return {
        ok: true,
        checks: [{ name: 'WhatsApp phone number', ok: true, detail: reporter.redact(`Sending as ${display_phone_number}${name}${quality}`) }],
      };
    },
  };
}
