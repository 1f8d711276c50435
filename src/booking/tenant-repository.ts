/**
 * The one tenant-scoped CRUD piece every booking resource (and branches) builds its repository
 * on: `inTenant` is applied to every read, update and delete, and the tenant is stamped on every
 * insert, so no resource can forget either (invariant 1).
 */
import { asc, eq, ilike, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../db/client.ts';
import { inTenant } from '../tenancy/tenant-scope.ts';

/** What read and plain-write services need. A transaction is welcome as `db`: the caller's change and this one then commit together. */
export interface DbContext {
  db: DbOrTx;
}

/** A business table: a uuid `id` and the `tenant_id` that owns the row. */
export type TenantTable = PgTable & { id: PgColumn; tenantId: PgColumn };

/** What a caller may write: never the id, the tenant or the bookkeeping timestamps. */
export type WritableColumns<T extends TenantTable> = Omit<T['$inferInsert'], 'id' | 'tenantId' | 'createdAt' | 'updatedAt'>;

/** A change: plain values, or SQL computed from the row (e.g. `coalesce(opted_out_at, now())`). */
export type Patch<T extends TenantTable> = { [K in keyof WritableColumns<T>]?: WritableColumns<T>[K] | SQL };

export interface PageRequest {
  limit: number;
  offset: number;
}

/** The shape of `paginated()` in src/http/common.schemas.ts. */
export interface Page<R> {
  data: R[];
  pagination: { total: number; limit: number; offset: number };
}

export interface ListOptions {
  filters: Array<SQL | undefined>;
  /** The id is always appended, so pages are stable when the sort key ties. */
  orderBy: Array<PgColumn | SQL>;
  page: PageRequest;
}

/** Fetches one page and the total count for the same filter. */
export async function paginate<R>(page: PageRequest, rows: PromiseLike<R[]>, total: PromiseLike<number>): Promise<Page<R>> {
  const [data, count] = await Promise.all([rows, total]);
  return { data, pagination: { total: count, limit: page.limit, offset: page.offset } };
}

/** Case-insensitive substring match; the user's text is escaped so `%` and `_` match themselves. */
export const contains = (column: PgColumn | SQL, text: string) => ilike(column, `%${text.replace(/[\\%_]/g, '\\$&')}%`);

export const mapPage = <R, O>(page: Page<R>, map: (row: R) => O): Page<O> => ({ data: page.data.map(map), pagination: page.pagination });

export function tenantRepository<T extends TenantTable>(table: T, db: DbOrTx, tenantId: string) {
  type Row = T['$inferSelect'];
  // Drizzle cannot infer result types through a generic table; the casts below are confined here.
  const anyTable = table as PgTable;
  const scope = (...more: Array<SQL | undefined>) => inTenant(table, tenantId, ...more);
  const byId = (id: string) => scope(eq(table.id, id));

  /** `forUpdate` locks the row (SELECT … FOR UPDATE) until the transaction ends. */
  async function findById(id: string, options: { forUpdate?: boolean } = {}): Promise<Row | undefined> {
    const query = db.select().from(anyTable).where(byId(id));
    const [row] = await (options.forUpdate ? query.for('update') : query);
    return row as Row | undefined;
  }

  return {
    /** The tenant predicate plus extra conditions, for resource-specific queries. */
    scope,

    findById,

    async list({ filters, orderBy, page }: ListOptions): Promise<Page<Row>> {
      const where = scope(...filters);
      const rows = db
        .select()
        .from(anyTable)
        .where(where)
        .orderBy(...orderBy, asc(table.id))
        .limit(page.limit)
        .offset(page.offset);
      return paginate(page, rows as PromiseLike<Row[]>, db.$count(anyTable, where));
    },

    /** The tenant is stamped last, so nothing in `values` can choose it. */
    async insert(values: WritableColumns<T>): Promise<Row> {
      const [row] = await db
        .insert(anyTable)
        .values({ ...values, tenantId } as T['$inferInsert'])
        .returning();
      return row as Row;
    },

    /** An empty patch changes nothing and returns the row as it is. */
    async update(id: string, patch: Patch<T>): Promise<Row | undefined> {
      if (Object.values(patch).every((v) => v === undefined)) return findById(id);
      const [row] = await db.update(anyTable).set(patch).where(byId(id)).returning();
      return row as Row | undefined;
    },

    async delete(id: string): Promise<Row | undefined> {
      const [row] = await db.delete(anyTable).where(byId(id)).returning();
      return row as Row | undefined;
    },
  };
}
