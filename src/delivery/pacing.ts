/**
 * Pacing toward Chatwoot (invariant 6): token buckets that live in PostgreSQL (`rate_buckets`), so
 * every worker process shares them and nothing a sibling process needs is held in memory.
 *
 * Why the shape is not "capacity N, refill N/min": Chatwoot (rack-attack) counts requests in fixed
 * windows aligned to the minute. A bucket of capacity N refilling N/min can spend its full N at
 * 00:59 and another N during 01:00–01:59, i.e. up to 2N inside one server window. We use a small
 * burst C and refill R = N + 1 − C per minute (see {@link bucketShape}). That guarantees at most N
 * grants in ANY half-open 60 s interval [a, a + 60 s) — aligned to the minute or not, so also under
 * some clock skew between us and Chatwoot:
 *
 *   Let s1 ≤ … ≤ sk be the grants inside [a, a + 60 s). Just before s1 the bucket holds ≤ C tokens;
 *   between s1 and sk it gains R·(sk − s1)/60 s; each grant spends 1 and the k-th still needed 1, so
 *   k ≤ C + R·(sk − s1)/60 s < C + R = N + 1 because sk − s1 < 60 s. k is an integer, so k ≤ N.
 *
 * (The grant test accepts 1e-9 of floating-point slack; with microsecond timestamps the gap above is
 * at least R·1 µs/60 s ≥ 1.6e-8 tokens, so the slack cannot buy an extra grant.)
 *
 * Time: pass `now` to simulate a clock (tests); by default the database's clock is used, so all
 * worker machines share one clock.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';

export interface BucketRequest {
  /** e.g. `chatwoot:host:app.chatwoot.com` (see {@link chatwootBucketKeys}). */
  key: string;
  /** The configured limit: never more than this many grants in any minute. A positive integer. */
  perMinute: number;
}

export type TakeResult = { granted: true } | { granted: false; retryAt: Date };

/** Largest burst a bucket allows; bursts cost steady-state throughput (R = N + 1 − C). */
const MAX_BURST = 10;
/**
 * Smallest burst for limits that allow it: one send may need several calls at once (a first
 * contact: filter, create, conversation, plus the inbox once), and a bucket must be able to hold them.
 */
export const MIN_BURST = 4;
/** Floating-point slack on "at least one token" (see the proof above for why it is harmless). */
const EPSILON_TOKENS = 1e-9;
/** Missing buckets are created by the first attempt; the retry then finds them. */
const MAX_ATTEMPTS = 3;

/**
 * The stored shape for a limit of `perMinute`: a burst of one second's worth of tokens (at least
 * MIN_BURST, or N when N is smaller; at most 10) and a refill of `perMinute + 1 − capacity` per minute, so capacity + refill = N + 1 and no
 * 60-second window can see more than N grants. Steady-state throughput loses (C − 1)/N:
 * 60/min → C 4, R 57; 600/min → C 10, R 591; 3000/min → C 10, R 2991; 2/min → C 2, R 1.
 */
export function bucketShape(perMinute: number): { capacity: number; refillPerMinute: number } {
  if (!Number.isInteger(perMinute) || perMinute < 1 || perMinute > 2_000_000_000) {
    throw new RangeError(`perMinute must be a positive integer, got ${perMinute}`);
  }
  const capacity = Math.min(MAX_BURST, perMinute, Math.max(MIN_BURST, Math.floor(perMinute / 60)));
  return { capacity, refillPerMinute: perMinute + 1 - capacity };
}

/**
 * The bucket keys for one Chatwoot account: its host (rack-attack's global limit is per client IP,
 * i.e. per server for us) and the account (per-account throttles). The host keeps a non-default
 * port, since two servers on one machine are two limits.
 *
 * `chatwootBucketKeys('https://app.chatwoot.com/', 12)` →
 * `{ host: 'chatwoot:host:app.chatwoot.com', account: 'chatwoot:account:app.chatwoot.com:12' }`
 */
