import { z } from 'zod';
import { notificationChannels } from './notification.enums.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use 24-hour "HH:MM", e.g. "21:00"');

export const notificationSettingsBody = z.object({
  chatwootEnabled: z.boolean(),
  whatsappEnabled: z.boolean(),
  smsEnabled: z.boolean(),
  emailEnabled: z.boolean(),
  channelOrder: z
    .array(z.enum(notificationChannels))
    .min(1)
    .refine((list) => new Set(list).size === list.length, 'each channel may appear once')
    .describe('Fallback order: the first enabled channel that can reach the client is used'),
  confirmationEnabled: z.boolean(),
  cancellationEnabled: z.boolean(),
  rescheduleEnabled: z.boolean(),
  reminderEnabled: z.boolean(),
  feedbackEnabled: z.boolean(),
  reminderOffsets: z
    .array(z.number().int().min(5).max(60 * 24 * 30))
    .max(5)
    .refine((list) => new Set(list).size === list.length, 'each offset may appear once')
    .describe('Minutes before the appointment, e.g. [1440, 120] = a day and two hours before'),
  quietHoursStart: hhmm.nullable().describe("Start of quiet hours in the tenant's timezone (no messages until quietHoursEnd)"),
  quietHoursEnd: hhmm.nullable(),
  feedbackDelayMinutes: z.number().int().min(0).max(60 * 24 * 14),
  feedbackUrlTemplate: z
    .string()
    .max(500)
    .nullable()
    .describe('Link sent with feedback requests; may use {{ appointment.id }}, {{ client.id }}'),
  interactiveConfirmations: z.boolean().describe('Send confirmations and reminders with Confirmar / Reagendar / Cancelar buttons'),
  vipThreshold: z.number().int().min(1).max(10_000).describe('Appointments that make a client VIP (campaign segment)'),
  inactiveMonths: z.number().int().min(1).max(120).describe('Months without appointments that make a client inactive'),
  autoCreateClients: z.boolean().describe('Create a client when an unknown phone writes through Chatwoot'),
});

export const notificationSettingsPatch = notificationSettingsBody
  .partial()
  .refine((s) => (s.quietHoursStart === undefined) === (s.quietHoursEnd === undefined), {
    message: 'set quietHoursStart and quietHoursEnd together (both null turns quiet hours off)',
  })
  .refine((s) => (s.quietHoursStart === null) === (s.quietHoursEnd === null), {
    message: 'quietHoursStart and quietHoursEnd must both be times, or both null',
  });

export const notificationSettingsResponse = notificationSettingsBody.extend({ updatedAt: z.date() });
