import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { migrationsApplied } from '../db/migrate.ts';

export const healthRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/health',
    { config: { auth: false }, schema: { tags: ['ops'], summary: 'The process is up', response: { 200: z.object({ status: z.literal('ok') }) } } },
    async () => ({ status: 'ok' as const }),
  );

  const readiness = z.object({ status: z.enum(['ready', 'not_ready']), database: z.boolean(), migrations: z.boolean() });
  app.get(
    '/ready',
    {
      config: { auth: false },
      schema: { tags: ['ops'], summary: 'The database is reachable and fully migrated', response: { 200: readiness, 503: readiness } },
    },
    async (_req, reply) => {
      const database = await ctx.pool.query('select 1').then(
        () => true,
        () => false,
      );
      const migrations = database && (await migrationsApplied(ctx.pool));
      const ok = database && migrations;
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not_ready', database, migrations });
    },
  );
};
