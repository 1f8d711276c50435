/**
 * SMS through Twilio's Programmable Messaging REST API (2010-04-01):
 * POST /Accounts/{Sid}/Messages.json, form-encoded, HTTP Basic auth (Account SID : Auth Token).
 */
import { z } from 'zod';
import { NotificationChannel } from '../../notifications/notification.enums.ts';
import type { Channel, ChannelTestResult, OutgoingMessage } from '../channel.ts';
import { failedProbe, rejectNonE164, type ProviderOptions } from '../delivery-failure.ts';
import { createRestClient } from '../http-provider.ts';
import { classifyTwilioError } from './twilio.errors.ts';
import type { TwilioSecrets, TwilioSettings } from './twilio.schemas.ts';

/** The part of Twilio's Message resource we keep. */
const createdMessage = z.object({ sid: z.string().min(1), status: z.string() });
/** The part of Twilio's Account resource that test() reads. */
const account = z.object({ friendly_name: z.string(), status: z.enum(['active', 'suspended', 'closed']), type: z.string() });

export function createTwilioChannel(settings: TwilioSettings, secrets: TwilioSecrets, options: ProviderOptions = {}): Channel {
  const basicCredentials = Buffer.from(`${settings.accountSid}:${secrets.authToken}`).toString('base64');
  const rest = createRestClient({
    provider: 'twilio',
    name: 'Twilio',
    codePrefix: 'TWILIO',
    baseUrl: settings.baseUrl,
    headers: { authorization: `Basic ${basicCredentials}` },
    secrets: [secrets.authToken, basicCredentials],
    options,
    classifyError: classifyTwilioError,
  });
  const { reporter } = rest;
  const accountPath = `/2010-04-01/Accounts/${settings.accountSid}`;

  return {
    channel: NotificationChannel.SMS,
    provider: 'twilio',

    async send(message) {
      const invalid = rejectNonE164(reporter, 'TWILIO', message.to);
      if (invalid) return invalid;
      const result = await rest.call('POST', `${accountPath}/Messages.json`, createdMessage, { form: messageForm(settings, message) });
      if (!result.ok) return result;
      return { ok: true, providerMessageId: result.data.sid, raw: { status: result.data.status } };
    },

    async test(): Promise<ChannelTestResult> {
      const result = await rest.call('GET', `${accountPath}.json`, account);
      if (!result.ok) return failedProbe('Twilio account', result, 'Check the Account SID and Auth Token in the Twilio console');
      const active = result.data.status === 'active';
      return {
        ok: active,
        checks: [
          {
            name: 'Twilio account',
            ok: active,
            detail: reporter.redact(`${result.data.friendly_name} (${result.data.type}) is ${result.data.status}`),
            ...(active ? {} : { hint: 'A suspended or closed account cannot send SMS; reactivate it in the Twilio console' }),
          },
        ],
      };
    },
  };
}

function messageForm(settings: TwilioSettings, message: OutgoingMessage): Record<string, string> {
  const form: Record<string, string> = { To: message.to, Body: message.text };
  // With a Messaging Service, Twilio picks the sender from its pool; From, if also given, must belong to it.
  if (settings.messagingServiceSid) form.MessagingServiceSid = settings.messagingServiceSid;
  if (settings.from) form.From = settings.from;
  return form;
}
