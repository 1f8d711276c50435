import { z } from 'zod';

export const smtpSettingsSchema = z.object({
  host: z.string().min(1).describe('SMTP server host name'),
  port: z.number().int().min(1).max(65535).describe('Usually 587 (STARTTLS) or 465 (implicit TLS)'),
  secure: z.boolean().default(false).describe('true for implicit TLS (port 465); false upgrades with STARTTLS when offered'),
  from: z.email().describe('Sender address'),
  fromName: z.string().min(1).optional().describe('Sender display name, e.g. the business name'),
  replyTo: z.email().optional().describe('Where client replies go, when not to `from`'),
});

export const smtpSecretsSchema = z
  .object({
    user: z.string().min(1).optional().describe('SMTP login; omit for a relay that needs none'),
    pass: z.string().min(1).optional().describe('SMTP password or app password'),
  })
  .refine((secrets) => !secrets.pass || secrets.user, { message: 'a password needs a `user`', path: ['user'] });

export type SmtpSettings = z.output<typeof smtpSettingsSchema>;
export type SmtpSecrets = z.output<typeof smtpSecretsSchema>;
