/**
 * Shared by the delivery-engine tests (crash, workers, rate-limit): a tenant pointed at its own
 * Chatwoot sandbox account, a batch queued through `queueNotification` (the transactional outbox,
 * so only a worker delivers it), worker PROCESSES started from bin/citaplanner.js, and the checks
 * that every log row reached Chatwoot exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { queueNotification } from '../../src/notifications/index.ts';
import type { ChatwootSandbox } from '../../src/sandbox/index.ts';
import type { TestContext, TestTenant } from '../helpers/context.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin', 'citaplanner.js');

export { sleep };

export interface ChatwootTenant {
  tenant: TestTenant;
  sandbox: ChatwootSandbox;
  accountId: number;
  inboxId: number;
  clients: Array<{ id: string; phoneE164: string; index: number }>;
}

let phoneCounter = 0;

/**
 * A tenant whose Chatwoot is a fresh account (one API inbox) of `sandbox`, configured through the
 * real settings API with `rateLimitPerMinute`, and `clientCount` clients with distinct phones.
 */
export async function chatwootTenant(
  t: TestContext,
  sandbox: ChatwootSandbox,
  options: { rateLimitPerMinute: number; clientCount: number; name?: string },
): Promise<ChatwootTenant> {
  const name = options.name ?? 'Clínica Roma';
  const tenant = await t.newTenant({ name });
  const account = sandbox.seedAccount({ name, inboxes: [{ name: 'Clinic API', channel_type: 'Channel::Api' }] });
  const inboxId = account.inboxes[0].id;
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/settings/chatwoot',
    headers: tenant.headers,
    payload: { baseUrl: sandbox.url, accountId: account.accountId, inboxId, apiToken: account.userToken, rateLimitPerMinute: options.rateLimitPerMinute },
  });
  expect(res.statusCode, res.body).toBe(200);

  const clients: ChatwootTenant['clients'] = [];
  for (let index = 0; index < options.clientCount; index++) {
    phoneCounter += 1;
    const last = String(phoneCounter).padStart(4, '0');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/clients',
      headers: tenant.headers,
      payload: { firstName: `Cliente${index + 1}`, lastName: 'Prueba', phone: `+52 55 1000 ${last}` },
    });
    expect(created.statusCode, created.body).toBe(201);
    clients.push({ id: created.json().id, phoneE164: `+52551000${last}`, index });
  }
  return { tenant, sandbox, accountId: account.accountId, inboxId, clients };
}

/**
 * Queues `perClient` CUSTOM messages to every client, in one transaction (the outbox: log rows and
 * deliver jobs commit together). Rounds are interleaved (every client's 1st, then every 2nd…), and
 * every text is unique, so the sandbox can be counted per message. Returns the log ids.
 */
export async function queueBatch(t: TestContext, target: ChatwootTenant, perClient: number, label: string): Promise<string[]> {
  return t.ctx.db.transaction(async (tx) => {
    const ids: string[] = [];
    for (let round = 1; round <= perClient; round++) {
      for (const client of target.clients) {
        const { row, created } = await queueNotification(t.ctx, tx, target.tenant.id, {
          type: 'CUSTOM',
          channel: 'CHATWOOT',
          clientId: client.id,
          message: `${label}: mensaje ${round} de ${perClient} para el cliente ${client.index + 1}`,
          idempotencyKey: `${label}:${client.id}:${round}`,
        });
        if (!created) throw new Error(`${label}: idempotency key reused`);
        ids.push(row.id);
      }
    }
    return ids;
  });
}

export interface LogRow {
  id: string;
  status: string;
  message: string;
  provider_message_id: string | null;
  error_code: string | null;
  error_message: string | null;
  attempts: number;
  metadata: Record<string, unknown>;
  scheduled_at: Date;
  sending_started_at: Date | null;
}

export async function logRows(t: TestContext, tenantId: string, ids?: string[]): Promise<LogRow[]> {
  const { rows } = await t.ctx.pool.query<LogRow>(
    `select id, status, message, provider_message_id, error_code, error_message, attempts, metadata, scheduled_at, sending_started_at
       from notification_logs where tenant_id = $1 ${ids ? 'and id = any($2::uuid[])' : ''} order by created_at, id`,
    ids ? [tenantId, ids] : [tenantId],
  );
  return rows;
}

/** Log rows of the tenant by status, e.g. { SENT: 12, SENDING: 6, QUEUED: 42 }. */
export async function statusCounts(t: TestContext, tenantId: string): Promise<Record<string, number>> {
  const { rows } = await t.ctx.pool.query<{ status: string; n: number }>(
    'select status, count(*)::int as n from notification_logs where tenant_id = $1 group by status',
    [tenantId],
  );
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Polls `probe` until it returns something truthy; fails with `describe()` after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  options: { timeoutMs: number; intervalMs?: number; describe?: () => Promise<string> | string },
): Promise<T> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) {
      const detail = options.describe ? await options.describe() : '';
      throw new Error(`Timed out after ${options.timeoutMs} ms waiting for ${what}${detail ? `\n${detail}` : ''}`);
    }
    await sleep(options.intervalMs ?? 100);
  }
}

