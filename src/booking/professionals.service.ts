import { notFound } from '../errors.ts';
import type { Professional } from './booking.tables.ts';
import { deleteUnlessInUse } from './delete-unless-in-use.ts';
import type { ProfessionalCreate, ProfessionalListQuery, ProfessionalPatch } from './professionals.schemas.ts';
import { createProfessionalsRepository } from './professionals.repository.ts';
import { bookingReferences } from './references.ts';
import type { DbContext, Page } from './tenant-repository.ts';

export async function listProfessionals(ctx: DbContext, tenantId: string, query: ProfessionalListQuery): Promise<Page<Professional>> {
  const { limit, offset, ...filters } = query;
  return createProfessionalsRepository(ctx.db, tenantId).list(filters, { limit, offset });
}

export async function getProfessional(ctx: DbContext, tenantId: string, id: string): Promise<Professional> {
  const professional = await createProfessionalsRepository(ctx.db, tenantId).findById(id);
  if (!professional) throw notFound('Professional');
  return professional;
}

export async function createProfessional(ctx: DbContext, tenantId: string, input: ProfessionalCreate): Promise<Professional> {
  await assertBranch(ctx, tenantId, input.branchId);
  return createProfessionalsRepository(ctx.db, tenantId).insert(input);
}

export async function updateProfessional(ctx: DbContext, tenantId: string, id: string, patch: ProfessionalPatch): Promise<Professional> {
  await assertBranch(ctx, tenantId, patch.branchId);
  const professional = await createProfessionalsRepository(ctx.db, tenantId).update(id, patch);
  if (!professional) throw notFound('Professional');
  return professional;
}

export async function deleteProfessional(ctx: DbContext, tenantId: string, id: string): Promise<Professional> {
  const repo = createProfessionalsRepository(ctx.db, tenantId);
  return deleteUnlessInUse({ name: 'Professional', path: '/api/professionals', id }, () => repo.delete(id));
}

async function assertBranch(ctx: DbContext, tenantId: string, branchId: string | null | undefined): Promise<void> {
  if (!branchId) return;
  await bookingReferences(ctx.db, tenantId).branch(branchId);
}
