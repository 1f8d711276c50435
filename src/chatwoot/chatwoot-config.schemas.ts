import { z } from 'zod';
import { notificationTypes } from '../notifications/notification.enums.ts';

const whatsappTemplate = z.object({
  name: z.string().min(1).describe('Name of the approved template in WhatsApp Manager'),
  language: z.string().min(2).describe('Template language code, e.g. es_MX'),
  category: z.enum(['UTILITY', 'MARKETING', 'AUTHENTICATION']).optional(),
});

export const whatsappTemplatesSchema = z
  .partialRecord(z.enum(notificationTypes), whatsappTemplate)
  .describe('Approved WhatsApp templates by notification type, used outside the 24-hour window');

export const chatwootConfigBody = z.object({
  enabled: z.boolean().default(true),
  baseUrl: z
    .string()
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .describe('Chatwoot address, e.g. https://app.chatwoot.com'),
  accountId: z.number().int().positive(),
  inboxId: z.number().int().positive().describe('Inbox the messages are sent from'),
  apiToken: z.string().min(8).optional().describe('A user access token (Profile settings). Write-only; required the first time'),
  webhookSecret: z.string().min(8).nullable().optional().describe('Secret of the Chatwoot webhook, to verify signatures. Write-only'),
  rateLimitPerMinute: z.number().int().min(4).max(3000).default(60).describe('Requests per minute toward this account (at least 4: a first contact needs up to 4 calls at once)'),
  whatsappTemplates: whatsappTemplatesSchema.default({}),
});
export type ChatwootConfigInput = z.infer<typeof chatwootConfigBody>;

export const branchQuery = z.object({
  branchId: z.string().uuid().optional().describe('Read or change the override of this branch instead of the tenant default'),
});

export const chatwootConfigView = z.object({
  configured: z.boolean(),
  source: z.enum(['branch', 'tenant', 'environment']).nullable().describe('Where the effective configuration comes from'),
  config: z
    .object({
      id: z.string().nullable(),
      branchId: z.string().uuid().nullable(),
      enabled: z.boolean(),
      baseUrl: z.string(),
      accountId: z.number().int(),
      inboxId: z.number().int(),
      apiToken: z.string().nullable().describe('Masked'),
      webhookSecret: z.string().nullable().describe('Masked'),
      webhookUrl: z.string().nullable().describe('Give this URL to Chatwoot (Settings → Integrations → Webhooks)'),
      rateLimitPerMinute: z.number().int(),
      whatsappTemplates: whatsappTemplatesSchema,
      updatedAt: z.date().nullable(),
    })
    .nullable(),
});
