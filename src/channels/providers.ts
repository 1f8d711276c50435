/**
 * The direct providers a tenant can configure in `channel_configs`: provider name → the channel it
 * serves, its settings (stored as JSON) and secrets (stored encrypted) as zod schemas, and the
 * factory that turns a validated pair into a Channel.
 */
import type { z } from 'zod';
import { AppError } from '../errors.ts';
import { NotificationChannel, type NotificationChannelValue } from '../notifications/notification.enums.ts';
import type { Channel } from './channel.ts';
import type { ProviderOptions } from './delivery-failure.ts';
import { createSmtpChannel } from './email/smtp.channel.ts';
import { smtpSecretsSchema, smtpSettingsSchema } from './email/smtp.schemas.ts';
import { createTwilioChannel } from './sms/twilio.channel.ts';
import { twilioSecretsSchema, twilioSettingsSchema } from './sms/twilio.schemas.ts';
import { createWhatsAppCloudChannel } from './whatsapp/cloud-api.channel.ts';
import { whatsAppCloudSecretsSchema, whatsAppCloudSettingsSchema } from './whatsapp/cloud-api.schemas.ts';
import { createEvolutionChannel } from './whatsapp/evolution.channel.ts';
import { evolutionSecretsSchema, evolutionSettingsSchema } from './whatsapp/evolution.schemas.ts';

export type { ProviderOptions } from './delivery-failure.ts';

export interface ProviderDefinition<Settings extends z.ZodType = z.ZodType, Secrets extends z.ZodType = z.ZodType> {
  channel: NotificationChannelValue;
  /** Non-secret settings: safe to store in plain JSON and to show in the admin UI. */
  settingsSchema: Settings;
  /** Secret fields: stored encrypted, never returned, never logged. */
  secretsSchema: Secrets;
  create(settings: z.output<Settings>, secrets: z.output<Secrets>, options?: ProviderOptions): Channel;
}

/** Keeps each entry's schema and factory types tied together. */
const defineProvider = <Settings extends z.ZodType, Secrets extends z.ZodType>(definition: ProviderDefinition<Settings, Secrets>) =>
  definition;

export const providers = {
  smtp: defineProvider({
    channel: NotificationChannel.EMAIL,
    settingsSchema: smtpSettingsSchema,
    secretsSchema: smtpSecretsSchema,
    create: createSmtpChannel,
  }),
  twilio: defineProvider({
    channel: NotificationChannel.SMS,
    settingsSchema: twilioSettingsSchema,
    secretsSchema: twilioSecretsSchema,
    create: createTwilioChannel,
  }),
  whatsapp_cloud: defineProvider({
    channel: NotificationChannel.WHATSAPP,
    settingsSchema: whatsAppCloudSettingsSchema,
    secretsSchema: whatsAppCloudSecretsSchema,
    create: createWhatsAppCloudChannel,
  }),
  evolution: defineProvider({
    channel: NotificationChannel.WHATSAPP,
    settingsSchema: evolutionSettingsSchema,
    secretsSchema: evolutionSecretsSchema,
    create: createEvolutionChannel,
  }),
};

export type ProviderName = keyof typeof providers;
export const providerNames = Object.keys(providers) as [ProviderName, ...ProviderName[]];

export function isProviderName(name: string): name is ProviderName {
  return Object.hasOwn(providers, name);
}

/**
 * Validates stored (or submitted) settings and secrets for `provider` and builds its channel.
 * Throws VALIDATION_FAILED naming each bad field; the messages never echo a submitted value.
 */
export function createProviderChannel(provider: ProviderName, settings: unknown, secrets: unknown, options?: ProviderOptions): Channel {
  const definition: ProviderDefinition = providers[provider];
  const parsedSettings = definition.settingsSchema.safeParse(settings);
  const parsedSecrets = definition.secretsSchema.safeParse(secrets);
  if (!parsedSettings.success || !parsedSecrets.success) {
    const issues = [
      ...fieldIssues('settings', parsedSettings.error),
      ...fieldIssues('secrets', parsedSecrets.error),
    ];
    throw new AppError('VALIDATION_FAILED', `Invalid ${provider} configuration: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`, {
      provider,
      issues,
    });
  }
  return definition.create(parsedSettings.data, parsedSecrets.data, options);
}

function fieldIssues(group: 'settings' | 'secrets', error: z.ZodError | undefined): Array<{ field: string; message: string }> {
  return (error?.issues ?? []).map((issue) => ({ field: [group, ...issue.path.map(String)].join('.'), message: issue.message }));
}
