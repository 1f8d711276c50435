import { z } from 'zod';

export const whatsAppCloudSettingsSchema = z.object({
  phoneNumberId: z
    .string()
    .regex(/^\d+$/, 'must be the numeric Phone Number ID from WhatsApp Manager (not the phone number itself)')
    .describe('Phone Number ID of the business number (WhatsApp Manager → API Setup)'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'must look like v21.0')
    .default('v21.0')
    .describe('Graph API version; Meta retires each about two years after release'),
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://graph.facebook.com').describe('Graph API root'),
});

export const whatsAppCloudSecretsSchema = z.object({
  accessToken: z.string().min(1).describe('System User access token with whatsapp_business_messaging permission'),
});

export type WhatsAppCloudSettings = z.output<typeof whatsAppCloudSettingsSchema>;
export type WhatsAppCloudSecrets = z.output<typeof whatsAppCloudSecretsSchema>;
