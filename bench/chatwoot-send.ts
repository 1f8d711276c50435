/**
 * Issue 3: N messages to M clients of one tenant through the real send pipeline
 * (sendNotificationNow, explicit channel CHATWOOT) into the Chatwoot sandbox at zero latency, a
 * few sends in flight. Two phases, so every Chatwoot call is attributed to the right kind of send:
 *
 * 1. first contact: one message to each client (filter contact, create it, create the
 *    conversation with the message; plus the one-time inbox lookup of this process);
 * 2. steady state: the remaining N − M messages, round-robin over the clients (link cached: one
 *    POST …/messages each).
 *
 * Last line: messages_per_s (all N messages over both phases), api_calls_per_message_first,
 * api_calls_per_message_steady.
 */
import { randomBytes } from 'node:crypto';
import { sendNotificationNow } from '../src/notifications/index.ts';
import {
  countSqlStatements,
  createChatwootTenant,
  createClients,
  describeCalls,
  describeCpu,
  describeMachine,
  envInt,
  formatRoutes,
  log,
  maybeProfile,
  openBenchEnvironment,
  printSummary,
  rate,
  resetStatements,
  runConcurrently,
  topStatements,
  type BenchEnvironment,
} from './harness.ts';

export async function main() {
  const messages = envInt('BENCH_MESSAGES', 2000);
  const clientCount = envInt('BENCH_CLIENTS', 200);
  const concurrency = envInt('BENCH_CONCURRENCY', 12);
  if (messages < clientCount) throw new Error(`BENCH_MESSAGES (${messages}) must be at least BENCH_CLIENTS (${clientCount}): every client gets a first message`);

  const env = await openBenchEnvironment({ env: { CITAPLANNER_PACING: 'false' } });
  try {
    log(`machine: ${describeMachine()}`);
    log(`database: ${env.describeDatabase}`);
    log(`sandbox: ${env.sandbox.url} (zero latency, contract check off)`);
    const tenant = await createChatwootTenant(env, 'Bench Salon');
    const clients = await createClients(env, tenant.id, 0, clientCount);
    log(`1 tenant, ${clients.length} clients; ${messages} messages, ${concurrency} in flight`);

    const runId = randomBytes(4).toString('hex');
    const send = async (i: number) => {
      const client = clients[i % clients.length];
      const result = await sendNotificationNow(env.ctx, tenant.id, {
        type: 'CUSTOM',
        channel: 'CHATWOOT',
        clientId: client.id,
        message: `Hola ${client.firstName}, este es el mensaje ${i + 1} de la prueba de rendimiento.`,
        idempotencyKey: `bench:${runId}:${i}`,
      });
      if (!result.success) throw new Error(`message ${i} to ${client.phoneE164} was not sent: ${result.status} ${result.error ?? ''}`);
    };

    const { first, steady } = await maybeProfile(async () => {
      const first = await phase(env, 'first contact', clientCount, concurrency, (i) => send(i));
      await resetStatements(env);
      const steady = await phase(env, 'steady state', messages - clientCount, concurrency, (i) => send(clientCount + i));
      return { first, steady };
    });
    for (const line of await topStatements(env)) log(`  pg (steady state): ${line}`);
    log(`machine after the run: ${describeMachine()}`);

    const delivered = env.sandbox.listConversations(tenant.accountId).reduce((n, c) => n + env.sandbox.listMessages(tenant.accountId, c.id).length, 0);
    log(`sandbox holds ${delivered} messages in ${env.sandbox.listConversations(tenant.accountId).length} conversations (expected ${messages} in ${clientCount})`);
    if (delivered !== messages) throw new Error(`the sandbox received ${delivered} messages, expected ${messages}`);

    printSummary({
      messages_per_s: rate(messages, first.ms + steady.ms),
      api_calls_per_message_first: first.calls / clientCount,
      api_calls_per_message_steady: steady.calls / (messages - clientCount),
    });
  } finally {
    await env.close();
  }
}

const sqlCounter = countSqlStatements();

async function phase(env: BenchEnvironment, name: string, count: number, concurrency: number, work: (i: number) => Promise<void>) {
  const from = env.sandbox.calls.length;
  const sqlFrom = sqlCounter.count;
  const cpuFrom = process.cpuUsage();
  const pgFrom = await env.postgresCpuMs();
  const t0 = performance.now();
  await runConcurrently(count, concurrency, work);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpuFrom);
  const pgTo = await env.postgresCpuMs();
  const calls = describeCalls(env.sandbox.calls, from);
  log(`${name}: ${count} messages in ${(ms / 1000).toFixed(2)} s = ${rate(count, ms).toFixed(0)} messages/s; ${calls.total} Chatwoot calls (${formatRoutes(calls.byRoute)})${calls.failed ? `, ${calls.failed} failed` : ''}`);
  log(`  per message: ${((sqlCounter.count - sqlFrom) / count).toFixed(1)} SQL statements; ${describeCpu((cpu.user + cpu.system) / 1000 / count, pgFrom === null || pgTo === null ? null : (pgTo - pgFrom) / count)}`);
  if (calls.failed) throw new Error(`${calls.failed} Chatwoot calls failed during ${name}`);
  return { ms, calls: calls.total };
}
