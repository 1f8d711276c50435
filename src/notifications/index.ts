/**
 * Notifications: the send pipeline, the notification log (audit + outbox), per-tenant channel
 * and notification settings, and the seed-compatible facades.
 */
export { deliverLog, type LogMetadata } from './deliver.ts';
export { DELIVER_TASK, deliverJobKey, queueNotification } from './queue.ts';
export { recordSkipped, sendNotificationNow, toSendResult, type SendResult } from './send.service.ts';
export { type NotificationRequest, type SeedVariables } from './compose.ts';
export { getNotificationSettings } from './settings.service.ts';
export { createLogRepository } from './log.repository.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export * from './notification.enums.ts';
