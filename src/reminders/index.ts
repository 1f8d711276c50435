/** Reminders and lifecycle triggers: what appointment changes send, when reminders go out, and the cron sweep. */
export { lifecycleHooks } from './lifecycle.ts';
export { REMINDER_TASK, reminderTask } from './reminder.task.ts';
export { remindersRoutes } from './reminders.routes.ts';
export { sweepDueReminders } from './reminders.service.ts';
