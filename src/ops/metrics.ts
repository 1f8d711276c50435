/**
 * Prometheus metrics of this process (/metrics). Aggregates only: no tenant or client labels, so
 * nothing about one business shows to whoever reads the metrics.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type pg from 'pg';

export const registry = new Registry();
collectDefaultMetrics({ register: registry, prefix: 'citaplanner_' });

export const messagesTotal = new Counter({
  name: 'citaplanner_messages_total',
  help: 'Delivery attempts by channel, notification type and resulting status',
  labelNames: ['channel', 'type', 'status'] as const,
  registers: [registry],
});

export const pacingWaitsTotal = new Counter({
  name: 'citaplanner_pacing_waits_total',
  help: 'Deliveries rescheduled because a rate bucket had no token (kind: paced = our pacing, rate_limited = the provider answered 429)',
  labelNames: ['kind'] as const,
  registers: [registry],
});

export const providerSendSeconds = new Histogram({
  name: 'citaplanner_provider_send_seconds',
  help: 'Time a provider took to take (or refuse) one message',
  labelNames: ['provider', 'outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [registry],
});

/** Queue depth is read from the database when scraped, so every process reports the shared truth. */
export function registerQueueDepth(pool: pg.Pool): void {
  if (registry.getSingleMetric('citaplanner_queue_depth')) registry.removeSingleMetric('citaplanner_queue_depth');
  new Gauge({
    name: 'citaplanner_queue_depth',
    help: 'Notifications waiting (QUEUED) or in flight (SENDING), and background jobs waiting to run',
    labelNames: ['state'] as const,
    registers: [registry],
    async collect() {
      const { rows } = await pool.query<{ state: string; n: string }>(`
        select lower(status::text) as state, count(*) as n from notification_logs where status in ('QUEUED', 'SENDING') group by status
        union all
        select 'jobs', count(*) from graphile_worker.jobs where locked_at is null`);
      this.reset();
      for (const state of ['queued', 'sending', 'jobs']) this.set({ state }, Number(rows.find((r) => r.state === state)?.n ?? 0));
    },
  });
}
