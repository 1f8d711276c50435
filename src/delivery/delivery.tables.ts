import { doublePrecision, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tstz, updatedAt } from '../db/columns.ts';

/**
 * Token buckets shared by every worker process (invariant 6). Keyed by Chatwoot host and by
 * account, e.g. "chatwoot:host:app.chatwoot.com" and "chatwoot:account:app.chatwoot.com:12".
 */
export const rateBuckets = pgTable('rate_buckets', {
  key: text('key').primaryKey(),
  capacity: integer('capacity').notNull(),
  refillPerMinute: integer('refill_per_minute').notNull(),
  tokens: doublePrecision('tokens').notNull(),
  refilledAt: tstz('refilled_at').notNull().defaultNow(),
  /** Set by a 429: nobody takes from this bucket before then. */
  pausedUntil: tstz('paused_until'),
  updatedAt: updatedAt(),
});
