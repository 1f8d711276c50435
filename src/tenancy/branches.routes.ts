import { registerCrudRoutes, type ZodApp } from '../booking/crud-routes.ts';
import type { AppContext } from '../context.ts';
import { branchCreate, branchListQuery, branchPatch, branchResponse, toBranchResponse } from './branches.schemas.ts';
import { createBranch, deleteBranch, getBranch, listBranches, updateBranch } from './branches.service.ts';

export function branchRoutes(app: ZodApp, ctx: AppContext): void {
  registerCrudRoutes(app, ctx, {
    path: '/api/branches',
    tag: 'branches',
    noun: 'branch',
    schemas: { query: branchListQuery, create: branchCreate, patch: branchPatch, response: branchResponse },
    toResponse: toBranchResponse,
    service: { list: listBranches, get: getBranch, create: createBranch, update: updateBranch, delete: deleteBranch },
    descriptions: {
      delete:
        'Deletes a branch created by mistake (its Chatwoot override goes with it). A branch that professionals or ' +
        'appointments refer to is kept for the history: the answer is 409, and `PATCH {"active": false}` retires it instead.',
    },
  });
}
