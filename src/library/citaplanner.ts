import { loadConfig } from '../config.ts';
import type { AppContext } from '../context.ts';
import { startWorker, workerTasks, type WorkerHandle } from '../delivery/index.ts';
import { openRuntime } from '../runtime.ts';
import { createChatwootApiService } from './chatwoot-api-service.ts';
import { createChatwootService } from './chatwoot-service.ts';
import { createNotificationManager, createNotificationService } from './notification-manager.ts';

export interface CitaPlannerOptions {
  /** Environment to read the configuration from (README "Configuration"); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Also run a background worker in this process, for retries and scheduled messages. */
  worker?: boolean;
}

export interface CitaPlanner {
  chatwootService: ReturnType<typeof createChatwootService>;
  notificationManager: ReturnType<typeof createNotificationManager>;
  notificationService: ReturnType<typeof createNotificationService>;
  chatwootApiService: ReturnType<typeof createChatwootApiService>;
  /** The shared context, for advanced use (direct service calls). */
  ctx: AppContext;
  /** Stops the worker, closes the database pool (and the embedded PostgreSQL this instance started). */
  close(): Promise<void>;
}

/**
 * Opens the database (DATABASE_URL, or the embedded one), applies migrations and wires the
 * seed-compatible services. Use this for explicit wiring; the exported singletons
 * (`chatwootService`, …) use one instance built from process.env on first use.
 */
export async function createCitaPlanner(options: CitaPlannerOptions = {}): Promise<CitaPlanner> {
  const config = loadConfig({ LOG_LEVEL: 'warn', ...(options.env ?? process.env) });
  const runtime = await openRuntime(config);
  const { ctx } = runtime;
  let worker: WorkerHandle | undefined;
  if (options.worker) worker = await startWorker(ctx, { concurrency: config.workerConcurrency, tasks: workerTasks(ctx) });
  return {
    chatwootService: createChatwootService(ctx),
    notificationManager: createNotificationManager(ctx),
    notificationService: createNotificationService(ctx),
    chatwootApiService: createChatwootApiService(ctx),
    ctx,
    async close() {
      await worker?.stop();
      await runtime.close();
    },
  };
}
