import { notFound } from '../errors.ts';
import type { Service } from './booking.tables.ts';
import { deleteUnlessInUse } from './delete-unless-in-use.ts';
import type { ServiceCreate, ServiceListQuery, ServicePatch } from './services.schemas.ts';
import { createServicesRepository } from './services.repository.ts';
import type { DbContext, Page } from './tenant-repository.ts';

export async function listServices(ctx: DbContext, tenantId: string, query: ServiceListQuery): Promise<Page<Service>> {
  const { limit, offset, ...filters } = query;
  return createServicesRepository(ctx.db, tenantId).list(filters, { limit, offset });
}

export async function getService(ctx: DbContext, tenantId: string, id: string): Promise<Service> {
  const service = await createServicesRepository(ctx.db, tenantId).findById(id);
  if (!service) throw notFound('Service');
  return service;
}

export async function createService(ctx: DbContext, tenantId: string, input: ServiceCreate): Promise<Service> {
  return createServicesRepository(ctx.db, tenantId).insert(input);
}

/** A new duration applies to future bookings; existing appointments keep their end time. */
export async function updateService(ctx: DbContext, tenantId: string, id: string, patch: ServicePatch): Promise<Service> {
  const service = await createServicesRepository(ctx.db, tenantId).update(id, patch);
  if (!service) throw notFound('Service');
  return service;
}

export async function deleteService(ctx: DbContext, tenantId: string, id: string): Promise<Service> {
  const repo = createServicesRepository(ctx.db, tenantId);
  return deleteUnlessInUse({ name: 'Service', path: '/api/services', id }, () => repo.delete(id));
}
