/** Every table, for the Drizzle client and drizzle-kit. Each capability owns its own file. */
export * from '../tenancy/tenancy.tables.ts';
export * from '../booking/booking.tables.ts';
export * from '../chatwoot/chatwoot.tables.ts';
export * from '../notifications/notification.columns.ts';
export * from '../notifications/notifications.tables.ts';
export * from '../campaigns/campaigns.tables.ts';
export * from '../delivery/delivery.tables.ts';