export function chatwootBucketKeys(baseUrl: string, accountId: number): { host: string; account: string } {
  if (!Number.isSafeInteger(accountId) || accountId < 1) {
    throw new RangeError(`accountId must be a positive integer, got ${accountId}`);
  }
  const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? baseUrl : `https://${baseUrl}`).host.toLowerCase();
  if (!host) throw new TypeError(`"${baseUrl}" has no host`);
  return { host: `chatwoot:host:${host}`, account: `chatwoot:account:${host}:${accountId}` };
}

/**
 * Takes `count` tokens (one per API call the caller is about to make, at most the bucket's burst)
 * from EVERY listed bucket, or from none. The proof above holds with counts: every call spends one
 * token, so the calls inside any 60 s window are still at most C + R·gap/60 s < N + 1. Buckets are created full on first use, and
 * each take applies the `perMinute` it is given (a config edit takes effect on the next take).
 * When denied, `retryAt` is the earliest moment every bucket holds enough tokens and none is paused —
 * taking then succeeds unless someone else takes first.
 *
 * One round trip when the buckets exist (two on a bucket's first use). Call it outside long
 * transactions: a take inside the caller's transaction keeps the bucket rows locked until it ends,
 * and at REPEATABLE READ or above a concurrent take makes it fail with a serialization error.
 */
export async function takeTokens(db: DbOrTx, buckets: BucketRequest[], now?: Date, count = 1): Promise<TakeResult> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  if (buckets.length === 0) return { granted: true };
  const requests = buckets.map(({ key, perMinute }) => {
    if (typeof key !== 'string' || key.length === 0) throw new TypeError('a bucket key must be a non-empty string');
    const { capacity, refillPerMinute } = bucketShape(perMinute);
    // Only a limit under MIN_BURST per minute has a bucket smaller than a send: such a send waits for
    // a full bucket and its calls go out together, so the guarantee above holds for limits of 4/min
    // and more (the settings refuse less).
    return { key, capacity, refill_per_minute: refillPerMinute, need: Math.min(count, capacity) };
  });
  if (new Set(requests.map((r) => r.key)).size !== requests.length) {
    throw new TypeError(`each bucket may be listed once: ${requests.map((r) => r.key).join(', ')}`);
  }
  if (now !== undefined && Number.isNaN(now.getTime())) throw new RangeError('now is an invalid Date');
  const nowParam = now?.toISOString() ?? null;
  const requestJson = JSON.stringify(requests);

  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const { rows } = await db.execute<TakeRow>(takeStatement(nowParam, requestJson));
    const row = rows[0];
    if (row.granted) return { granted: true };
    // A missing bucket was just created (full) by the statement itself; take again, now it exists.
    if (Number(row.found) < requests.length) continue;
    const nowMs = now?.getTime() ?? Math.ceil(Number(row.now_ms));
    // Round up to a whole millisecond (a Date has no finer unit) so that taking at retryAt works;
    // the tiny subtraction keeps float noise (1000.0000000002) from adding a whole millisecond.
    const waitMs = Math.max(1, Math.ceil(Number(row.wait_ms) - 1e-6));
    return { granted: false, retryAt: new Date(nowMs + waitMs) };
  }
  throw new Error(`rate buckets ${requests.map((r) => r.key).join(', ')} could not be created`);
}

/**
 * After a 429: nobody takes from the bucket before `until` (the caller passes the next minute
 * boundary plus jitter). Only ever extends a pause, so a late 429 cannot shorten an earlier one.
 * Tokens keep refilling meanwhile; that is safe because the bucket still never allows more than N
 * in any minute (see the proof at the top of this file).
 */
export async function pauseBucket(db: DbOrTx, key: string, until: Date): Promise<void> {
  if (Number.isNaN(until.getTime())) throw new RangeError('until is an invalid Date');
  const at = until.toISOString();
  // A bucket nobody has taken from yet (pacing off when the 429 came) gets a placeholder shape of
  // one full token as of `until`; the next take replaces the shape with its configured one.
  await db.execute(sql`
    insert into rate_buckets (key, capacity, refill_per_minute, tokens, refilled_at, paused_until)
    values (${key}, 1, 1, 1, ${at}::timestamptz, ${at}::timestamptz)
    on conflict (key) do update
      set paused_until = greatest(rate_buckets.paused_until, excluded.paused_until), updated_at = now()`);
}

