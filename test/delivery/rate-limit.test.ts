/**
 * Chatwoot saying "not now", through the real worker (in this process) and the sandbox over HTTP:
 * - a 429 storm (invariant 6: a 429 backs off to the next minute window and loses nothing);
 * - an outage (503 for 10 s): backoff, then everything delivered exactly once (invariants 2, 3).
 *
 * Time: a 429 can only be retried in the next minute window (Chatwoot's windows are fixed and it
 * sends no Retry-After), so the 429 test waits for a minute boundary: 15–80 s depending on the
 * second it starts at. The outage test runs concurrently with it (each has its own database,
 * sandbox and worker), inside that wait.
 */
import { describe, it } from 'vitest';
import { chatwootBucketKeys } from '../../src/delivery/pacing.ts';
import { startWorker, workerTasks } from '../../src/delivery/index.ts';
import { startChatwootSandbox } from '../../src/sandbox/index.ts';
import { createTestContext } from '../helpers/context.ts';
import { chatwootTenant, expectEachSentExactlyOnce, logRows, progressReport, queueBatch, sleep, statusCounts, waitUntil } from './workers.fixture.ts';

const MINUTE = 60_000;
const nextMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE + MINUTE;

describe.concurrent('Chatwoot pushing back', () => {
  it('429 storm: the account stops at the server window, resumes in the next one, and delivers everything once', async ({ expect }) => {
    // The server allows 40 requests per minute window; the tenant's configured rate (600/min) is
    // above it, so the workers run into the limit. 40 messages to 10 new clients cost ≈ 61 calls:
    // the first window takes 40, the rest must wait for the next one.
    const SANDBOX_LIMIT = 40;
    const CONCURRENCY = 4;
    const t = await createTestContext();
    const sandbox = await startChatwootSandbox({ rateLimitPerMinute: SANDBOX_LIMIT });
    try {
      const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: 600, clientCount: 10 });
      const tenantId = target.tenant.id;
      const ids = await queueBatch(t, target, 4, 'storm');
      // The first window must fill up within the minute it starts in (≈ 4 s at 600/min): late in a
      // minute, start with the next one.
      if (Date.now() % MINUTE > 45_000) await sleep(nextMinute(Date.now()) - Date.now() + 200);
      sandbox.resetCalls();
      const startedAt = Date.now();

      const worker = await startWorker(t.ctx, { concurrency: CONCURRENCY, tasks: workerTasks(t.ctx) });
      const codesSeen = new Set<string>();
      try {
        await waitUntil(
          'every row SENT',
          async () => {
            const { rows } = await t.ctx.pool.query<{ error_code: string; status: string }>(
              `select distinct error_code, status from notification_logs where tenant_id = $1 and error_code is not null`,
              [tenantId],
            );
            for (const r of rows) codesSeen.add(`${r.status} ${r.error_code}`);
            return (await statusCounts(t, tenantId)).SENT === ids.length;
          },
          { timeoutMs: 130_000, intervalMs: 100, describe: () => progressReport(t, tenantId) },
        );
      } finally {
        await worker.stop();
      }

      // Nothing lost, nothing twice, nothing FAILED.
      await expectEachSentExactlyOnce(t, target, ids);
      expect(await statusCounts(t, tenantId)).toEqual({ SENT: ids.length });
      expect([...codesSeen]).toContain('QUEUED CHATWOOT_RATE_LIMITED');
      expect([...codesSeen].filter((c) => c.startsWith('FAILED'))).toEqual([]);

      // The storm happened, in one window, and stayed small: after the first 429 only the sends
      // already under way reached Chatwoot (each stops at its own first 429), because the 429
      // paused the buckets; without the pause every remaining message would have got a 429 too.
      const calls = sandbox.calls;
      const throttled = calls.filter((c) => c.status === 429);
      expect(throttled.length).toBeGreaterThan(0);
      const first429 = throttled[0].at.getTime();
      const boundary = nextMinute(first429);
      expect(throttled.every((c) => c.at.getTime() < boundary)).toBe(true);
      const afterFirst429InItsWindow = calls.filter((c) => c.at.getTime() >= first429 && c.at.getTime() < boundary);
      expect(afterFirst429InItsWindow.length).toBeLessThanOrEqual(2 * CONCURRENCY);
      // The messages that got a 429 were retried (429 counts as an attempt; waiting for pacing does not).
      const rows = await logRows(t, tenantId, ids);
      const retried = rows.filter((r) => r.attempts >= 2).length;
      expect(retried).toBeGreaterThan(0);
      expect(retried).toBeLessThanOrEqual(throttled.length);

      // Both buckets (host and account) were paused until the next minute window, plus < 2 s jitter…
      const keys = chatwootBucketKeys(sandbox.url, target.accountId);
      const { rows: buckets } = await t.ctx.pool.query<{ key: string; paused_until: Date }>(
        'select key, paused_until from rate_buckets where key = any($1::text[]) order by key',
        [[keys.host, keys.account]],
      );
      expect(buckets.map((b) => b.key)).toEqual([keys.account, keys.host]);
      for (const b of buckets) {
        expect(b.paused_until.getTime()).toBeGreaterThanOrEqual(boundary);
        expect(b.paused_until.getTime()).toBeLessThan(boundary + 2_000);
      }
      // …and nothing reached Chatwoot again before the pause ended.
      const pausedUntil = Math.max(...buckets.map((b) => b.paused_until.getTime()));
      const resumed = calls.filter((c) => c.at.getTime() >= boundary);
      expect(resumed.length).toBeGreaterThan(0);
      expect(resumed[0].at.getTime()).toBeGreaterThanOrEqual(pausedUntil);
      console.info(
        `429 storm: ${throttled.length} × 429 at +${((first429 - startedAt) / 1000).toFixed(1)} s, resumed at +${((resumed[0].at.getTime() - startedAt) / 1000).toFixed(1)} s, done at +${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
      );
    } finally {
      await sandbox.close();
      await t.close();
    }
  }, 180_000);

  it('outage: 503s for 10 s are retried with backoff, then everything is delivered exactly once', async ({ expect }) => {
    const OUTAGE_MS = 10_000;
    const t = await createTestContext();
    const sandbox = await startChatwootSandbox();
    try {
      const target = await chatwootTenant(t, sandbox, { rateLimitPerMinute: 3000, clientCount: 8, name: 'Spa Condesa' });
      const tenantId = target.tenant.id;
      const worker = await startWorker(t.ctx, { concurrency: 4, tasks: workerTasks(t.ctx) });
      try {
        // Every client has a conversation already, so during the outage the failing call is the
        // message create itself: a 5xx there leaves the outcome unknown.
        const warmUp = await queueBatch(t, target, 1, 'bienvenida');
        await waitUntil('the warm-up round SENT', async () => (await statusCounts(t, tenantId)).SENT === warmUp.length, {
          timeoutMs: 30_000,
          describe: () => progressReport(t, tenantId),
        });

        sandbox.setFaults({ outage: true });
        const outageEnds = Date.now() + OUTAGE_MS;
        const ids = await queueBatch(t, target, 2, 'caida');
        let maxAttempts = 0;
        let sawEveryRowWaiting = false;
        while (Date.now() < outageEnds) {
          const rows = await logRows(t, tenantId, ids);
          // During the outage nothing is SENT and nothing gives up.
          expect(rows.filter((r) => r.status !== 'QUEUED' && r.status !== 'SENDING').map((r) => `${r.status} ${r.error_code}`)).toEqual([]);
          const waiting = rows.filter((r) => r.status === 'QUEUED' && r.attempts >= 1);
          // A row waiting for pacing tokens (its check before re-sending is paced too) is not in backoff.
          for (const r of waiting.filter((w) => w.error_code !== 'PACED')) {
            // Each failure went back to the queue with the server's error…
            expect(r.error_code).toBe('CHATWOOT_SERVER_ERROR');
            expect(r.error_message).toContain('503');
            // …and its next try was set after a backoff that doubles per attempt: 2.5–5 s, 5–10 s, 10–20 s…
            const delay = r.scheduled_at.getTime() - r.sending_started_at!.getTime();
            const base = 5_000 * 2 ** (r.attempts - 1);
            expect(delay).toBeGreaterThanOrEqual(base / 2);
            expect(delay).toBeLessThanOrEqual(base + 1_000);
            maxAttempts = Math.max(maxAttempts, r.attempts);
          }
          if (waiting.length === ids.length) sawEveryRowWaiting = true;
          await sleep(200);
        }
        sandbox.setFaults({});
        expect(sawEveryRowWaiting).toBe(true);
        expect(maxAttempts).toBeGreaterThanOrEqual(2);

        await waitUntil('every row SENT after the outage', async () => (await statusCounts(t, tenantId)).SENT === warmUp.length + ids.length, {
          timeoutMs: 60_000,
          intervalMs: 200,
          describe: () => progressReport(t, tenantId),
        });
        const rows = await expectEachSentExactlyOnce(t, target, [...warmUp, ...ids]);
        const outageRows = rows.filter((r) => ids.includes(r.id));
        expect(outageRows.every((r) => r.attempts >= 2)).toBe(true);
        // A 5xx on the message create may hide a created message: each was looked for before its re-send.
        expect(outageRows.filter((r) => typeof r.metadata.verifySince !== 'string').map((r) => r.id)).toEqual([]);
        expect(sandbox.calls.filter((c) => c.status === 503).length).toBeGreaterThanOrEqual(ids.length);
        expect(await statusCounts(t, tenantId)).toEqual({ SENT: warmUp.length + ids.length });
      } finally {
        sandbox.setFaults({});
        await worker.stop();
      }
    } finally {
      await sandbox.close();
      await t.close();
    }
  }, 120_000);
});
