import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { services } from './booking.tables.ts';
import { contains, tenantRepository, type PageRequest } from './tenant-repository.ts';

export interface ServiceFilters {
  q?: string;
  active?: boolean;
}

export function createServicesRepository(db: DbOrTx, tenantId: string) {
  const base = tenantRepository(services, db, tenantId);
  return {
    ...base,
    list(filters: ServiceFilters, page: PageRequest) {
      return base.list({
        filters: [
          filters.q === undefined ? undefined : contains(services.name, filters.q),
          filters.active === undefined ? undefined : eq(services.active, filters.active),
        ],
        orderBy: [asc(services.name)],
        page,
      });
    },
  };
}
