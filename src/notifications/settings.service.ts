import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { notificationSettings, type NotificationSettingsRow } from './notifications.tables.ts';

export type NotificationSettings = Omit<NotificationSettingsRow, 'tenantId'>;

const settingsRow = preparedPerDb((db) =>
  db.select().from(notificationSettings).where(eq(notificationSettings.tenantId, sql.placeholder('tenantId'))).prepare('notification_settings_row'),
);

/** A tenant's settings; created with defaults on first read (tenants made before a column existed). */
export async function getNotificationSettings(db: DbOrTx, tenantId: string): Promise<NotificationSettingsRow> {
  const [row] = await settingsRow(db).execute({ tenantId });
  if (row) return row;
  const [created] = await db.insert(notificationSettings).values({ tenantId }).onConflictDoNothing().returning();
  return created ?? (await getNotificationSettings(db, tenantId));
}

export async function updateNotificationSettings(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
  patch: Partial<NotificationSettings>,
): Promise<NotificationSettingsRow> {
  await getNotificationSettings(ctx.db, tenantId);
  const [row] = await ctx.db.update(notificationSettings).set(patch).where(eq(notificationSettings.tenantId, tenantId)).returning();
  return row;
}