/** Every outgoing (message_type 1) message of the account, over all its conversations. */
export function outgoingMessages(sandbox: ChatwootSandbox, accountId: number) {
  return sandbox
    .listConversations(accountId)
    .flatMap((c) => sandbox.listMessages(accountId, c.id))
    .filter((m) => m.message_type === 1)
    .map((m) => ({ id: String(m.id), content: m.content ?? '', conversationId: m.conversation_id }));
}

/**
 * Invariant 2 and 3 at the end of a run: every log row is SENT with a provider message id, and
 * Chatwoot holds exactly one outgoing message per row (none missing, none twice), namely the one
 * whose id the row recorded.
 */
export async function expectEachSentExactlyOnce(t: TestContext, target: ChatwootTenant, ids: string[]): Promise<LogRow[]> {
  const rows = await logRows(t, target.tenant.id, ids);
  expect(rows).toHaveLength(ids.length);
  const notSent = rows.filter((r) => r.status !== 'SENT' || !r.provider_message_id);
  expect(notSent.map((r) => `${r.id} ${r.status} ${r.error_code}: ${r.error_message}`)).toEqual([]);

  const messages = outgoingMessages(target.sandbox, target.accountId);
  const perContent = new Map<string, number>();
  for (const m of messages) perContent.set(m.content, (perContent.get(m.content) ?? 0) + 1);
  const expected = new Set(rows.map((r) => r.message));
  const duplicated = [...perContent].filter(([content, n]) => expected.has(content) && n > 1).map(([content, n]) => `${n}× "${content}"`);
  const missing = rows.filter((r) => !perContent.has(r.message)).map((r) => r.message);
  expect(duplicated, 'messages Chatwoot received more than once').toEqual([]);
  expect(missing, 'messages Chatwoot never received').toEqual([]);

  const byId = new Map(messages.map((m) => [m.id, m]));
  const wrongIds = rows.filter((r) => byId.get(r.provider_message_id!)?.content !== r.message).map((r) => `${r.id} → ${r.provider_message_id}`);
  expect(wrongIds, 'rows whose providerMessageId is not their message').toEqual([]);
  expect(new Set(rows.map((r) => r.provider_message_id)).size).toBe(rows.length);
  return rows;
}

export interface WorkerProcess {
  readonly child: ChildProcess;
  readonly name: string;
  /** stdout + stderr so far (LOG_LEVEL=warn: warnings and errors only). */
  output(): string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  readonly alive: boolean;
}

const running = new Set<WorkerProcess>();

/**
 * `node bin/citaplanner.js worker --concurrency N` against the test's database, with the secret key
 * the test context encrypts with (the worker must decrypt the tenant's Chatwoot token).
 */
export function spawnWorker(t: TestContext, name: string, options: { concurrency: number; env?: Record<string, string> }): WorkerProcess {
  let output = '';
  let exitedInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const child = spawn(process.execPath, [BIN, 'worker', '--concurrency', String(options.concurrency)], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? ROOT,
      DATABASE_URL: t.dbUrl,
      CITAPLANNER_SECRET_KEY: t.secretKey,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      exitedInfo = { code, signal };
      resolve(exitedInfo);
    });
  });
  const handle: WorkerProcess = {
    child,
    name,
    output: () => output,
    exited,
    get alive() {
      return exitedInfo === undefined;
    },
  };
  running.add(handle);
  void exited.then(() => running.delete(handle));
  return handle;
}

/** Fails the test with the worker's own output when it died on its own. */
export function expectAlive(...workers: WorkerProcess[]): void {
  for (const w of workers) {
    if (!w.alive) throw new Error(`worker ${w.name} exited unexpectedly:\n${w.output() || '(no output)'}`);
  }
}

/** SIGKILL: no graceful stop, its jobs stay locked and its rows SENDING, as in a real crash. */
export async function killWorker(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGKILL') {
  if (worker.alive) worker.child.kill(signal);
  return worker.exited;
}

/** For afterAll: every worker process this file started, by its own handle. */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => killWorker(w)));
}

/** "SENT 12, SENDING 6, QUEUED 42", plus each worker's output: the context a timeout needs. */
export async function progressReport(t: TestContext, tenantId: string, workers: WorkerProcess[] = []): Promise<string> {
  const counts = await statusCounts(t, tenantId);
  const lines = [`log rows: ${JSON.stringify(counts)}`];
  const { rows: pending } = await t.ctx.pool.query(
    `select l.id, l.status, l.error_code, l.attempts, l.scheduled_at, l.sending_started_at,
            (select json_agg(json_build_object('run_at', j.run_at, 'locked_at', j.locked_at, 'locked_by', j.locked_by, 'attempts', j.attempts, 'last_error', j.last_error))
               from graphile_worker.jobs j where j.key = 'deliver:' || l.id::text) as jobs
       from notification_logs l where l.tenant_id = $1 and l.status not in ('SENT') order by l.created_at limit 10`,
    [tenantId],
  );
  if (pending.length) lines.push(`not sent (first 10): ${JSON.stringify(pending, null, 1)}`);
  for (const w of workers) lines.push(`worker ${w.name} (${w.alive ? 'alive' : 'exited'}):\n${w.output().slice(-4000) || '(no output)'}`);
  return lines.join('\n');
}
