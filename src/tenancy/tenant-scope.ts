import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The one predicate that keeps a query inside a tenant (invariant 1). Repositories add it to
 * every read, update and delete; the tenant id always comes from the caller's credentials.
 */
export function inTenant(table: { tenantId: PgColumn }, tenantId: string, ...more: Array<SQL | undefined>): SQL {
  return and(eq(table.tenantId, tenantId), ...more)!;
}

/** A row of a tenant: the key of the set-based (coalesced) reads and writes. */
export interface TenantRowKey {
  tenantId: string;
  id: string;
}

export const tenantRowKey = (key: TenantRowKey) => `${key.tenantId}|${key.id}`;

/**
 * The same predicate for many rows at once, each with its own tenant: `(tenant_id, id)` is one of
 * the pairs in the placeholders `tenantIds` and `ids` (fill them with `tenantRowPlaceholders`).
 */
export function inTenantRows(table: { tenantId: PgColumn; id: PgColumn }): SQL {
  return sql`(${table.tenantId}, ${table.id}) in (select * from unnest(${sql.placeholder('tenantIds')}::uuid[], ${sql.placeholder('ids')}::uuid[]))`;
}

export const tenantRowPlaceholders = (keys: TenantRowKey[]) => ({ tenantIds: keys.map((k) => k.tenantId), ids: keys.map((k) => k.id) });
