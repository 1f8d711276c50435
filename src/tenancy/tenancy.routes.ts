import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../context.ts';
import { authErrors, idParam } from '../http/common.schemas.ts';
import { apiKeyCreate, apiKeyCreated, apiKeyResponse, tenantPatch, tenantResponse } from './tenancy.schemas.ts';
import { createApiKey, getTenant, listApiKeys, revokeApiKey, updateTenant } from './tenancy.service.ts';
import type { ApiKey } from './tenancy.tables.ts';

const toApiKey = ({ keyHash: _hash, tenantId: _tenant, ...rest }: ApiKey) => rest;

export const tenancyRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/api/tenant',
    { schema: { tags: ['tenant'], summary: 'The tenant of the calling API key', response: { 200: tenantResponse, ...authErrors } } },
    async (req) => getTenant(ctx, req.auth.tenantId),
  );

  app.patch(
    '/api/tenant',
    {
      config: { role: 'admin' },
      schema: { tags: ['tenant'], summary: 'Change the tenant name, timezone, locale or default country', body: tenantPatch, response: { 200: tenantResponse, ...authErrors } },
    },
    async (req) => updateTenant(ctx, req.auth.tenantId, req.body),
  );

  app.get(
    '/api/api-keys',
    { config: { role: 'admin' }, schema: { tags: ['tenant'], summary: 'List API keys (never the keys themselves)', response: { 200: apiKeyResponse.array(), ...authErrors } } },
    async (req) => (await listApiKeys(ctx, req.auth.tenantId)).map(toApiKey),
  );

  app.post(
    '/api/api-keys',
    {
      config: { role: 'admin' },
      schema: { tags: ['tenant'], summary: 'Create an API key; the key is shown once', body: apiKeyCreate, response: { 201: apiKeyCreated, ...authErrors } },
    },
    async (req, reply) => {
      const { key, row } = await createApiKey(ctx, req.auth.tenantId, req.body);
      return reply.status(201).send({ ...toApiKey(row), key });
    },
  );

  app.delete(
    '/api/api-keys/:id',
    { config: { role: 'admin' }, schema: { tags: ['tenant'], summary: 'Revoke an API key', params: idParam, response: { 200: apiKeyResponse, ...authErrors } } },
    async (req) => toApiKey(await revokeApiKey(ctx, req.auth.tenantId, req.params.id)),
  );
};
