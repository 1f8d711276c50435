import { z } from 'zod';

export const twilioSettingsSchema = z
  .object({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID (AC + 32 hex characters)')
      .describe('Account SID, shown on the Twilio console dashboard'),
    from: z
      .string()
      .regex(/^(\+[1-9]\d{6,14}|[A-Za-z0-9 ]{1,11})$/, 'must be an E.164 number or an alphanumeric sender ID (up to 11 characters)')
      .optional()
      .describe('Sender: a Twilio number in E.164 or an alphanumeric sender ID'),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'must be a Messaging Service SID (MG + 32 hex characters)')
      .optional()
      .describe('Messaging Service that picks the sender; takes precedence over `from` for routing'),
    baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com').describe('Twilio REST API root'),
  })
  .refine((settings) => settings.from || settings.messagingServiceSid, {
    message: 'either `from` or `messagingServiceSid` is required',
    path: ['from'],
  });

export const twilioSecretsSchema = z.object({
  authToken: z.string().min(1).describe('Auth Token of the account (HTTP Basic password)'),
});

export type TwilioSettings = z.output<typeof twilioSettingsSchema>;
export type TwilioSecrets = z.output<typeof twilioSecretsSchema>;
