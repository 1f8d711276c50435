import { and, eq, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * The one predicate that keeps a query inside a tenant (invariant 1). Repositories add it to
 * every read, update and delete; the tenant id always comes from the caller's credentials.
 */
export function inTenant(table: { tenantId: PgColumn }, tenantId: string, ...more: Array<SQL | undefined>): SQL {
  return and(eq(table.tenantId, tenantId), ...more)!;
}
