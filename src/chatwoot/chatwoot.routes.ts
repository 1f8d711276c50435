import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { authErrors } from '../http/common.schemas.ts';
import { branchQuery, chatwootConfigBody, chatwootConfigView } from './chatwoot-config.schemas.ts';
import { deleteChatwootSettings, saveChatwootSettings, viewChatwootSettings } from './chatwoot-config.service.ts';
import { diagnoseTenantChatwoot } from './connection-test.service.ts';

const check = z.object({ name: z.string(), ok: z.boolean(), detail: z.string(), hint: z.string().optional() });
const testResult = z.object({
  configured: z.boolean(),
  enabled: z.boolean(),
  source: z.enum(['branch', 'tenant', 'environment']).nullable(),
  ok: z.boolean(),
  checks: z.array(check),
});

export const chatwootRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const admin = { role: 'admin' as const };

  app.get(
    '/api/settings/chatwoot',
    {
      config: admin,
      schema: { tags: ['settings'], summary: 'The Chatwoot configuration in effect (secrets masked)', querystring: branchQuery, response: { 200: chatwootConfigView, ...authErrors } },
    },
    async (req) => viewChatwootSettings(ctx, req.auth.tenantId, req.query.branchId ?? null),
  );

  app.put(
    '/api/settings/chatwoot',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Configure Chatwoot for the tenant, or for one branch with ?branchId=',
        querystring: branchQuery,
        body: chatwootConfigBody,
        response: { 200: chatwootConfigView, ...authErrors },
      },
    },
    async (req) => saveChatwootSettings(ctx, req.auth.tenantId, req.query.branchId ?? null, req.body),
  );

  app.delete(
    '/api/settings/chatwoot',
    {
      config: admin,
      schema: { tags: ['settings'], summary: 'Remove the tenant’s (or a branch’s) Chatwoot configuration', querystring: branchQuery, response: { 204: z.null(), ...authErrors } },
    },
    async (req, reply) => {
      await deleteChatwootSettings(ctx, req.auth.tenantId, req.query.branchId ?? null);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/settings/chatwoot/test',
    {
      config: admin,
      schema: {
        tags: ['settings'],
        summary: 'Check the Chatwoot connection step by step: reachable, token, account, inbox',
        querystring: branchQuery,
        response: { 200: testResult, ...authErrors },
      },
    },
    async (req) => diagnoseTenantChatwoot(ctx, req.auth.tenantId, req.query.branchId ?? null),
  );
};
