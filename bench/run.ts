/**
 * `npm run bench -- <name>` runs bench/<name>.ts; `npm run bench` lists them. The list is written
 * by hand (no autoloading), so a helper module in bench/ is never mistaken for a benchmark.
 */
interface Benchmark {
  description: string;
  load: () => Promise<{ main(): Promise<void> }>;
}

const benchmarks: Record<string, Benchmark> = {
  'chatwoot-send': {
    description:
      'sendNotificationNow → Chatwoot sandbox (zero latency): messages/s and Chatwoot API calls per message, first contact vs steady state. BENCH_MESSAGES (2000), BENCH_CLIENTS (200), BENCH_CONCURRENCY (12)',
    load: () => import('./chatwoot-send.ts'),
  },
  reminders: {
    description:
      '10,000 due reminders across 100 tenants through the real worker (pacing off): messages/s, p50/p99 delay, API calls per message, and the seed cron loop on a slice. BENCH_TENANTS (100), BENCH_CLIENTS_PER_TENANT (50), BENCH_APPOINTMENTS_PER_CLIENT (2), BENCH_CONCURRENCY (100 per worker), BENCH_POOL_MAX (20), BENCH_WORKER_PROCESSES (0 = the worker runs in this process), BENCH_SEED_SLICE (100)',
    load: () => import('./reminders.ts'),
  },
};

async function main() {
  const name = process.argv[2];
  if (!name) {
    console.log('Benchmarks: npm run bench -- <name> (bench/README.md explains each one and its figures)\n');
    for (const [key, bench] of Object.entries(benchmarks)) console.log(`  ${key.padEnd(14)} ${bench.description}\n`);
    console.log(
      'For every benchmark: BENCH_DATABASE_URL=<server> (a fresh database there instead of an embedded PostgreSQL), BENCH_PG_FAST=true (fsync off), ' +
        'BENCH_PG_STATEMENTS=true (top SQL by server time, embedded only), BENCH_CPU_PROFILE=<file> (V8 profile of the timed part).',
    );
    return;
  }
  const bench = benchmarks[name];
  if (!bench) {
    console.error(`Unknown benchmark "${name}". Known: ${Object.keys(benchmarks).join(', ')}`);
    process.exitCode = 2;
    return;
  }
  await (await bench.load()).main();
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
