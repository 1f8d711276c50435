/**
 * `citaplanner serve` and `citaplanner worker`: long-running processes that stop gracefully on
 * SIGINT/SIGTERM (in-flight jobs finish or are released; the embedded PostgreSQL shuts down).
 */
import type { Config } from '../config.ts';
import { startWorker, type WorkerHandle } from '../delivery/worker.ts';
import { workerTasks } from '../delivery/index.ts';
import { buildApp } from '../http/app.ts';
import { openRuntime, type Runtime } from '../runtime.ts';
import { ensureDemo, type DemoInfo } from '../demo/index.ts';

export async function serve(config: Config, options: { worker: boolean }): Promise<void> {
  const runtime = await openRuntime(config);
  const { ctx } = runtime;
  const demo = runtime.embedded && config.demo ? await ensureDemo(runtime) : null;
  const app = await buildApp(ctx, { logRequests: config.logLevel === 'debug' || config.logLevel === 'trace', sandbox: demo?.sandbox });
  const worker = options.worker ? await startWorker(ctx, { concurrency: config.workerConcurrency, tasks: workerTasks(ctx) }) : undefined;
  onShutdown(runtime, worker, async () => {
    await app.close();
    await demo?.stop();
  });
  const address = await app.listen({ port: config.port, host: config.host });
  printBanner(address.replace('[::1]', 'localhost'), runtime, demo, Boolean(worker));
}

export async function runWorker(config: Config, concurrency: number): Promise<void> {
  const runtime = await openRuntime(config);
  const worker = await startWorker(runtime.ctx, { concurrency, tasks: workerTasks(runtime.ctx) });
  onShutdown(runtime, worker);
  runtime.ctx.logger.info({ concurrency }, 'worker started');
}

function onShutdown(runtime: Runtime, worker: WorkerHandle | undefined, closeHttp?: () => Promise<void>) {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.ctx.logger.info({ signal }, 'shutting down');
    await closeHttp?.();
    await worker?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

function printBanner(url: string, runtime: Runtime, demo: DemoInfo | null, worker: boolean) {
  const lines = [
    '',
    'CitaPlanner Notify is running',
    `  API:       ${url}`,
    `  API docs:  ${url}/docs`,
    `  Health:    ${url}/health`,
    `  Database:  ${runtime.embedded ? 'embedded PostgreSQL (data in ' + runtime.ctx.config.dataDir + ')' : 'DATABASE_URL'}`,
    `  Worker:    ${worker ? 'running in this process' : 'not started (run `citaplanner worker`)'}`,
  ];
  if (demo) {
    lines.push(
      '',
      `Demo tenant "${demo.tenantName}"`,
      `  API key:   ${demo.apiKey}`,
      ...demo.links.map((l) => `  ${l.label.padEnd(10)} ${url}${l.path}`),
      `  Try:       curl -H "Authorization: Bearer ${demo.apiKey}" ${url}/api/appointments`,
    );
  }
  lines.push('', 'Stop with Ctrl+C.', '');
  process.stdout.write(lines.join('\n'));
}
