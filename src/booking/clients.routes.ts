import type { AppContext } from '../context.ts';
import { clientCreate, clientListQuery, clientPatch, clientResponse, toClientResponse } from './clients.schemas.ts';
import { createClient, deleteClient, getClient, listClients, updateClient } from './clients.service.ts';
import { registerCrudRoutes, type ZodApp } from './crud-routes.ts';

export function clientRoutes(app: ZodApp, ctx: AppContext): void {
  registerCrudRoutes(app, ctx, {
    path: '/api/clients',
    tag: 'clients',
    noun: 'client',
    schemas: { query: clientListQuery, create: clientCreate, patch: clientPatch, response: clientResponse },
    toResponse: toClientResponse,
    service: { list: listClients, get: getClient, create: createClient, update: updateClient, delete: deleteClient },
    descriptions: {
      update: 'A new phone is normalised like on create; `"phone": null` removes it.',
      delete:
        'Deletes a client created by mistake. A client with appointments is kept for the booking history: ' +
        'the answer is 409, and `PATCH {"active": false}` retires them instead.',
    },
  });
}
