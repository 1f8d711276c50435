/**
 * The HTTP app as a factory: the server entry only listens, and tests build the same app and
 * call `app.inject(...)`. Plugins are registered in a fixed order: infrastructure, then
 * cross-cutting concerns (docs, errors, auth), then each capability's routes.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { bookingRoutes } from '../booking/index.ts';
import { chatwootRoutes } from '../chatwoot/chatwoot.routes.ts';
import type { AppContext } from '../context.ts';
import { notificationsRoutes } from '../notifications/notifications.routes.ts';
import { metricsRoutes } from '../ops/metrics.routes.ts';
import { remindersRoutes } from '../reminders/index.ts';
import { sandboxPageRoutes } from '../sandbox/sandbox-page.routes.ts';
import type { ChatwootSandbox } from '../sandbox/index.ts';
import { tenancyRoutes } from '../tenancy/tenancy.routes.ts';
import { templatesRoutes } from '../templates/index.ts';
import { authPlugin } from './auth.ts';
import { errorHandler, notFoundHandler } from './error-handler.ts';
import { healthRoutes } from './health.routes.ts';

export interface BuildAppOptions {
  /** Log requests (off in tests). */
  logRequests?: boolean;
  /** A Chatwoot sandbox to show at /sandbox (the demo's). */
  sandbox?: Pick<ChatwootSandbox, 'snapshot'>;
}

export async function buildApp(ctx: AppContext, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    logController: new LogController({
      disableRequestLogging: (req) => !options.logRequests || req.url === '/health' || req.url === '/ready',
    }),
    trustProxy: true,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'CitaPlanner Notify API',
        version: '0.1.0',
        description: 'Appointments, notifications, reminders and campaigns. Authenticate with `Authorization: Bearer <API key>`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(authPlugin, { ctx });

  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { pool: ctx.pool });
  await app.register(tenancyRoutes, { ctx });
  await app.register(bookingRoutes, { ctx });
  await app.register(notificationsRoutes, { ctx });
  await app.register(chatwootRoutes, { ctx });
  await app.register(remindersRoutes, { ctx });
  await app.register(templatesRoutes, { ctx });
  if (options.sandbox) await app.register(sandboxPageRoutes, { sandbox: options.sandbox });
  return app;
}
