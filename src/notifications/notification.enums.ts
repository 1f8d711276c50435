/**
 * The seed's enums, kept with their names and values: user code written against the original
 * Prisma enums (`NotificationType.APPOINTMENT_REMINDER`) keeps working.
 */
export const NotificationType = {
  APPOINTMENT_CONFIRMATION: 'APPOINTMENT_CONFIRMATION',
  APPOINTMENT_CANCELLATION: 'APPOINTMENT_CANCELLATION',
  APPOINTMENT_RESCHEDULE: 'APPOINTMENT_RESCHEDULE',
  APPOINTMENT_REMINDER: 'APPOINTMENT_REMINDER',
  FEEDBACK_REQUEST: 'FEEDBACK_REQUEST',
  PROMOTION: 'PROMOTION',
  CUSTOM: 'CUSTOM',
} as const;
export type NotificationTypeValue = (typeof NotificationType)[keyof typeof NotificationType];
export const notificationTypes = Object.values(NotificationType) as [NotificationTypeValue, ...NotificationTypeValue[]];

export const NotificationChannel = {
  CHATWOOT: 'CHATWOOT',
  WHATSAPP: 'WHATSAPP',
  SMS: 'SMS',
  EMAIL: 'EMAIL',
} as const;
export type NotificationChannelValue = (typeof NotificationChannel)[keyof typeof NotificationChannel];
export const notificationChannels = Object.values(NotificationChannel) as [
  NotificationChannelValue,
  ...NotificationChannelValue[],
];

export const NotificationStatus = {
  QUEUED: 'QUEUED',
  SENDING: 'SENDING',
  SENT: 'SENT',
  DELIVERED: 'DELIVERED',
  READ: 'READ',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
  SKIPPED: 'SKIPPED',
} as const;
export type NotificationStatusValue = (typeof NotificationStatus)[keyof typeof NotificationStatus];
export const notificationStatuses = Object.values(NotificationStatus) as [
  NotificationStatusValue,
  ...NotificationStatusValue[],
];
