/**
 * Issue 4: a morning's reminders for a whole installation — by default 100 tenants × 50 clients ×
 * 2 appointments = 10,000 reminders, all due at the same instant — delivered by the real worker
 * (startWorker + workerTasks: `reminder` → sendReminder → sendNotificationNow → Chatwoot) into the
 * sandbox at zero latency, pacing off (CITAPLANNER_PACING=false). Then the seed's cron loop
 * (bench/seed-baseline.ts) on a slice of the same appointments, for the ratio.
 *
 * Setup (not timed):
 * - each tenant: its own Chatwoot account in the sandbox, configured through the real settings
 *   service; confirmations off (so booking queues nothing but the reminder) and one reminder
 *   offset, 1440 (the day before);
 * - clients through the real booking service; one appointment per tenant through createAppointment
 *   (whose hook plans its reminder job, `reminder:{appointment}:1440`, due in about two hours), the
 *   others inserted in bulk (setup is not what is measured, and 10,000 bookings one by one would
 *   take most of the time budget);
 * - known clients: every client already has its Chatwoot contact, conversation and cached link.
 *   The first client of each tenant gets one real message (the first-contact path, which also
 *   warms the process's inbox cache as a running worker's would be); the others' contacts and
 *   conversations are created in the sandbox over HTTP and their links inserted, which is what
 *   the first message would have left behind.
 *
 * Timed phase: the reminder jobs are re-planned, in one transaction (graphile_worker.add_jobs with
 * the same job keys, so they replace the planned ones), to be due at one instant D a few seconds
 * ahead — "all reminders due now". The worker is already running. We wait until every reminder
 * is logged SENT; delay = sent_at − D per reminder; messages/s = N / (last sent_at − D).
 *
 * Last line: messages_per_s api_calls_per_message p50_delay_ms p99_delay_ms
 * seed_baseline_messages_per_s ratio_vs_seed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createAppointment, type Appointment, type Client } from '../src/booking/index.ts';
import { appointments as appointmentsTable } from '../src/booking/booking.tables.ts';
import { createService } from '../src/booking/services.service.ts';
import { chatwootConfigs, clientChatwootLinks } from '../src/chatwoot/chatwoot.tables.ts';
import { startWorker, workerTasks } from '../src/delivery/index.ts';
import { sendNotificationNow } from '../src/notifications/index.ts';
import { notificationLogs } from '../src/notifications/notifications.tables.ts';
import { updateNotificationSettings } from '../src/notifications/settings.service.ts';
import { REMINDER_TASK } from '../src/reminders/index.ts';
import { reminderJobKey } from '../src/reminders/reminder-keys.ts';
import {
  countSqlStatements,
  createChatwootTenant,
  describeCpu,
  describeMachine,
  createClients,
  describeCalls,
  envInt,
  formatRoutes,
  log,
  maybeProfile,
  openBenchEnvironment,
  percentile,
  printSummary,
  rate,
  resetStatements,
  runConcurrently,
  topStatements,
  type BenchEnvironment,
  type BenchTenant,
} from './harness.ts';
import { runSeedCronBaseline } from './seed-baseline.ts';

const OFFSET_MINUTES = 1440;
const HOUR_MS = 3_600_000;

interface TenantData {
  tenant: BenchTenant;
  clients: Client[];
  appointments: Appointment[];
}

export async function main() {
  const tenantCount = envInt('BENCH_TENANTS', 100);
  const clientsPerTenant = envInt('BENCH_CLIENTS_PER_TENANT', 50);
  const appointmentsPerClient = envInt('BENCH_APPOINTMENTS_PER_CLIENT', 2);
  const concurrency = envInt('BENCH_CONCURRENCY', 100);
  // 0 (default): the worker runs in this process, next to the sandbox; N: N worker processes.
  const workerProcesses = envInt('BENCH_WORKER_PROCESSES', 0, { min: 0 });
  const poolMax = envInt('BENCH_POOL_MAX', 20);
  const seedSlice = envInt('BENCH_SEED_SLICE', 100);
  const setupConcurrency = 8;
  const total = tenantCount * clientsPerTenant * appointmentsPerClient;

  const sqlCounter = countSqlStatements();
  const env = await openBenchEnvironment({ poolMax, env: { CITAPLANNER_PACING: 'false', WORKER_CONCURRENCY: String(concurrency) } });
  const children: ChildProcess[] = [];
  try {
    log(`machine: ${describeMachine()}`);
    log(`database: ${env.describeDatabase}`);
    log(`sandbox: ${env.sandbox.url} (zero latency, contract check off); pacing ${env.ctx.config.pacing ? 'ON' : 'off'}`);
    log(`${tenantCount} tenants × ${clientsPerTenant} clients × ${appointmentsPerClient} appointments = ${total} reminders`);

    // ---- setup ------------------------------------------------------------------------------
    let t = performance.now();
    const data: TenantData[] = new Array(tenantCount);
    await runConcurrently(tenantCount, setupConcurrency, async (i) => {
      const tenant = await createChatwootTenant(env, `Salón ${i + 1}`);
      await updateNotificationSettings(env.ctx, tenant.id, { confirmationEnabled: false, reminderOffsets: [OFFSET_MINUTES] });
      data[i] = { tenant, clients: await createClients(env, tenant.id, i, clientsPerTenant), appointments: [] };
    });
    log(`tenants and clients created in ${secondsSince(t)}`);

    t = performance.now();
    // Tomorrow, 26 h ahead and a minute apart: a 1440 reminder planned now is due in about 2 h,
    // so none fires during setup; the timed phase re-plans them all to one instant.
    const firstStart = Date.now() + 26 * HOUR_MS;
    await runConcurrently(tenantCount, setupConcurrency, async (i) => {
      const { tenant, clients } = data[i];
      const service = await createService(env.ctx, tenant.id, { name: 'Corte de cabello', durationMinutes: 45 });
      const startOf = (k: number) => new Date(firstStart + k * 60_000);
      // One booking per tenant through createAppointment (its hook plans the reminder job the
      // timed phase replaces); the rest in one insert, which is all the worker needs and saves
      // ~40 s of setup. Nothing about them is timed.
      const booked = await createAppointment(env.ctx, tenant.id, { clientId: clients[0].id, serviceId: service.id, startTime: startOf(0) });
      const rest = [];
      for (let k = 1; k < appointmentsPerClient * clients.length; k++) {
        const client = clients[k % clients.length];
        rest.push({ tenantId: tenant.id, clientId: client.id, serviceId: service.id, startTime: startOf(k), endTime: new Date(startOf(k).getTime() + 45 * 60_000) });
      }
      const inserted = rest.length ? await env.ctx.db.insert(appointmentsTable).values(rest).returning() : [];
      data[i].appointments = [booked.appointment, ...inserted];
    });
    const planned = await countJobs(env, REMINDER_TASK);
    log(`${total} appointments in ${secondsSince(t)}: ${tenantCount} booked through createAppointment (which planned ${planned} reminder jobs), the rest inserted in bulk`);

    t = performance.now();
    await prepareKnownClients(env, data);
    log(`known clients: ${tenantCount} first contacts through the pipeline, ${tenantCount * (clientsPerTenant - 1)} links pre-created, in ${secondsSince(t)}`);

    // ---- the worker -------------------------------------------------------------------------
    let stopInProcessWorker: (() => Promise<void>) | undefined;
    if (workerProcesses > 0) {
      for (let i = 0; i < workerProcesses; i++) children.push(await spawnWorker(env, concurrency, poolMax));
      log(`${workerProcesses} worker processes running, concurrency ${concurrency} each (their inbox caches are cold)`);
    } else {
      const worker = await startWorker(env.ctx, { concurrency, tasks: workerTasks(env.ctx) });
      stopInProcessWorker = () => worker.stop();
      log(`worker running in this process, concurrency ${concurrency}, pool ${poolMax}`);
    }
    await new Promise((r) => setTimeout(r, 1500)); // let the start-up recovery job run

    // ---- timed phase --------------------------------------------------------------------------
    const appointments = data.flatMap((d) => d.appointments);
    const callsFrom = env.sandbox.calls.length;
    const sqlFrom = sqlCounter.count;
    const cpuFrom = process.cpuUsage();
    const pgFrom = await env.postgresCpuMs();
    await resetStatements(env);
    const dueAt = new Date(Date.now() + 3000);
    await replanAllDueAt(env, appointments, dueAt);
    const jobs = await countJobs(env, REMINDER_TASK);
    log(`${appointments.length} reminder jobs planned due at ${dueAt.toISOString()} (in ${Math.max(0, dueAt.getTime() - Date.now())} ms); ${jobs} reminder jobs exist (the planned ones were replaced, not doubled)`);
    if (jobs !== total) throw new Error(`expected ${total} reminder jobs, found ${jobs}`);

    const outcome = await maybeProfile(() => waitForReminders(env, total));
    log(`machine after the timed phase: ${describeMachine()}`);
    const cpu = process.cpuUsage(cpuFrom);
    const pgTo = await env.postgresCpuMs();
    const calls = describeCalls(env.sandbox.calls, callsFrom);
    const sqlStatements = sqlCounter.count - sqlFrom;

    await stopInProcessWorker?.();
    const childStats = await stopChildren(children);

    const sentAts = outcome.sentAts;
    const delays = sentAts.map((s) => s - dueAt.getTime()).sort((a, b) => a - b);
    const spanMs = Math.max(...sentAts) - dueAt.getTime();
    const messagesPerS = rate(sentAts.length, spanMs);
    log(`timed phase: ${sentAts.length} reminders SENT (${outcome.other} not sent) in ${(spanMs / 1000).toFixed(2)} s after the due time = ${messagesPerS.toFixed(0)} messages/s`);
    log(`  first sent ${delays[0]} ms after due; p50 ${percentile(delays, 50)} ms, p90 ${percentile(delays, 90)} ms, p99 ${percentile(delays, 99)} ms, max ${delays[delays.length - 1]} ms`);
    log(`  Chatwoot calls: ${calls.total} (${formatRoutes(calls.byRoute)})${calls.failed ? `, ${calls.failed} failed` : ''}`);
    const allSql = sqlStatements + childStats.sql;
    log(`  SQL statements: ${allSql} = ${(allSql / sentAts.length).toFixed(1)} per reminder (the worker's job fetching and completion included)`);
    // Worker processes report their CPU from start to stop (set-up idle time included, a few ms).
    const nodeMs = (cpu.user + cpu.system) / 1000 + childStats.cpuMs;
    const pgMs = pgFrom === null || pgTo === null ? null : pgTo - pgFrom;
    log(`  per reminder: ${describeCpu(nodeMs / sentAts.length, pgMs === null ? null : pgMs / sentAts.length)}`);
    for (const line of await topStatements(env)) log(`  pg: ${line}`);
    if (outcome.other > 0) log(`  WARNING: ${outcome.other} reminders ended in another status: ${JSON.stringify(outcome.statuses)}`);

    // ---- the seed's cron loop on a slice ---------------------------------------------------
    const slice = pickSlice(data, seedSlice);
    log(`seed baseline: the seed's cron loop over ${slice.length} of the same appointments (sequential, settings per appointment, search + conversation + message, 100 ms sleep)…`);
    const seedCallsFrom = env.sandbox.calls.length;
    const seed = await runSeedCronBaseline(env.ctx, slice);
    const seedCalls = describeCalls(env.sandbox.calls, seedCallsFrom);
    const seedRate = rate(seed.sent, seed.elapsedMs);
    log(
      `seed baseline: ${seed.sent} sent, ${seed.failed} failed in ${(seed.elapsedMs / 1000).toFixed(2)} s = ${seedRate.toFixed(2)} messages/s ` +
        `(${(seed.sleptMs / 1000).toFixed(1)} s of it sleeping; ${(seed.chatwootCalls / Math.max(1, seed.sent)).toFixed(2)} Chatwoot calls per message: ${formatRoutes(seedCalls.byRoute)})`,
    );

    printSummary({
      messages_per_s: messagesPerS,
      api_calls_per_message: calls.total / sentAts.length,
      p50_delay_ms: percentile(delays, 50),
      p99_delay_ms: percentile(delays, 99),
      seed_baseline_messages_per_s: seedRate,
      ratio_vs_seed: messagesPerS / seedRate,
    });
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
    await env.close();
  }
}

const secondsSince = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

async function countJobs(env: BenchEnvironment, task: string): Promise<number> {
  const { rows } = await env.ctx.pool.query<{ n: string }>('select count(*) as n from graphile_worker.jobs where task_identifier = $1', [task]);
  return Number(rows[0].n);
}

/** Every client ends with a Chatwoot contact, a conversation and its cached link (see the top). */
async function prepareKnownClients(env: BenchEnvironment, data: TenantData[]) {
  await runConcurrently(data.length, 8, async (i) => {
    const { tenant, clients } = data[i];
    const result = await sendNotificationNow(env.ctx, tenant.id, {
      type: 'CUSTOM',
      channel: 'CHATWOOT',
      clientId: clients[0].id,
      message: '¡Bienvenida! Desde ahora te avisaremos de tus citas por aquí.',
      idempotencyKey: `bench:welcome:${clients[0].id}`,
    });
    if (!result.success) throw new Error(`welcome message for tenant ${i} failed: ${result.error}`);

    const [config] = await env.ctx.db.select({ id: chatwootConfigs.id }).from(chatwootConfigs).where(eq(chatwootConfigs.tenantId, tenant.id));
    const api = async <T>(path: string, body: unknown): Promise<T> => {
      const res = await fetch(`${env.sandbox.url}/api/v1/accounts/${tenant.accountId}${path}`, {
        method: 'POST',
        headers: { api_access_token: tenant.apiToken, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`sandbox POST ${path}: ${res.status} ${await res.text()}`);
      return (await res.json()) as T;
    };
    const links = [];
    for (const client of clients.slice(1)) {
      const contact = await api<{ payload: { contact: { id: number } } }>('/contacts', {
        name: `${client.firstName} ${client.lastName}`,
        phone_number: client.phoneE164,
        inbox_id: tenant.inboxId,
      });
      const conversation = await api<{ id: number }>('/conversations', { inbox_id: tenant.inboxId, contact_id: contact.payload.contact.id });
      links.push({
        tenantId: tenant.id,
        clientId: client.id,
        chatwootConfigId: config.id,
        inboxId: tenant.inboxId,
        contactId: contact.payload.contact.id,
        conversationId: conversation.id,
      });
    }
    if (links.length) await env.ctx.db.insert(clientChatwootLinks).values(links);
  });
}

/**
 * Plans every reminder job due at `dueAt`, in one transaction: graphile_worker.add_jobs with the
 * job keys planAppointmentReminders uses (replace mode: a job createAppointment planned is moved,
 * not doubled), the payload sendReminder expects and the max attempts src/db/jobs.ts gives.
 */
async function replanAllDueAt(env: BenchEnvironment, appointments: Appointment[], dueAt: Date) {
  const specs = appointments.map((a) => ({
    identifier: REMINDER_TASK,
    payload: { tenantId: a.tenantId, appointmentId: a.id, offsetMinutes: OFFSET_MINUTES, startTime: a.startTime.toISOString() },
    job_key: reminderJobKey(a.id, OFFSET_MINUTES),
  }));
  await env.ctx.db.transaction(async (tx) => {
    await tx.execute(sql`
      select count(*) from graphile_worker.add_jobs(
        array(
          select row(s.identifier, s.payload, null, ${dueAt.toISOString()}::timestamptz, 10, s.job_key, null, null)::graphile_worker.job_spec
          from json_to_recordset(${JSON.stringify(specs)}::json) as s(identifier text, payload json, job_key text)
        ),
        false
      )`);
  });
}

/** Polls the log until every reminder has a final status; returns their sent_at (ms) and how many ended otherwise. */
async function waitForReminders(env: BenchEnvironment, expected: number) {
  const where = and(eq(notificationLogs.type, 'APPOINTMENT_REMINDER'), sql`${notificationLogs.idempotencyKey} like 'reminder:%'`);
  let lastDone = -1;
  let lastProgressAt = Date.now();
  let lastPrint = 0;
  for (;;) {
    const rows = await env.ctx.db
      .select({ status: notificationLogs.status, n: sql<number>`count(*)::int` })
      .from(notificationLogs)
      .where(where)
      .groupBy(notificationLogs.status);
    const statuses = Object.fromEntries(rows.map((r) => [r.status, r.n]));
    const sent = statuses.SENT ?? 0;
    const done = rows.filter((r) => !['QUEUED', 'SENDING'].includes(r.status)).reduce((n, r) => n + r.n, 0);
    if (Date.now() - lastPrint > 2000) {
      log(`  … ${sent} sent${done > sent ? `, ${done - sent} ended otherwise` : ''} of ${expected}`);
      lastPrint = Date.now();
    }
    if (done >= expected) {
      const sentRows = await env.ctx.db
        .select({ sentAt: notificationLogs.sentAt })
        .from(notificationLogs)
        .where(and(where, inArray(notificationLogs.status, ['SENT'])));
      return { sentAts: sentRows.map((r) => r.sentAt!.getTime()), other: done - sent, statuses };
    }
    if (done !== lastDone) {
      lastDone = done;
      lastProgressAt = Date.now();
    } else if (Date.now() - lastProgressAt > 60_000) {
      throw new Error(`no progress for 60 s: ${JSON.stringify(statuses)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Appointments spread over every tenant (the seed's loop crosses tenants too). */
function pickSlice(data: TenantData[], size: number): string[] {
  const ids: string[] = [];
  for (let round = 0; ids.length < size; round++) {
    let added = false;
    for (const d of data) {
      if (ids.length >= size) break;
      const a = d.appointments[round];
      if (a) {
        ids.push(a.id);
        added = true;
      }
    }
    if (!added) break;
  }
  return ids;
}

// ---- worker processes (BENCH_WORKER_PROCESSES > 0) -------------------------------------------

const workerScript = fileURLToPath(new URL('./reminders-worker.ts', import.meta.url));

async function spawnWorker(env: BenchEnvironment, concurrency: number, poolMax: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      BENCH_CHILD_DATABASE_URL: env.url,
      BENCH_CHILD_SECRET_KEY: env.secretKey,
      BENCH_CHILD_CONCURRENCY: String(concurrency),
      BENCH_CHILD_POOL_MAX: String(poolMax),
    },
    // stdin is a pipe the child watches: if this process dies, the child stops too.
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before it was ready`)));
    lines.on('line', (line) => {
      if (line === 'ready') resolve();
      else if (line.startsWith('stats ')) (child as ChildProcess & { stats?: { sql: number; cpuMs: number } }).stats = JSON.parse(line.slice(6));
    });
  });
  await ready;
  return child;
}

/** Stops the worker processes gracefully; returns the SQL statements they sent and the CPU they used. */
async function stopChildren(children: ChildProcess[]): Promise<{ sql: number; cpuMs: number }> {
  const total = { sql: 0, cpuMs: 0 };
  for (const child of children) {
    const exited = once(child, 'close'); // 'close': after its stdout (the stats line) is read
    child.kill('SIGTERM');
    await exited;
    const stats = (child as ChildProcess & { stats?: { sql: number; cpuMs: number } }).stats;
    total.sql += stats?.sql ?? 0;
    total.cpuMs += stats?.cpuMs ?? 0;
  }
  return total;
}
