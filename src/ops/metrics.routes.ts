import type { FastifyPluginAsync } from 'fastify';
import type pg from 'pg';
import { registerQueueDepth, registry } from './metrics.ts';

export const metricsRoutes: FastifyPluginAsync<{ pool: pg.Pool }> = async (app, { pool }) => {
  registerQueueDepth(pool);
  app.get('/metrics', { config: { auth: false }, schema: { hide: true } }, async (_req, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
};
