import { z } from 'zod';
import { notificationChannels, notificationStatuses, notificationTypes } from './notification.enums.ts';

export const sendBody = z
  .object({
    type: z.enum(notificationTypes),
    channel: z.enum(notificationChannels).optional().describe("Without it, the tenant's fallback order chooses"),
    clientId: z.string().uuid().optional().describe('A client of the tenant'),
    recipient: z.string().min(3).max(320).optional().describe('Or a phone number (any common form) / an email address for EMAIL'),
    recipientName: z.string().max(200).optional(),
    appointmentId: z.string().uuid().optional(),
    message: z.string().min(1).max(4096).optional().describe("Text to send as is; without it the type's template is rendered"),
    templateName: z.string().max(100).optional().describe('One of the tenant’s templates, by name'),
    variables: z
      .object({
        clientName: z.string(),
        appointmentDate: z.string(),
        appointmentTime: z.string(),
        serviceName: z.string(),
        professionalName: z.string(),
        branchName: z.string(),
        reason: z.string(),
        feedbackUrl: z.string().url(),
      })
      .partial()
      .optional()
      .describe('Pre-formatted values for the template when there is no appointment to read them from'),
  })
  .refine((b) => b.clientId || b.recipient || b.appointmentId, { message: 'give clientId, appointmentId or recipient', path: ['recipient'] });

export const sendHeaders = z.object({
  'idempotency-key': z.string().min(8).max(200).optional().describe('Repeat a request with the same key and nothing is sent twice'),
});

export const sendResult = z.object({
  success: z.boolean(),
  logId: z.string().uuid(),
  messageId: z.string().optional(),
  error: z.string().optional(),
  status: z.enum(notificationStatuses),
});
