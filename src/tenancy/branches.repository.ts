import { asc, eq, or } from 'drizzle-orm';
import { contains, tenantRepository, type PageRequest } from '../booking/tenant-repository.ts';
import type { DbOrTx } from '../db/client.ts';
import { branches } from './tenancy.tables.ts';

export interface BranchFilters {
  q?: string;
  active?: boolean;
}

export function createBranchesRepository(db: DbOrTx, tenantId: string) {
  const base = tenantRepository(branches, db, tenantId);
  return {
    ...base,
    list(filters: BranchFilters, page: PageRequest) {
      return base.list({
        filters: [
          filters.q === undefined ? undefined : or(contains(branches.name, filters.q), contains(branches.address, filters.q)),
          filters.active === undefined ? undefined : eq(branches.active, filters.active),
        ],
        orderBy: [asc(branches.name)],
        page,
      });
    },
  };
}