interface TakeRow extends Record<string, unknown> {
  granted: boolean;
  found: string | number;
  now_ms: string;
  wait_ms: number | null;
}

/*
 * One statement, so the common case is one round trip and all-or-none needs no explicit transaction.
 *
 * Concurrency (READ COMMITTED, the default):
 * - `locked` locks the existing rows with FOR UPDATE in key order. Every take locks in the same order,
 *   so two takes over {host, account} listed in opposite orders cannot deadlock. A take that has to
 *   wait gets the row's newest committed version once the other take commits, so the decision is
 *   made on current tokens and two takes can never spend the same token.
 * - The decision (`verdict`) sees every listed row at once, while all of them are locked, which is
 *   what makes "one token from each, or none" atomic. The UPDATE then touches only rows this
 *   statement already locked, so it cannot wait on anyone.
 * - A denial writes nothing: refill is a pure function of (tokens, refilled_at, now), so the stored
 *   state stays valid. Contended denials therefore hold the lock only for a read, and a denial
 *   caused by one bucket leaves the other buckets' tokens exactly as they were.
 * - Missing buckets are inserted full, in key order, with ON CONFLICT DO NOTHING (a concurrent
 *   creator wins harmlessly); rows inserted by a statement are invisible to that same statement, so
 *   the caller simply runs it again.
 * - Takes on different keys (100 accounts) touch different rows and never wait on each other; a take
 *   also holding the shared host row holds it only for this one short statement.
 */
function takeStatement(now: string | null, requestJson: string) {
  return sql`
    with clock as materialized (
      select coalesce(${now}::timestamptz, clock_timestamp()) as now
    ),
    req as materialized (
      select * from jsonb_to_recordset(${requestJson}::jsonb) as r(key text, capacity int, refill_per_minute int, need int)
    ),
    locked as materialized (
      select b.key, b.tokens, b.refilled_at, b.paused_until
      from rate_buckets b
      where b.key = any (array(select key from req))
      order by b.key
      for update of b
    ),
    state as materialized (
      select l.key, r.capacity, r.refill_per_minute, r.need, c.now, l.paused_until,
             greatest(l.refilled_at, c.now) as refilled_at,
             -- continuous refill at the configured rate, capped at the burst; a clock that reads
             -- earlier than the last refill adds nothing rather than removing tokens
             least(r.capacity::float8,
                   l.tokens + greatest(0, extract(epoch from c.now - l.refilled_at) * 1000)::float8
                              * r.refill_per_minute / 60000) as tokens
      from locked l join req r on r.key = l.key cross join clock c
    ),
    verdict as materialized (
      select count(*) = (select count(*) from req)
             and coalesce(bool_and(s.tokens >= s.need - ${EPSILON_TOKENS}::float8
                                   and (s.paused_until is null or s.paused_until <= s.now)), false) as granted
      from state s
    ),
    taken as (
      update rate_buckets b
      set tokens = s.tokens - s.need,
          refilled_at = s.refilled_at,
          capacity = s.capacity,
          refill_per_minute = s.refill_per_minute,
          updated_at = now()
      from state s cross join verdict v
      where v.granted and b.key = s.key
      returning b.key
    ),
    created as (
      insert into rate_buckets (key, capacity, refill_per_minute, tokens, refilled_at)
      select r.key, r.capacity, r.refill_per_minute, r.capacity, c.now
      from req r cross join clock c cross join verdict v
      where not v.granted and not exists (select 1 from locked l where l.key = r.key)
      order by r.key
      on conflict (key) do nothing
      returning key
    )
    select v.granted,
           (select count(*) from state) as found,
           (select (extract(epoch from now) * 1000)::text from clock) as now_ms,
           -- per bucket: until its pause ends and until its next whole token; the take needs all
           (select max(greatest(extract(epoch from s.paused_until - s.now)::float8 * 1000,
                                (s.need - s.tokens) * 60000 / s.refill_per_minute))
              from state s) as wait_ms
    from verdict v`;
}
