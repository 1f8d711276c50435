/**
 * What every benchmark shares: a PostgreSQL of its own (a fresh embedded cluster in a temporary
 * folder, or a fresh database on BENCH_DATABASE_URL), migrated with the real migrations; an
 * AppContext wired exactly as production wires it (src/wiring.ts); a Chatwoot sandbox at zero
 * latency; tenant/client factories that go through the real services; and the output
 * conventions (progress lines, then one last line of `name=value` pairs).
 *
 * Benchmarks print figures; they assert nothing about time.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { createClient, type Client } from '../src/booking/index.ts';
import { saveChatwootSettings } from '../src/chatwoot/chatwoot-config.service.ts';
import { loadConfig, type Config } from '../src/config.ts';
import type { AppContext } from '../src/context.ts';
import { connectDatabase, type Database } from '../src/db/client.ts';
import { findFreePort, startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrateDatabase } from '../src/db/migrate.ts';
import { withDatabase } from '../src/db/test-databases.ts';
import { createLogger } from '../src/logger.ts';
import { startChatwootSandbox, type ChatwootSandbox, type RecordedCall } from '../src/sandbox/index.ts';
import { createTenant } from '../src/tenancy/tenancy.service.ts';
import { createSecretBox } from '../src/tenancy/secrets.ts';
import { createAppContext } from '../src/wiring.ts';

// ---------------------------------------------------------------------------------------------
// Settings from the environment (benchmarks are scripts, not the app: src/config.ts is for the app)
// ---------------------------------------------------------------------------------------------

/** An integer (by default at least 1) from the environment, or the default. */
export function envInt(name: string, fallback: number, { min = 1 } = {}): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer of at least ${min}, got "${raw}"`);
  return value;
}

export function envBool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return ['1', 'true', 'yes'].includes(raw.toLowerCase());
}

// ---------------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------------

const started = performance.now();

/** A progress line, stamped with the seconds since the benchmark started. */
export function log(message: string): void {
  console.log(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}`);
}

/** The last line: `name=value` pairs separated by spaces (numbers rounded for reading). */
export function printSummary(figures: Record<string, number | string>): void {
  const format = (v: number | string) =>
    typeof v === 'string' ? v : Number.isInteger(v) ? String(v) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
  console.log(Object.entries(figures).map(([k, v]) => `${k}=${format(v)}`).join(' '));
}

/** The machine, and how busy it is: other work on it (tests, builds) slows every figure. */
export function describeMachine(): string {
  const [one, five] = os.loadavg();
  return `${os.cpus().length} cores, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)`;
}

/**
 * With BENCH_CPU_PROFILE=<file>, records a V8 CPU profile of this process while `fn` runs
 * (open it in Chrome DevTools → Performance, or speedscope).
 */
export async function maybeProfile<T>(fn: () => Promise<T>): Promise<T> {
  const file = process.env.BENCH_CPU_PROFILE;
  if (!file) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await fn();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    await fs.writeFile(file, JSON.stringify(profile));
    session.disconnect();
    log(`CPU profile of the timed phase written to ${file}`);
  }
}

/**
 * CPU per message, which machine load distorts far less than throughput: this process (the
 * pipeline, the worker, the sandbox) and PostgreSQL, and the rate that much CPU would allow if
 * all cores did nothing else.
 */
export function describeCpu(nodeMs: number, postgresMs: number | null): string {
  if (postgresMs === null) return `CPU ${nodeMs.toFixed(2)} ms in Node`;
  const total = nodeMs + postgresMs;
  const ceiling = (os.cpus().length * 1000) / total;
  return `CPU ${nodeMs.toFixed(2)} ms in Node + ${postgresMs.toFixed(2)} ms in PostgreSQL = ${total.toFixed(2)} ms (≈ ${ceiling.toFixed(0)} messages/s if all ${os.cpus().length} cores did only this)`;
}

export const rate = (count: number, ms: number) => (ms > 0 ? (count * 1000) / ms : 0);

