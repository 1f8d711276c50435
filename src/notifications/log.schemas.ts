import { z } from 'zod';
import { paginationQuery } from '../http/common.schemas.ts';
import { notificationChannels, notificationStatuses, notificationTypes } from './notification.enums.ts';

/** Accepts `status=SENT` or `status=SENT,FAILED`. */
const oneOrMany = <T extends [string, ...string[]]>(values: T) =>
  z
    .string()
    .transform((s) => s.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1));

export const logQuery = paginationQuery.extend({
  status: oneOrMany(notificationStatuses).optional().describe('One status or several, comma-separated'),
  channel: oneOrMany(notificationChannels).optional(),
  type: oneOrMany(notificationTypes).optional(),
  clientId: z.string().uuid().optional(),
  appointmentId: z.string().uuid().optional(),
  campaignId: z.string().uuid().optional(),
  from: z.coerce.date().optional().describe('Created at or after (ISO-8601)'),
  to: z.coerce.date().optional().describe('Created before (ISO-8601)'),
});
export type LogQuery = z.infer<typeof logQuery>;

export const logResponse = z.object({
  id: z.string().uuid(),
  type: z.enum(notificationTypes),
  channel: z.enum(notificationChannels),
  status: z.enum(notificationStatuses),
  recipient: z.string(),
  recipientName: z.string().nullable(),
  clientId: z.string().uuid().nullable(),
  appointmentId: z.string().uuid().nullable(),
  campaignId: z.string().uuid().nullable(),
  subject: z.string().nullable(),
  message: z.string(),
  idempotencyKey: z.string(),
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  providerConversationId: z.string().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  attempts: z.number().int(),
  metadata: z.record(z.string(), z.unknown()),
  scheduledAt: z.date(),
  deadlineAt: z.date().nullable(),
  sendingStartedAt: z.date().nullable(),
  sentAt: z.date().nullable(),
  deliveredAt: z.date().nullable(),
  readAt: z.date().nullable(),
  failedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
