import { count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { insertManyOrSkip } from '../db/insert-many.ts';
import { inTenant } from '../tenancy/tenant-scope.ts';
import type { LogQuery } from './log.schemas.ts';
import { notificationLogs, type NotificationLogRow } from './notifications.tables.ts';

export type NewLogRow = Omit<typeof notificationLogs.$inferInsert, 'tenantId' | 'id'>;
type NewTenantLogRow = NewLogRow & { tenantId: string };

const idempotencyKeyOf = (row: { tenantId: string; idempotencyKey: string }) => `${row.tenantId}|${row.idempotencyKey}`;

// Every message is a new row: the rows of one turn (any tenants) are one insert. A key asked for
// twice in one turn is created once; the second caller gets the row as not new, as it would a moment later.
const insertRowsOnce = coalescedPerDb(async (db, wanted: NewTenantLogRow[]) => {
  const inserted = await insertManyOrSkip(db, notificationLogs, wanted, [notificationLogs.tenantId, notificationLogs.idempotencyKey]);
  const fresh = alignTo(wanted, inserted, idempotencyKeyOf, idempotencyKeyOf, { once: true });
  const taken = wanted.filter((_, i) => !fresh[i]);
  const existing = taken.length
    ? alignTo(
        wanted,
        await db
          .select()
          .from(notificationLogs)
          .where(
            sql`(${notificationLogs.tenantId}, ${notificationLogs.idempotencyKey}) in (select * from unnest(${sql.param(taken.map((w) => w.tenantId))}::uuid[], ${sql.param(taken.map((w) => w.idempotencyKey))}::text[]))`,
          ),
        idempotencyKeyOf,
        idempotencyKeyOf,
      )
    : [];
  return wanted.map((_, i) => (fresh[i] ? { row: fresh[i], created: true } : { row: existing[i]!, created: false }));
});

/** The notification log of one tenant: every read and write is scoped to it. */
export function createLogRepository(db: DbOrTx, tenantId: string) {
  const scope = (...more: Array<SQL | undefined>) => inTenant(notificationLogs, tenantId, ...more);
  return {
    async find(id: string): Promise<NotificationLogRow | undefined> {
      const [row] = await db.select().from(notificationLogs).where(scope(eq(notificationLogs.id, id)));
      return row;
    },

    async findByIdempotencyKey(key: string): Promise<NotificationLogRow | undefined> {
      const [row] = await db.select().from(notificationLogs).where(scope(eq(notificationLogs.idempotencyKey, key)));
      return row;
    },

    /** Inserts the row unless its idempotency key exists; returns the row and whether it is new. */
    insertOnce(values: NewLogRow): Promise<{ row: NotificationLogRow; created: boolean }> {
      return insertRowsOnce(db, { ...values, tenantId });
    },

    async list(query: LogQuery): Promise<{ rows: NotificationLogRow[]; total: number }> {
      const where = scope(
        query.status && inArray(notificationLogs.status, query.status),
        query.channel && inArray(notificationLogs.channel, query.channel),
        query.type && inArray(notificationLogs.type, query.type),
        query.clientId ? eq(notificationLogs.clientId, query.clientId) : undefined,
        query.appointmentId ? eq(notificationLogs.appointmentId, query.appointmentId) : undefined,
        query.campaignId ? eq(notificationLogs.campaignId, query.campaignId) : undefined,
        query.from ? gte(notificationLogs.createdAt, query.from) : undefined,
        query.to ? lt(notificationLogs.createdAt, query.to) : undefined,
      );
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(notificationLogs)
          .where(where)
          .orderBy(desc(notificationLogs.createdAt), desc(notificationLogs.id))
          .limit(query.limit)
          .offset(query.offset),
        db.select({ total: count() }).from(notificationLogs).where(where),
      ]);
      return { rows, total };
    },

    async update(id: string, patch: Partial<NewLogRow>): Promise<NotificationLogRow> {
      const [row] = await db.update(notificationLogs).set(patch).where(scope(eq(notificationLogs.id, id))).returning();
      return row;
    },
  };
}

export type LogRepository = ReturnType<typeof createLogRepository>;
