/**
 * CitaPlanner Notify as a library: the seed's services and enums, and `createCitaPlanner` for
 * explicit wiring. The singletons read their configuration from process.env (README
 * "Configuration") on first use.
 *
 * @example
 * import { chatwootService } from 'citaplanner-notify';
 * const result = await chatwootService.sendChatwoot({ to: '+523331234567', message: 'Hola', tenantId: 'mi-salon' });
 * // { success: true, logId: '…', messageId: '…' }
 */
import { lazyService } from './library/default-instance.ts';

export { createCitaPlanner, type CitaPlanner, type CitaPlannerOptions } from './library/citaplanner.ts';
export { closeDefaultCitaPlanner } from './library/default-instance.ts';
export type { FacadeResult } from './library/facade-support.ts';
export { NotificationChannel, NotificationStatus, NotificationType } from './notifications/notification.enums.ts';
export type { NotificationChannelValue, NotificationStatusValue, NotificationTypeValue } from './notifications/notification.enums.ts';

/** Sends through the tenant's Chatwoot: `sendChatwoot`, `sendAppointmentConfirmation`, … `testConnection`. */
export const chatwootService = lazyService('chatwootService', [
  'sendChatwoot',
  'sendAppointmentConfirmation',
  'sendAppointmentCancellation',
  'sendAppointmentReminder',
  'sendMarketingMessage',
  'sendFeedbackRequest',
  'testConnection',
]);

/** `sendNotification`, `sendAppointmentNotificationByChannel`, `testAllChannels`. */
export const notificationManager = lazyService('notificationManager', [
  'sendNotification',
  'sendAppointmentNotificationByChannel',
  'testAllChannels',
]);

/** `sendNotification` to a client id (the tenant is the client's). */
export const notificationService = lazyService('notificationService', ['sendNotification']);

/** `loadConfigForTenant`, `findOrCreateContact`, `sendMessageToContact`. */
export const chatwootApiService = lazyService('chatwootApiService', ['loadConfigForTenant', 'findOrCreateContact', 'sendMessageToContact']);
