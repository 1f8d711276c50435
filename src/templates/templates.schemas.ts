import { z } from 'zod';
import { booleanQuery, paginationQuery, timestamp } from '../http/common.schemas.ts';
import { notificationChannels, notificationTypes } from '../notifications/notification.enums.ts';
import type { NotificationTemplateRow } from '../notifications/notifications.tables.ts';
import { MAX_TEMPLATE_LENGTH } from './liquid-engine.ts';
import { templateLocales, type TemplateLocale } from './template-locale.ts';

/** Longest subject accepted; an email subject longer than this is cut by every mail client anyway. */
export const MAX_SUBJECT_LENGTH = 300;

const type = z.enum(notificationTypes).describe('The message this template is for');
const channel = z.enum(notificationChannels);
const locale = z.enum(templateLocales as [TemplateLocale, ...TemplateLocale[]]);

const body = z
  .string()
  .max(MAX_TEMPLATE_LENGTH)
  .describe(
    'Liquid text, e.g. "Hola {{ client.name }}, te esperamos el {{ appointment.date }}". A line whose variables are all empty is left out. ' +
      'Checked when saved: a template that does not parse, or reads a variable that does not exist, is rejected with its line and the reason.',
  );

/** An empty subject means "no subject of my own": the default one is used. */
const subject = z
  .string()
  .max(MAX_SUBJECT_LENGTH)
  .transform((s) => (s.trim() === '' ? null : s))
  .nullable()
  .describe('Email subject, Liquid like the body; null, empty or left out uses the default subject');

/** Every writable field, none with a default: PATCH sends only what changes, inserts take the table defaults. */
const templateFields = z.object({
  name: z.string().trim().min(1).max(100).describe('Unique within the tenant; sends may pick a template by it (templateName)'),
  type,
  channel: channel.nullable().describe('The channel it is for; null (or left out) = every channel. One for the exact channel wins over an any-channel one'),
  locale: locale.describe('Language of the clients it is sent to: a client gets the template in their own locale, else the tenant\'s'),
  subject,
  body,
  active: z.boolean().describe('false keeps the template but sends the default instead (default true)'),
});

export const templateCreate = templateFields.partial({ channel: true, subject: true, active: true });
export const templatePatch = templateFields.partial();
export type TemplateCreate = z.infer<typeof templateCreate>;
export type TemplatePatch = z.infer<typeof templatePatch>;

export const templateListQuery = paginationQuery.extend({
  type: type.optional().describe('Only templates for this message type'),
  channel: z
    .union([channel, z.literal('ANY')])
    .optional()
    .describe('Only templates for this channel; ANY = only the templates that apply to every channel'),
  locale: locale.optional().describe('Only templates in this language'),
  active: booleanQuery.optional().describe('Only active (true) or inactive (false) templates'),
});
export type TemplateListQuery = z.infer<typeof templateListQuery>;

export const templateResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  type: z.enum(notificationTypes),
  channel: channel.nullable().describe('null: every channel'),
  locale: z.string(),
  subject: z.string().nullable().describe('null: the default subject'),
  body: z.string(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toTemplateResponse = (row: NotificationTemplateRow): z.input<typeof templateResponse> => ({
  id: row.id,
  name: row.name,
  type: row.type,
  channel: row.channel,
  locale: row.locale,
  subject: row.subject,
  body: row.body,
  active: row.active,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export const defaultTemplatesQuery = z.object({
  type: type.optional().describe('Only the defaults for this message type'),
  locale: locale.optional().describe('Only the defaults in this language'),
});

export const defaultTemplateResponse = z.object({
  type: z.enum(notificationTypes),
  locale,
  subject: z.string().describe('Email subject'),
  body: z.string().describe('Body as sent on WhatsApp and Chatwoot (`*bold*`)'),
  plainTextBody: z.string().describe('Body as sent by email and SMS: the same text without the `*bold*` marks'),
});

export const templatePreview = z.object({
  body: body.optional().describe('A body to try (unsaved); left out: the saved template (templateId), else what a send would use'),
  subject: subject.optional(),
  type: type.optional().describe('Required unless templateId is given (then the saved template\'s type)'),
  locale: locale.optional().describe("Language; left out: the saved template's, else the appointment client's, else the tenant's"),
  channel: channel.optional().describe("Channel to preview for (EMAIL and SMS defaults drop WhatsApp's *bold*); left out: the saved template's, else any channel"),
  templateId: z.string().uuid().optional().describe('Preview one of your saved templates'),
  appointmentId: z.string().uuid().optional().describe("Fill the variables with one of your appointments instead of sample data"),
  message: z.string().max(MAX_TEMPLATE_LENGTH).optional().describe('The {{ message }} text (campaigns, custom messages); left out: a sample text'),
});
export type TemplatePreview = z.infer<typeof templatePreview>;

const text = z.string();
export const templateVariables = z
  .object({
    tenant: z.object({ name: text, timezone: text, locale: text }),
    branch: z.object({ name: text, address: text, phone: text }),
    client: z.object({ firstName: text, lastName: text, name: text }),
    appointment: z.object({
      id: text,
      date: text,
      time: text,
      dateTime: text,
      relativeDay: text,
      previousDate: text,
      previousTime: text,
      previousDateTime: text,
      cancelReason: text,
    }),
    service: z.object({ name: text, durationMinutes: z.number().nullable() }),
    professional: z.object({ name: text }),
    feedbackUrl: text,
    message: text,
  })
  .describe('The variables the template was rendered with');

export const templatePreviewResponse = z.object({
  text: z.string().describe('The message as it would be sent'),
  subject: z.string().describe('The email subject, on one line'),
  variables: templateVariables,
  usedDefault: z.boolean().describe('true: the body is the system default (no body given, and no saved template applies)'),
  templateId: z.string().uuid().nullable().describe('The saved template used, if any'),
  locale,
});
