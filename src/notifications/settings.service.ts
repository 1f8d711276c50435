import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { notificationSettings, type NotificationSettingsRow } from './notifications.tables.ts';

export type NotificationSettings = Omit<NotificationSettingsRow, 'tenantId'>;

const settingsRows = preparedPerDb((db) =>
  db
    .select()
    .from(notificationSettings)
    .where(sql`${notificationSettings.tenantId} = any(${sql.placeholder('tenantIds')}::uuid[])`)
    .prepare('notification_settings_rows'),
);

// Every message reads its tenant's settings: concurrent messages share one statement.
const settingsOf = coalescedPerDb(async (db, tenantIds: string[]) =>
  alignTo(tenantIds, await settingsRows(db).execute({ tenantIds }), (id) => id, (row) => row.tenantId),
);

/** A tenant's settings; created with defaults on first read (tenants made before a column existed). */
export async function getNotificationSettings(db: DbOrTx, tenantId: string): Promise<NotificationSettingsRow> {
  const row = await settingsOf(db, tenantId);
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
