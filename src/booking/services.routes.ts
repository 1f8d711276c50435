import type { AppContext } from '../context.ts';
import { registerCrudRoutes, type ZodApp } from './crud-routes.ts';
import { serviceCreate, serviceListQuery, servicePatch, serviceResponse, toServiceResponse } from './services.schemas.ts';
import { createService, deleteService, getService, listServices, updateService } from './services.service.ts';

export function serviceRoutes(app: ZodApp, ctx: AppContext): void {
  registerCrudRoutes(app, ctx, {
    path: '/api/services',
    tag: 'services',
    noun: 'service',
    schemas: { query: serviceListQuery, create: serviceCreate, patch: servicePatch, response: serviceResponse },
    toResponse: toServiceResponse,
    service: { list: listServices, get: getService, create: createService, update: updateService, delete: deleteService },
    descriptions: {
      update: 'A new duration applies to bookings made from now on; existing appointments keep their end time.',
      delete:
        'Deletes a service created by mistake. A service with appointments is kept for the booking history: ' +
        'the answer is 409, and `PATCH {"active": false}` retires it instead.',
    },
  });
}
