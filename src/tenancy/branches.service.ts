import { deleteUnlessInUse } from '../booking/delete-unless-in-use.ts';
import type { DbContext, Page } from '../booking/tenant-repository.ts';
import { notFound } from '../errors.ts';
import { createBranchesRepository } from './branches.repository.ts';
import type { BranchCreate, BranchListQuery, BranchPatch } from './branches.schemas.ts';
import type { Branch } from './tenancy.tables.ts';

export async function listBranches(ctx: DbContext, tenantId: string, query: BranchListQuery): Promise<Page<Branch>> {
  const { limit, offset, ...filters } = query;
  return createBranchesRepository(ctx.db, tenantId).list(filters, { limit, offset });
}

export async function getBranch(ctx: DbContext, tenantId: string, id: string): Promise<Branch> {
  const branch = await createBranchesRepository(ctx.db, tenantId).findById(id);
  if (!branch) throw notFound('Branch');
  return branch;
}

export async function createBranch(ctx: DbContext, tenantId: string, input: BranchCreate): Promise<Branch> {
  return createBranchesRepository(ctx.db, tenantId).insert(input);
}

export async function updateBranch(ctx: DbContext, tenantId: string, id: string, patch: BranchPatch): Promise<Branch> {
  const branch = await createBranchesRepository(ctx.db, tenantId).update(id, patch);
  if (!branch) throw notFound('Branch');
  return branch;
}

/** Professionals and appointments keep pointing at a branch they were at, so such a branch is retired, not deleted. */
export async function deleteBranch(ctx: DbContext, tenantId: string, id: string): Promise<Branch> {
  const repo = createBranchesRepository(ctx.db, tenantId);
  return deleteUnlessInUse({ name: 'Branch', path: '/api/branches', id }, () => repo.delete(id));
}
