/**
 * Invariants 2 and 3 across a crash: a worker PROCESS killed with SIGKILL in the middle of a batch
 * leaves rows SENDING (their graphile jobs locked by the dead process) and messages Chatwoot may or
 * may not have created. Recovery puts them back with the outcome unknown; the next attempt looks
 * for the message at Chatwoot before sending, so every message arrives exactly once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { deliverLog } from '../../src/notifications/index.ts';
import { recoverStaleDeliveries } from '../../src/delivery/index.ts';
import { startChatwootSandbox } from '../../src/sandbox/index.ts';
import { createTestContext } from '../helpers/context.ts';
import {
  chatwootTenant,
  expectAlive,
  expectEachSentExactlyOnce,
  killAllWorkers,
  killWorker,
  logRows,
  outgoingMessages,
  progressReport,
  queueBatch,
  spawnWorker,
  statusCounts,
  waitUntil,
} from './workers.fixture.ts';

const t = await createTestContext();
const sandbox = await startChatwootSandbox();
afterAll(async () => {
  await killAllWorkers();
  await sandbox.close();
  await t.close();
});

/** The tenants' limit is high so pacing never holds these tests back (pacing has its own tests). */
const FAST = 3000;

const jobOf = async (logId: string) => {
  const { rows } = await t.ctx.pool.query<{ id: string; locked_at: Date | null; locked_by: string | null }>(
    'select id, locked_at, locked_by from graphile_worker.jobs where key = $1',
    [`deliver:${logId}`],
  );
  return rows;
};

/**
 * What a worker that died after Chatwoot accepted the message, but before it wrote SENT, leaves
 * behind: the row SENDING since `agoMs`, no provider id.
 */
async function diedWhileSending(logId: string, agoMs: number) {
  await t.ctx.pool.query(
    `update notification_logs set status = 'SENDING', provider_message_id = null, provider_conversation_id = null, sent_at = null,
            sending_started_at = now() - make_interval(secs => $2::float8 / 1000) where id = $1`,
    [logId, agoMs],
  );
}

describe('recovery, step by step (in this process)', () => {
  it('a message Chatwoot accepted before the worker died is found there and recorded, not sent again', async () => {
    const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: FAST, clientCount: 1, name: 'Recuperación A' });
    const [logId] = await queueBatch(t, target, 1, 'found');
    const first = await deliverLog(t.ctx, target.tenant.id, logId);
    expect(first?.status).toBe('SENT');
    await diedWhileSending(logId, 10_000);

    expect(await recoverStaleDeliveries(t.ctx, 3_000)).toEqual({ resent: 1, requeued: 0, reminders: 0 });
    const [recovered] = await logRows(t, target.tenant.id, [logId]);
    expect(recovered).toMatchObject({ status: 'QUEUED', error_code: 'OUTCOME_UNKNOWN' });
    expect(recovered.metadata.verifySince).toEqual(expect.any(String));
    expect(await jobOf(logId)).toHaveLength(1);

    const again = await deliverLog(t.ctx, target.tenant.id, logId);
    expect(again).toMatchObject({ status: 'SENT', providerMessageId: first!.providerMessageId, errorCode: null });
    expect(outgoingMessages(sandbox, target.accountId)).toHaveLength(1);
  });

  it('when the check before re-sending cannot be made (429), nothing is sent: the row waits for the next window', async () => {
    const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: FAST, clientCount: 1, name: 'Recuperación B' });
    const [logId] = await queueBatch(t, target, 1, 'check-429');
    const first = await deliverLog(t.ctx, target.tenant.id, logId);
    expect(first?.status).toBe('SENT');
    await diedWhileSending(logId, 10_000);
    await recoverStaleDeliveries(t.ctx, 3_000);

    sandbox.setFaults({ force429: 1 });
    const before = Date.now();
    const waiting = await deliverLog(t.ctx, target.tenant.id, logId);
    sandbox.setFaults({});
    // Sending without knowing whether the earlier attempt arrived could deliver it twice.
    expect(outgoingMessages(sandbox, target.accountId), 'sent again although the check failed').toHaveLength(1);
    expect(waiting).toMatchObject({ status: 'QUEUED', errorCode: 'CHATWOOT_RATE_LIMITED' });
    const nextMinute = Math.floor(before / 60_000) * 60_000 + 60_000;
    expect(waiting!.scheduledAt.getTime()).toBeGreaterThanOrEqual(nextMinute);

    // A minute later (simulated: the 429's pause lifted and the buckets refilled), the check runs and finds the message.
    await t.ctx.pool.query(`update rate_buckets set paused_until = null, tokens = capacity where key like 'chatwoot:%'`);
    const again = await deliverLog(t.ctx, target.tenant.id, logId);
    expect(again).toMatchObject({ status: 'SENT', providerMessageId: first!.providerMessageId });
    expect(outgoingMessages(sandbox, target.accountId)).toHaveLength(1);
  });

  it('a QUEUED row whose job a dead worker had taken (before claiming the row) gets a new job', async () => {
    const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: FAST, clientCount: 1, name: 'Recuperación C' });
    const [logId] = await queueBatch(t, target, 1, 'locked-job');
    // The worker locked the job 10 s ago and died before its claim (the UPDATE to SENDING) ran.
    await t.ctx.pool.query(`update notification_logs set scheduled_at = now() - interval '10 seconds' where id = $1`, [logId]);
    await t.ctx.pool.query(
      `update graphile_worker._private_jobs set locked_at = now() - interval '10 seconds', locked_by = 'worker-that-died' where key = $1`,
      [`deliver:${logId}`],
    );

    // graphile-worker itself only frees a dead worker's jobs after 4 hours.
    expect(await recoverStaleDeliveries(t.ctx, 3_000)).toEqual({ resent: 0, requeued: 1, reminders: 0 });
    expect(await jobOf(logId)).toEqual([expect.objectContaining({ locked_at: null, locked_by: null })]);
    expect((await deliverLog(t.ctx, target.tenant.id, logId))?.status).toBe('SENT');
  });
});

