import type { AppContext } from '../context.ts';
import { registerCrudRoutes, type ZodApp } from './crud-routes.ts';
import { professionalCreate, professionalListQuery, professionalPatch, professionalResponse, toProfessionalResponse } from './professionals.schemas.ts';
import { createProfessional, deleteProfessional, getProfessional, listProfessionals, updateProfessional } from './professionals.service.ts';

export function professionalRoutes(app: ZodApp, ctx: AppContext): void {
  registerCrudRoutes(app, ctx, {
    path: '/api/professionals',
    tag: 'professionals',
    noun: 'professional',
    schemas: { query: professionalListQuery, create: professionalCreate, patch: professionalPatch, response: professionalResponse },
    toResponse: toProfessionalResponse,
    service: { list: listProfessionals, get: getProfessional, create: createProfessional, update: updateProfessional, delete: deleteProfessional },
    descriptions: {
      delete:
        'Deletes a professional created by mistake. One with appointments is kept for the booking history: ' +
        'the answer is 409, and `PATCH {"active": false}` retires them instead.',
    },
  });
}
