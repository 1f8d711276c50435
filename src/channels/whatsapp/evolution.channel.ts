/**
 * WhatsApp through a self-hosted Evolution API v2 server (a WhatsApp Web session per instance):
 * POST /message/sendText/{instance} with the `apikey` header. No 24-hour window and no templates
 * here, but also no guarantees from Meta: a logged-out phone fails every send until it is reconnected.
 */
import { z } from 'zod';
import { NotificationChannel } from '../../notifications/notification.enums.ts';
import type { Channel, ChannelTestResult } from '../channel.ts';
import { failedProbe, rejectNonE164, type ProviderOptions } from '../delivery-failure.ts';
import { createRestClient } from '../http-provider.ts';
import { classifyEvolutionError } from './evolution.errors.ts';
import type { EvolutionSecrets, EvolutionSettings } from './evolution.schemas.ts';

/** The Baileys message Evolution returns; its key id is the WhatsApp message id. */
const sentMessage = z.object({ key: z.object({ id: z.string().min(1), remoteJid: z.string() }), status: z.string().optional() });
const connectionState = z.object({ instance: z.object({ state: z.string() }) });

export function createEvolutionChannel(settings: EvolutionSettings, secrets: EvolutionSecrets, options: ProviderOptions = {}): Channel {
  const rest = createRestClient({
    provider: 'evolution',
    name: 'Evolution API',
    codePrefix: 'EVOLUTION',
    baseUrl: settings.baseUrl,
    headers: { apikey: secrets.apiKey },
    secrets: [secrets.apiKey],
    options,
    classifyError: classifyEvolutionError,
  });
  const { reporter } = rest;
  const instance = encodeURIComponent(settings.instance);

  return {
    channel: NotificationChannel.WHATSAPP,
    provider: 'evolution',

    async send(message) {
      const invalid = rejectNonE164(reporter, 'EVOLUTION', message.to);
      if (invalid) return invalid;
      // Evolution wants the bare digits (country code first) and resolves the WhatsApp JID itself.
      const payload = { json: { number: message.to.slice(1), text: message.text } };
      const result = await rest.call('POST', `/message/sendText/${instance}`, sentMessage, payload);
      if (!result.ok) return result;
      return { ok: true, providerMessageId: result.data.key.id, raw: { remoteJid: result.data.key.remoteJid, status: result.data.status } };
    },

    async test(): Promise<ChannelTestResult> {
      const result = await rest.call('GET', `/instance/connectionState/${instance}`, connectionState);
      if (!result.ok) return failedProbe('Evolution instance', result, 'Check the base URL, the instance name and the API key');
      const { state } = result.data.instance;
      const open = state === 'open';
      return {
        ok: open,
        checks: [
          {
            name: 'Evolution instance',
            ok: open,
            detail: reporter.redact(`instance "${settings.instance}" is ${state}`),
            ...(open ? {} : { hint: 'The phone is not connected: scan the QR code again in the Evolution manager' }),
          },
        ],
      };
    },
  };
}