describe('two deliveries of one row at the same moment', () => {
  it('their claims share one statement, and only one of them gets the row and sends it', async () => {
    const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: FAST, clientCount: 1, name: 'Mismo turno' });
    const [logId] = await queueBatch(t, target, 1, 'same-turn');
    // Started in the same turn of the event loop, as two jobs (or a job and an inline send) can be.
    const [first, second] = await Promise.all([deliverLog(t.ctx, target.tenant.id, logId), deliverLog(t.ctx, target.tenant.id, logId)]);

    expect([first?.status, second?.status]).toContain('SENT');
    expect(outgoingMessages(sandbox, target.accountId)).toHaveLength(1);
    const [row] = await logRows(t, target.tenant.id, [logId]);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
  });
});

describe('a worker process killed mid-batch', () => {
  const CLIENTS = 20;
  const PER_CLIENT = 3;
  const CONCURRENCY = 6;
  /** Short, so recovery can run within the test; a real worker's sends finish well within it. */
  const STALE_AFTER_MS = 5_000;

  it('the next worker delivers every message exactly once', async () => {
    const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: FAST, clientCount: CLIENTS, name: 'Clínica Roma' });
    const ids = await queueBatch(t, target, PER_CLIENT, 'crash');
    const tenantId = target.tenant.id;
    // Each Chatwoot call takes 250 ms: a first contact costs 3 calls, so the batch takes seconds.
    sandbox.setFaults({ latencyMs: 250 });
    const env = { DELIVERY_STALE_AFTER_MS: String(STALE_AFTER_MS) };

    const first = spawnWorker(t, 'first', { concurrency: CONCURRENCY, env });
    const report = () => progressReport(t, tenantId, [first]);
    await waitUntil(
      'some messages SENT, others still QUEUED or SENDING',
      async () => {
        expectAlive(first);
        const c = await statusCounts(t, tenantId);
        return (c.SENT ?? 0) >= 12 && (c.SENDING ?? 0) >= 1 && (c.QUEUED ?? 0) + (c.SENDING ?? 0) >= 20;
      },
      { timeoutMs: 40_000, intervalMs: 20, describe: report },
    );
    const exit = await killWorker(first);
    const killedAt = Date.now();
    expect(exit.signal).toBe('SIGKILL');

    // The crash really was mid-batch: delivered rows, rows in flight, rows not yet taken.
    const atKill = await logRows(t, tenantId, ids);
    const sendingAtKill = atKill.filter((r) => r.status === 'SENDING').map((r) => r.id);
    const counts = await statusCounts(t, tenantId);
    expect(counts.SENT ?? 0).toBeGreaterThan(0);
    expect(sendingAtKill.length).toBeGreaterThan(0);
    expect((counts.QUEUED ?? 0) + sendingAtKill.length).toBeGreaterThan(0);
    // The dead worker's jobs stay locked: graphile-worker alone would not run them again for 4 hours.
    const { rows: locked } = await t.ctx.pool.query(
      `select 1 from graphile_worker.jobs where key = any($1::text[]) and locked_at is not null`,
      [sendingAtKill.map((id) => `deliver:${id}`)],
    );
    expect(locked.length).toBe(sendingAtKill.length);

    const second = spawnWorker(t, 'second', { concurrency: CONCURRENCY, env });
    const report2 = () => progressReport(t, tenantId, [second]);
    // The worker runs recovery at start and every minute; past the stale threshold the test also
    // runs it, rather than wait for the cron's next minute.
    await waitUntil(
      'every row SENT',
      async () => {
        expectAlive(second);
        if (Date.now() - killedAt > STALE_AFTER_MS + 200) {
          await recoverStaleDeliveries(t.ctx, STALE_AFTER_MS);
        }
        const c = await statusCounts(t, tenantId);
        return c.SENT === ids.length;
      },
      { timeoutMs: 60_000, intervalMs: 250, describe: report2 },
    );
    sandbox.setFaults({});
    await killWorker(second, 'SIGTERM');

    const rows = await expectEachSentExactlyOnce(t, target, ids);
    // The rows the dead worker was sending went through recovery, and were checked at Chatwoot before any new attempt.
    const inFlight = rows.filter((r) => sendingAtKill.includes(r.id));
    expect(inFlight.filter((r) => typeof r.metadata.verifySince !== 'string').map((r) => r.id)).toEqual([]);
    expect(inFlight.every((r) => r.attempts >= 2)).toBe(true);
    expect(await statusCounts(t, tenantId)).toEqual({ SENT: ids.length });
  }, 120_000);
});
