import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { professionals } from './booking.tables.ts';
import { contains, tenantRepository, type PageRequest } from './tenant-repository.ts';

export interface ProfessionalFilters {
  q?: string;
  branchId?: string;
  active?: boolean;
}

export function createProfessionalsRepository(db: DbOrTx, tenantId: string) {
  const base = tenantRepository(professionals, db, tenantId);
  return {
    ...base,
    list(filters: ProfessionalFilters, page: PageRequest) {
      return base.list({
        filters: [
          filters.q === undefined ? undefined : contains(professionals.name, filters.q),
          filters.branchId === undefined ? undefined : eq(professionals.branchId, filters.branchId),
          filters.active === undefined ? undefined : eq(professionals.active, filters.active),
        ],
        orderBy: [asc(professionals.name)],
        page,
      });
    },
  };
}
