/**
 * A worker process for bench/reminders.ts (BENCH_WORKER_PROCESSES > 0): the production wiring
 * (loadConfig → createAppContext → startWorker with workerTasks) on the benchmark's database,
 * pacing off. Says "ready" on stdout once running; on SIGTERM stops gracefully and reports the SQL
 * statements it sent and the CPU it used since it was ready ("stats {json}"). Not a benchmark of its own.
 */
import { loadConfig } from '../src/config.ts';
import { connectDatabase } from '../src/db/client.ts';
import { startWorker, workerTasks } from '../src/delivery/index.ts';
import { createLogger } from '../src/logger.ts';
import { createSecretBox, parseSecretKey } from '../src/tenancy/secrets.ts';
import { createAppContext } from '../src/wiring.ts';
import { countSqlStatements } from './harness.ts';

async function main() {
  const url = process.env.BENCH_CHILD_DATABASE_URL;
  const key = process.env.BENCH_CHILD_SECRET_KEY;
  if (!url || !key) throw new Error('bench/reminders-worker.ts is started by bench/reminders.ts');
  const counter = countSqlStatements();
  const concurrency = Number(process.env.BENCH_CHILD_CONCURRENCY ?? 24);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', CITAPLANNER_PACING: 'false', WORKER_CONCURRENCY: String(concurrency) });
  const database = connectDatabase(url, { max: Number(process.env.BENCH_CHILD_POOL_MAX ?? 20) });
  const ctx = createAppContext({ db: database.db, pool: database.pool, config, secrets: createSecretBox(parseSecretKey(key)), logger: createLogger('silent') });
  const worker = await startWorker(ctx, { concurrency, tasks: workerTasks(ctx) });
  const cpuFrom = process.cpuUsage();
  const sqlFrom = counter.count;
  console.log('ready');
  // The benchmark holds our stdin open; when it ends, the benchmark is gone: do not linger.
  process.stdin.on('end', () => process.exit(1)).resume();
  process.once('SIGTERM', async () => {
    await worker.stop();
    const cpu = process.cpuUsage(cpuFrom);
    console.log(`stats ${JSON.stringify({ sql: counter.count - sqlFrom, cpuMs: (cpu.user + cpu.system) / 1000 })}`);
    await database.close();
    process.exit(0);
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
