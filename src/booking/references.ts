import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { createBranchesRepository } from '../tenancy/branches.repository.ts';
import { createClientsRepository } from './clients.repository.ts';
import { createProfessionalsRepository } from './professionals.repository.ts';
import { createServicesRepository } from './services.repository.ts';

/**
 * Loads a record a request refers to by id (`serviceId`, `branchId`…). Another tenant's id gets the
 * same 404 as an id that does not exist, so nobody learns that it exists elsewhere (invariant 1).
 * A retired (inactive) record takes no new work: 409.
 */
async function activeReference<R extends { active: boolean }>(
  field: string,
  what: string,
  id: string,
  find: (id: string) => Promise<R | undefined>,
): Promise<R> {
  const row = await find(id);
  if (!row) throw new AppError('NOT_FOUND', `${field}: ${what} ${id} not found`, { field });
  if (!row.active) {
    throw new AppError('CONFLICT', `${field}: ${what} ${id} is inactive; reactivate it with PATCH {"active": true} or choose another`, { field });
  }
  return row;
}

/** The records an appointment points at, each checked to be this tenant's and active. */
export function bookingReferences(db: DbOrTx, tenantId: string) {
  return {
    client: (id: string) => activeReference('clientId', 'client', id, (i) => createClientsRepository(db, tenantId).findById(i)),
    service: (id: string) => activeReference('serviceId', 'service', id, (i) => createServicesRepository(db, tenantId).findById(i)),
    professional: (id: string) =>
      activeReference('professionalId', 'professional', id, (i) => createProfessionalsRepository(db, tenantId).findById(i)),
    branch: (id: string) => activeReference('branchId', 'branch', id, (i) => createBranchesRepository(db, tenantId).findById(i)),
  };
}
