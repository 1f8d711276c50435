/** Postgres enums built from the seed's constants, so the database and the TypeScript API share one list. */
import { pgEnum } from 'drizzle-orm/pg-core';
import { notificationChannels, notificationStatuses, notificationTypes } from './notification.enums.ts';

export const notificationType = pgEnum('notification_type', notificationTypes);
export const notificationChannel = pgEnum('notification_channel', notificationChannels);
export const notificationStatus = pgEnum('notification_status', notificationStatuses);