/** Nearest-rank percentile of an already sorted array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

// ---------------------------------------------------------------------------------------------
// Database + context + sandbox
// ---------------------------------------------------------------------------------------------

export interface BenchEnvironment {
  ctx: AppContext;
  database: Database;
  /** The benchmark's database. */
  url: string;
  /** Base64 key of ctx.secrets, for a child process that must read the stored Chatwoot tokens. */
  secretKey: string;
  sandbox: ChatwootSandbox;
  /** Where the database came from, for the report. */
  describeDatabase: string;
  /**
   * CPU time (ms) the embedded PostgreSQL's processes have used so far (server and backends, live
   * and exited), from /proc; null with BENCH_DATABASE_URL or without /proc.
   */
  postgresCpuMs(): Promise<number | null>;
  close(): Promise<void>;
}

export interface BenchOptions {
  /** Size of the AppContext's pool (production: 20, src/runtime.ts). */
  poolMax?: number;
  /** Extra configuration, as environment variables (parsed by the real loadConfig). */
  env?: Record<string, string>;
}

/** CPU ticks per second of /proc/<pid>/stat (USER_HZ: 100 on every Linux we run on). */
const CLOCK_TICKS_PER_S = 100;

/** utime + stime (+ cutime + cstime with `children`) of a process, in ms; fields after the "(comm)" part. */
async function processCpuMs(pid: number, children: boolean): Promise<number> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime = field 14, stime 15, cutime 16, cstime 17.
  const ticks = Number(fields[11]) + Number(fields[12]) + (children ? Number(fields[13]) + Number(fields[14]) : 0);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_S : 0;
}

/** The postmaster and its live children, plus the children it has reaped (its cutime/cstime). */
async function serverCpuMs(postmasterPid: number): Promise<number> {
  let total = await processCpuMs(postmasterPid, true);
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await fs.readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (ppid === postmasterPid) total += await processCpuMs(Number(entry), false);
  }
  return total;
}

