import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import type { ApiRole } from '../tenancy/tenancy.tables.ts';
import { authenticateApiKey, type AuthContext } from '../tenancy/tenancy.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    auth: AuthContext;
  }
  interface FastifyContextConfig {
    /** false: the route is public (health, docs, webhooks verified by signature, cron by its secret). */
    auth?: false;
    /** The least role that may call the route; defaults to viewer for GET and staff otherwise. */
    role?: ApiRole;
  }
}

const rank: Record<ApiRole, number> = { viewer: 0, staff: 1, admin: 2 };

/**
 * Every /api route authenticates with `Authorization: Bearer <key>` unless it opts out. The tenant
 * of the request is the key's tenant: it is never read from the body or the URL (invariant 1).
 */
export const authPlugin = fp(
  async (app: FastifyInstance, opts: { ctx: AppContext }) => {
    app.decorateRequest('auth', null as unknown as AuthContext);
    app.addHook('onRequest', async (request: FastifyRequest) => {
      const config = request.routeOptions.config;
      if (config.auth === false || !request.routeOptions.url?.startsWith('/api/')) return;
      const header = request.headers.authorization;
      const match = header?.match(/^Bearer\s+(\S+)$/i);
      if (!match) {
        throw new AppError('UNAUTHENTICATED', 'Missing API key: send the header "Authorization: Bearer <your API key>"');
      }
      const auth = await authenticateApiKey(opts.ctx, match[1]);
      if (!auth) throw new AppError('UNAUTHENTICATED', 'Invalid or revoked API key');
      const needed = config.role ?? (request.method === 'GET' || request.method === 'HEAD' ? 'viewer' : 'staff');
      if (rank[auth.role] < rank[needed]) {
        throw new AppError('FORBIDDEN', `This action needs the ${needed} role; this key has the ${auth.role} role`);
      }
      request.auth = auth;
    });
  },
  { name: 'auth' },
);
