import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { sendReminder } from './reminders.service.ts';

export const REMINDER_TASK = 'reminder';

// Checked on entry: jobs queued by an older version of the code may carry an older shape.
export const reminderPayload = z.object({
  tenantId: z.string().uuid(),
  appointmentId: z.string().uuid(),
  offsetMinutes: z.number().int(),
  /** The start time the reminder was planned for: a moved appointment's old jobs do nothing. */
  startTime: z.string().datetime({ offset: true }),
});
export type ReminderPayload = z.infer<typeof reminderPayload>;

export const reminderTask =
  (ctx: AppContext): Task =>
  async (payload) => {
    await sendReminder(ctx, reminderPayload.parse(payload));
  };