async function openDatabaseServer(): Promise<{ url: string; describe: string; cpuMs(): Promise<number | null>; close(): Promise<void> }> {
  const external = process.env.BENCH_DATABASE_URL;
  const name = `citaplanner_bench_${randomBytes(4).toString('hex')}`;
  const admin = async (adminUrl: string, query: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(query);
    } finally {
      await client.end();
    }
  };
  if (external) {
    await admin(external, `create database "${name}"`);
    return {
      url: withDatabase(external, name),
      describe: `database ${name} on BENCH_DATABASE_URL`,
      cpuMs: async () => null,
      close: () => admin(external, `drop database if exists "${name}" with (force)`),
    };
  }
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'citaplanner-bench-'));
  // Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter this folder.
  await fs.chmod(dir, 0o755);
  // Durable by default, as `npm start` runs it; BENCH_PG_FAST=true turns fsync off (as the tests do).
  const fast = envBool('BENCH_PG_FAST', false);
  const port = await findFreePort();
  let server = await startEmbeddedPostgres({ dir, port, fast });
  if (envBool('BENCH_PG_STATEMENTS', false)) {
    // pg_stat_statements must be preloaded: set it in postgresql.auto.conf and restart the cluster.
    await admin(server.adminUrl, `alter system set shared_preload_libraries = 'pg_stat_statements'`);
    await admin(server.adminUrl, `alter system set pg_stat_statements.track_planning = on`);
    await server.stop();
    server = await startEmbeddedPostgres({ dir, port, fast });
  }
  await admin(server.adminUrl, `create database "${name}"`);
  const started = server;
  const postmasterPid = Number((await fs.readFile(path.join(dir, 'pg', 'postmaster.pid'), 'utf8')).split('\n')[0]);
  return {
    url: server.urlFor(name),
    cpuMs: async () => (Number.isInteger(postmasterPid) && postmasterPid > 0 ? serverCpuMs(postmasterPid) : null),
    describe: `embedded PostgreSQL in ${dir} (${fast ? 'fsync off' : 'durable: fsync on, as npm start runs it'})`,
    close: async () => {
      await started.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Starts everything a benchmark needs; `close()` undoes it all (call it in a finally). */
export async function openBenchEnvironment(options: BenchOptions = {}): Promise<BenchEnvironment> {
  const server = await openDatabaseServer();
  let database: Database | undefined;
  let sandbox: ChatwootSandbox | undefined;
  try {
    await migrateDatabase(server.url);
    if (envBool('BENCH_PG_STATEMENTS', false)) {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      await client.query('create extension if not exists pg_stat_statements').finally(() => client.end());
    }
    database = connectDatabase(server.url, { max: options.poolMax ?? 20 });
    const config: Config = loadConfig({ DATABASE_URL: server.url, LOG_LEVEL: 'silent', ...options.env });
    const key = randomBytes(32);
    const ctx = createAppContext({ db: database.db, pool: database.pool, config, secrets: createSecretBox(key), logger: createLogger('silent') });
    // Zero latency (no faults set) and no contract check: the sandbox should cost as little as possible.
    sandbox = await startChatwootSandbox({ contract: 'off' });
    const db = database;
    const sb = sandbox;
    // The embedded server runs in its own session, so Ctrl+C does not reach it: stop it ourselves.
    let closing: Promise<void> | undefined;
    const close = () => (closing ??= (async () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await sb.close();
      await db.close();
      await server.close();
    })());
    const onSignal = (signal: NodeJS.Signals) => {
      log(`${signal}: stopping the sandbox and the database…`);
      void close().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    return {
      ctx,
      database: db,
      url: server.url,
      secretKey: key.toString('base64'),
      sandbox: sb,
      describeDatabase: server.describe,
      postgresCpuMs: () => server.cpuMs(),
      close,
    };
  } catch (err) {
    await sandbox?.close().catch(() => {});
    await database?.close().catch(() => {});
    await server.close().catch(() => {});
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Data, through the real services
// ---------------------------------------------------------------------------------------------

export interface BenchTenant {
  id: string;
  accountId: number;
  inboxId: number;
  /** The sandbox account's user token, for calls the benchmark makes to the sandbox itself. */
  apiToken: string;
}

/** A tenant with its own Chatwoot account (one API inbox) in the sandbox, configured through the real settings service. */
export async function createChatwootTenant(env: BenchEnvironment, name: string): Promise<BenchTenant> {
  const { tenant } = await createTenant(env.ctx, { name, timezone: 'America/Mexico_City' });
  const account = env.sandbox.seedAccount({ name, inboxes: [{ name: 'API', channel_type: 'Channel::Api' }] });
  const inboxId = account.inboxes[0].id;
  await saveChatwootSettings(env.ctx, tenant.id, null, {
    enabled: true,
    baseUrl: env.sandbox.url,
    accountId: account.accountId,
    inboxId,
    apiToken: account.userToken,
    rateLimitPerMinute: 3000,
    whatsappTemplates: {},
  });
  return { id: tenant.id, accountId: account.accountId, inboxId, apiToken: account.userToken };
}

/**
 * A valid Mexico City number for (tenant, client), distinct across the run: "+52 55 1ttt cccc"
 * with ttt the tenant (< 1000) and cccc the client (< 10000).
 */
export function benchPhone(tenantIndex: number, clientIndex: number): string {
  if (tenantIndex >= 1000 || clientIndex >= 10_000) throw new RangeError('benchPhone supports 1,000 tenants × 10,000 clients');
  return `+52 55 1${String(tenantIndex).padStart(3, '0')} ${String(clientIndex).padStart(4, '0')}`;
}

/** `count` clients of a tenant, created through the real service (phone normalisation included). */
export async function createClients(env: BenchEnvironment, tenantId: string, tenantIndex: number, count: number): Promise<Client[]> {
  const created: Client[] = [];
  for (let i = 0; i < count; i++) {
    created.push(await createClient(env.ctx, tenantId, { firstName: `Cliente ${i + 1}`, lastName: `Prueba ${tenantIndex + 1}`, phone: benchPhone(tenantIndex, i) }));
  }
  return created;
}

// ---------------------------------------------------------------------------------------------
// Running things concurrently, counting Chatwoot calls
// ---------------------------------------------------------------------------------------------

/** Runs `work(i)` for i in [0, count) with at most `concurrency` in flight; the first error stops everything. */
export async function runConcurrently(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) {
      const i = next++;
      await work(i);
    }
  });
  await Promise.all(lanes);
}

/** The sandbox's recorded calls from index `from` on, counted by "METHOD /path-with-:id", and their status classes. */
export function describeCalls(calls: readonly RecordedCall[], from = 0) {
  const byRoute = new Map<string, number>();
  let failed = 0;
  for (const call of calls.slice(from)) {
    const route = `${call.method} ${call.path.replace(/^\/api\/v1\/accounts\/\d+/, '').replace(/\/\d+(?=\/|$)/g, '/:id')}`;
    byRoute.set(route, (byRoute.get(route) ?? 0) + 1);
    if (call.status >= 400) failed += 1;
  }
  return { total: calls.length - from, failed, byRoute: [...byRoute.entries()].sort((a, b) => b[1] - a[1]) };
}

/**
 * With BENCH_PG_STATEMENTS=true (embedded PostgreSQL only): the statements that took the most
 * server time since the last reset, from pg_stat_statements. Empty otherwise.
 */
export async function topStatements(env: BenchEnvironment, limit = 15): Promise<string[]> {
  if (!envBool('BENCH_PG_STATEMENTS', false)) return [];
  const { rows } = await env.database.pool.query<{ calls: string; exec_ms: number; plan_ms: number; query: string }>(
    `select calls, total_exec_time as exec_ms, total_plan_time as plan_ms, query
       from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
      order by total_exec_time + total_plan_time desc`,
  );
  const sum = (k: 'exec_ms' | 'plan_ms') => rows.reduce((n, r) => n + r[k], 0);
  return [
    `all statements: ${sum('exec_ms').toFixed(0)} ms executing + ${sum('plan_ms').toFixed(0)} ms planning`,
    ...rows
      .slice(0, limit)
      .map(
        (r) =>
          `${r.exec_ms.toFixed(0).padStart(6)} ms exec ${r.plan_ms.toFixed(0).padStart(5)} ms plan ${String(r.calls).padStart(6)} calls  ${r.query.replace(/\s+/g, ' ').slice(0, 100)}`,
      ),
  ];
}

export async function resetStatements(env: BenchEnvironment): Promise<void> {
  if (envBool('BENCH_PG_STATEMENTS', false)) await env.database.pool.query('select pg_stat_statements_reset()');
}

export const formatRoutes = (byRoute: Array<[string, number]>) => byRoute.map(([route, n]) => `${route} ×${n}`).join(', ');

// ---------------------------------------------------------------------------------------------
// Counting SQL statements (every pg.Client of this process: the app's pool and graphile-worker's)
// ---------------------------------------------------------------------------------------------

let sqlStatements = 0;
let sqlLog: string[] | null = null;
let counting = false;

/** Counts every statement sent by any pg client of this process from now on; `sample` keeps their text too. */
export function countSqlStatements() {
  if (!counting) {
    counting = true;
    const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      sqlStatements += 1;
      if (sqlLog) {
        const first = args[0] as string | { text?: string };
        sqlLog.push((typeof first === 'string' ? first : (first?.text ?? '?')).replace(/\s+/g, ' ').slice(0, 160));
      }
      return original.apply(this, args);
    } as typeof pg.Client.prototype.query;
  }
  return {
    get count() {
      return sqlStatements;
    },
    /** Records the text of the statements sent while `fn` runs. */
    async sample<T>(fn: () => Promise<T>): Promise<{ result: T; statements: string[] }> {
      sqlLog = [];
      try {
        const result = await fn();
        return { result, statements: sqlLog };
      } finally {
        sqlLog = null;
      }
    },
  };
}
