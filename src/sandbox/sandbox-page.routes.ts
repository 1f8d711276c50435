import type { FastifyPluginAsync } from 'fastify';
import type { ChatwootSandbox } from './sandbox.server.ts';
import { renderSandboxPage } from './sandbox.page.ts';

/** The demo's sandbox, readable from the main app: /sandbox (HTML) and /sandbox/state (JSON). */
export const sandboxPageRoutes: FastifyPluginAsync<{ sandbox: Pick<ChatwootSandbox, 'snapshot'> }> = async (app, { sandbox }) => {
  app.get('/sandbox', { config: { auth: false }, schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(renderSandboxPage(sandbox.snapshot())),
  );
  app.get('/sandbox/state', { config: { auth: false }, schema: { hide: true } }, async () => sandbox.snapshot());
};
