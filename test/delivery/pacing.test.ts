import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDatabase, type Db } from '../../src/db/client.ts';
import * as schema from '../../src/db/schema.ts';
import { rateBuckets } from '../../src/delivery/delivery.tables.ts';
import { bucketShape, chatwootBucketKeys, pauseBucket, takeTokens, type BucketRequest } from '../../src/delivery/pacing.ts';
import { createTestContext } from '../helpers/context.ts';

const t = await createTestContext();
afterAll(() => t.close());

/** A simulated clock: 10:00:00.000 UTC, aligned to the minute (Chatwoot's windows are aligned too). */
const T0 = Date.parse('2025-01-06T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);

let keyCounter = 0;
/** A fresh bucket key per test, so tests never share state. */
const newKey = (name: string) => `test:${name}:${++keyCounter}`;

async function bucket(key: string) {
  const [row] = await t.ctx.db.select().from(rateBuckets).where(eq(rateBuckets.key, key));
  return row;
}

async function granted(buckets: BucketRequest[], ms: number, count?: number): Promise<boolean> {
  return (await takeTokens(t.ctx.db, buckets, at(ms), count)).granted;
}

async function retryAt(buckets: BucketRequest[], ms: number, count?: number): Promise<number> {
  const result = await takeTokens(t.ctx.db, buckets, at(ms), count);
  if (result.granted) throw new Error(`expected a denial at +${ms} ms`);
  return result.retryAt.getTime() - T0;
}

/** Grants per minute window aligned to the minute, as { minuteIndex: count }. */
function perAlignedMinute(grantTimes: number[]): Record<number, number> {
  return callsPerAlignedMinute(grantTimes.map((ms) => ({ ms, calls: 1 })));
}

/** A granted take: when, and how many API calls it paid for. */
interface Grant {
  ms: number;
  calls: number;
}

/** Calls per minute window aligned to the minute, as { minuteIndex: calls }. */
function callsPerAlignedMinute(grants: Grant[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { ms, calls } of grants) {
    const minute = Math.floor(ms / 60_000);
    counts[minute] = (counts[minute] ?? 0) + calls;
  }
  return counts;
}

/**
 * The most calls inside any half-open 60 s window [a, a + 60 s), aligned or not. The busiest window
 * can always be slid right until it starts at a grant, so checking windows that start at each grant
 * covers every window.
 */
function maxCallsInAnySlidingMinute(grants: Grant[]): number {
  let max = 0;
  for (const start of grants) {
    let calls = 0;
    for (const g of grants) if (g.ms >= start.ms && g.ms < start.ms + 60_000) calls += g.calls;
    max = Math.max(max, calls);
  }
  return max;
}

describe('bucket keys and shape', () => {
  it('names the host and account buckets of a Chatwoot account', () => {
    expect(chatwootBucketKeys('https://app.chatwoot.com', 12)).toEqual({
      host: 'chatwoot:host:app.chatwoot.com',
      account: 'chatwoot:account:app.chatwoot.com:12',
    });
    expect(chatwootBucketKeys('https://App.Chatwoot.com/app/', 7)).toEqual({
      host: 'chatwoot:host:app.chatwoot.com',
      account: 'chatwoot:account:app.chatwoot.com:7',
    });
    // Two servers on one machine are two limits.
    expect(chatwootBucketKeys('http://localhost:3000', 1).host).toBe('chatwoot:host:localhost:3000');
    expect(() => chatwootBucketKeys('https://app.chatwoot.com', 0)).toThrow(RangeError);
  });

  it('a limit of N becomes a small burst C and a refill of N + 1 − C per minute', () => {
    // C = min(10, N, max(4, floor(N / 60))), R = N + 1 − C.
    // N below 4: the bucket cannot hold 4, so C = N and R = 1.
    expect(bucketShape(1)).toEqual({ capacity: 1, refillPerMinute: 1 }); // min(10, 1, 4) = 1; 1 + 1 − 1 = 1
    expect(bucketShape(2)).toEqual({ capacity: 2, refillPerMinute: 1 }); // min(10, 2, 4) = 2; 2 + 1 − 2 = 1
    expect(bucketShape(3)).toEqual({ capacity: 3, refillPerMinute: 1 }); // min(10, 3, 4) = 3; 3 + 1 − 3 = 1
    // From 4/min up to 299/min (floor(N / 60) ≤ 4) the burst is the minimum of 4.
    expect(bucketShape(4)).toEqual({ capacity: 4, refillPerMinute: 1 }); // min(10, 4, 4) = 4; 4 + 1 − 4 = 1
    expect(bucketShape(7)).toEqual({ capacity: 4, refillPerMinute: 4 }); // min(10, 7, max(4, 0)) = 4; 7 + 1 − 4 = 4
    expect(bucketShape(60)).toEqual({ capacity: 4, refillPerMinute: 57 }); // min(10, 60, max(4, 1)) = 4; 61 − 4 = 57
    expect(bucketShape(299)).toEqual({ capacity: 4, refillPerMinute: 296 }); // floor(299/60) = 4 → 4; 300 − 4 = 296
    // Above that, one second's worth of tokens, at most 10.
    expect(bucketShape(300)).toEqual({ capacity: 5, refillPerMinute: 296 }); // floor(300/60) = 5; 301 − 5 = 296
    expect(bucketShape(360)).toEqual({ capacity: 6, refillPerMinute: 355 }); // floor(360/60) = 6; 361 − 6 = 355
    expect(bucketShape(600)).toEqual({ capacity: 10, refillPerMinute: 591 }); // floor(600/60) = 10; 601 − 10 = 591
    expect(bucketShape(3000)).toEqual({ capacity: 10, refillPerMinute: 2991 }); // min(10, 50) = 10; 3001 − 10 = 2991
    expect(() => bucketShape(0)).toThrow(RangeError);
    expect(() => bucketShape(1.5)).toThrow(RangeError);
  });
});

describe('never more than N in any aligned minute', () => {
  it('a 60/min bucket tried every 100 ms for 5 minutes grants a burst of 4, then one every 60/57 s', async () => {
    // 60/min → C 4, R 57: one token every 60000 / 57 = 1052.63 ms.
    const b = [{ key: newKey('sixty'), perMinute: 60 }];
    const grants: number[] = [];
    // Starts mid-minute (10:00:30.050), 3000 attempts, the last at 10:05:29.950 (u = 299 900 ms
    // after the start). Demand (10/s) always exceeds supply, so after the burst the bucket never
    // refills to its cap: by u ms it has handed out 4 + 57·u/60000 tokens in all, and the k-th
    // grant after the burst (k ≥ 1) is the first attempt at or after u = k · 1052.63 ms, i.e. u
    // rounded UP to a multiple of 100 ms (exact multiples only when 19 | k, e.g. k = 19 → 20 000).
    for (let i = 0; i < 3000; i++) {
      const ms = 30_050 + i * 100;
      if (await granted(b, ms)) grants.push(ms);
    }
    // Burst: 4 takes at u = 0, 100, 200, 300 (3 → 2.095 → 1.19 → 0.285 tokens left), then
    // k = 1: 1052.63 → 1100 → 31 150; k = 2: 2105.26 → 2200 → 32 250; k = 3: 3157.89 → 3200 → 33 250.
    expect(grants.slice(0, 7)).toEqual([30_050, 30_150, 30_250, 30_350, 31_150, 32_250, 33_250]);
    // Last: the largest k with k · 60000/57 ≤ 299 900 is floor(299 900 · 57 / 60000) = floor(284.905)
    // = 284; 284 · 60000/57 = 298 947.37 → 299 000 → 30 050 + 299 000 = 329 050.
    expect(grants.at(-1)).toBe(329_050);
    // Total = C + floor(R · elapsed / 60 s) = 4 + floor(57 · 299.9 / 60) = 4 + 284 = 288.
    expect(grants).toHaveLength(288);
    // Per aligned minute. Grants before the boundary at 60 000·m are those with u ≤ 60 000·m − 30 100
    // (attempts sit at …50, the boundary at …00): 4 + floor((60 000·m − 30 100) · 57 / 60000).
    //   m = 1: 29 900 · 57 / 60000 = 28.405 → 4 + 28 = 32
    //   m = 2: 89 900 · 57 / 60000 = 85.405 → 89
    //   m = 3: 149 900 → 142.405 → 146;  m = 4: 209 900 → 199.405 → 203;  m = 5: 269 900 → 256.405 → 260
    //   end:   299 900 → 284.905 → 288
    // Minute 0: 32 (burst 4 + 28 in 29.95 s); minutes 1–4: 57 each (= R, the fraction .405 repeats);
    // minute 5: 288 − 260 = 28. None above N = 60.
    expect(perAlignedMinute(grants)).toEqual({ 0: 32, 1: 57, 2: 57, 3: 57, 4: 57, 5: 28 });
    // Sliding windows too: any 61 consecutive grants span at least 60 s (no window holds 61).
    for (let i = 0; i + 60 < grants.length; i++) {
      expect(grants[i + 60] - grants[i], `grants ${i}…${i + 60}`).toBeGreaterThanOrEqual(60_000);
    }
  });

  it('a 600/min bucket whose burst lands at the end of a minute still stays within 600 in the next one', async () => {
    const b = [{ key: newKey('six-hundred'), perMinute: 600 }];
    const grants: number[] = [];
    // Two attempts every 100 ms (demand 1200/min) from 10:00:59.000 to 10:05:58.900: the full bucket
    // is spent in the last second of minute 0, then minute 1 starts. A naive bucket of capacity
    // 600 refilling 600/min would grant about 20 + 1180 here.
    for (let i = 0; i < 3000; i++) {
      const ms = 59_000 + i * 100;
      for (let j = 0; j < 2; j++) if (await granted(b, ms)) grants.push(ms);
    }
    const counts = perAlignedMinute(grants);
    // Minute 0 (10 ticks): burst 10 and 0.985 token per tick → 2,2,2,2,2,2,2,2 then 1,1 = 18.
    expect(counts[0]).toBe(18);
    // Full minutes: at most N = 600; at least the refill R = 591 minus one for tick rounding.
    for (const minute of [1, 2, 3, 4]) {
      expect(counts[minute], `minute ${minute}`).toBeLessThanOrEqual(600);
      expect(counts[minute], `minute ${minute}`).toBeGreaterThanOrEqual(590);
    }
    // Stronger than aligned windows: any 601 consecutive grants span at least 60 s.
    for (let i = 0; i + 600 < grants.length; i++) {
      expect(grants[i + 600] - grants[i]).toBeGreaterThanOrEqual(60_000);
    }
  });
});

describe('refill and retryAt', () => {
  it('retryAt is exact and rounded up to the millisecond: just before it denied, at it granted (60/min)', async () => {
    // 60/min → C 4, R 57. The burst: 4 takes at +0 ms empty the bucket.
    const b = [{ key: newKey('retry'), perMinute: 60 }];
    for (let i = 0; i < 4; i++) expect(await granted(b, 0), `take ${i + 1}`).toBe(true);
    // At +250 ms the bucket holds 250 · 57 / 60000 = 0.2375; the missing 0.7625 takes
    // 0.7625 · 60000 / 57 = 802.63 ms → rounded up 803 → 250 + 803 = 1053
    // (= the first token back at 60000 / 57 = 1052.63 ms, rounded up).
    expect(await retryAt(b, 250)).toBe(1_053);
    // 1052 · 57 / 60000 = 0.99940 < 1: denied (a denial spends nothing).
    expect(await granted(b, 1_052)).toBe(false);
    // 1053 · 57 / 60000 = 1.00035 ≥ 1: granted.
    expect(await granted(b, 1_053)).toBe(true);
  });

  it('a 7/min bucket holds a burst of 4, then refills one token every 15 s', async () => {
    // 7/min → C = min(10, 7, 4) = 4, R = 7 + 1 − 4 = 4: one token every 60000 / 4 = 15 000 ms.
    const b = [{ key: newKey('seven'), perMinute: 7 }];
    for (let i = 0; i < 4; i++) expect(await granted(b, 0), `take ${i + 1}`).toBe(true);
    expect(await retryAt(b, 0)).toBe(15_000); // (1 − 0) · 15 000
    expect(await granted(b, 14_999)).toBe(false); // 14 999 · 4 / 60000 = 0.99993
    expect(await granted(b, 15_000)).toBe(true); // exactly 1.0
    // Over any minute: 4 + 4 · (< 60 s)/60 s < 8, so at most 7 = N.
  });

  it('grants resume after refill, and an idle bucket holds no more than its burst', async () => {
    const b = [{ key: newKey('resume'), perMinute: 300 }]; // burst 5, refill 296/min
    for (let i = 0; i < 5; i++) expect(await granted(b, 0), `take ${i + 1}`).toBe(true);
    // One token takes 60000 / 296 = 202.7 ms.
    expect(await retryAt(b, 0)).toBe(203);
    expect(await granted(b, 203)).toBe(true);
    expect(await granted(b, 203)).toBe(false);
    // Ten idle minutes later: 5 again, not 2960.
    for (let i = 0; i < 5; i++) expect(await granted(b, 600_000), `take ${i + 1} after idle`).toBe(true);
    expect(await granted(b, 600_000)).toBe(false);
  });

  it('without `now` the database clock is used', async () => {
    const b = [{ key: newKey('db-clock'), perMinute: 60 }];
    const before = Date.now();
    // The burst of 4 (60/min → C 4, R 57), then a denial.
    for (let i = 0; i < 4; i++) expect(await takeTokens(t.ctx.db, b), `take ${i + 1}`).toEqual({ granted: true });
    const denied = await takeTokens(t.ctx.db, b);
    const after = Date.now();
    if (denied.granted) throw new Error('expected a denial');
    // The bucket was full at the first take (between `before` and `after` on the database's clock,
    // same machine) and gains one token per 60000 / 57 = 1052.63 ms after it → ≈ first take + 1053.
    expect(denied.retryAt.getTime()).toBeGreaterThanOrEqual(before + 1_053 - 5);
    expect(denied.retryAt.getTime()).toBeLessThanOrEqual(after + 1_053 + 5);
  });

  it('a limit of 1 per minute grants once per minute', async () => {
    const b = [{ key: newKey('one'), perMinute: 1 }];
    expect(await granted(b, 0)).toBe(true);
    expect(await retryAt(b, 30_000)).toBe(60_000);
    expect(await granted(b, 59_999)).toBe(false);
    expect(await granted(b, 60_000)).toBe(true);
  });
});

describe('several buckets at once', () => {
  it('a denial by the account bucket takes nothing from the host bucket', async () => {
    const host = { key: newKey('host'), perMinute: 600 }; // C 10, R 591
    const account = { key: newKey('account'), perMinute: 60 }; // C 4, R 57
    for (let i = 0; i < 4; i++) expect(await granted([host, account], 0), `take ${i + 1}`).toBe(true);
    expect((await bucket(host.key)).tokens).toBe(6); // 10 − 4
    expect((await bucket(account.key)).tokens).toBe(0); // 4 − 4
    // The account is empty until 60000 / 57 = 1052.63 → 1053 ms; the host has 6. Denied, and the host keeps 6.
    expect(await retryAt([host, account], 0)).toBe(1_053);
    expect(await retryAt([account, host], 0)).toBe(1_053);
    expect((await bucket(host.key)).tokens).toBe(6);
    expect(await granted([host, account], 1_052)).toBe(false);
    expect(await granted([host, account], 1_053)).toBe(true);
    // Host: min(10, 6 + 1053 · 591 / 60000 = 16.37) = 10 → 9.
    expect((await bucket(host.key)).tokens).toBe(9);
  });

  it('a denial by the host bucket takes nothing from the account bucket', async () => {
    const host = { key: newKey('host'), perMinute: 60 }; // C 4, R 57
    const account = { key: newKey('account'), perMinute: 300 }; // C 5, R 296
    const other = { key: newKey('other-account'), perMinute: 300 };
    for (let i = 0; i < 4; i++) expect(await granted([host, other], 0), `take ${i + 1}`).toBe(true);
    // At +500 ms the host holds 500 · 57 / 60000 = 0.475: denied; the account (created full) keeps 5.
    // retryAt: 500 + ceil(0.525 · 60000 / 57 = 552.63) = 500 + 553 = 1053.
    expect(await retryAt([host, account], 500)).toBe(1_053);
    expect((await bucket(account.key)).tokens).toBe(5);
    expect(await granted([host, account], 1_053)).toBe(true);
    expect((await bucket(account.key)).tokens).toBe(4);
  });

  it('retryAt waits for the later of the two buckets', async () => {
    const host = { key: newKey('host'), perMinute: 60 };
    const account = { key: newKey('account'), perMinute: 1 };
    expect(await granted([host, account], 0)).toBe(true);
    // The host (C 4) still holds 3, the account (1/min: C 1, R 1) is ready again at +60 s.
    expect(await retryAt([host, account], 0)).toBe(60_000);
  });
});

describe('concurrency', () => {
  // Three pools stand for three worker processes; each round is a fresh race.
  const pools = [0, 1, 2].map(() => connectDatabase(t.dbUrl, { max: 4 }));
  afterAll(() => Promise.all(pools.map((p) => p.close())));
  const race = (count: number, buckets: (i: number) => BucketRequest[], ms = 0) =>
    Promise.all(Array.from({ length: count }, (_, i) => takeTokens(pools[i % 3].db, buckets(i), at(ms))));

  it('50 concurrent takes at the same instant on a burst-5 bucket grant exactly 5 (5 rounds)', async () => {
    for (let round = 1; round <= 5; round++) {
      const b = [{ key: newKey('race'), perMinute: 300 }];
      expect(await granted(b, 0)).toBe(true); // the bucket exists, 4 left
      const results = await race(49, () => b);
      expect(results.filter((r) => r.granted), `round ${round}`).toHaveLength(4);
      expect((await bucket(b[0].key)).tokens, `round ${round}`).toBe(0);
    }
  });

  it('50 concurrent first takes on a bucket that does not exist yet create it once and grant exactly 5', async () => {
    for (let round = 1; round <= 5; round++) {
      const b = [{ key: newKey('race-new'), perMinute: 300 }];
      const results = await race(50, () => b);
      expect(results.filter((r) => r.granted), `round ${round}`).toHaveLength(5);
      expect((await bucket(b[0].key)).tokens, `round ${round}`).toBe(0);
    }
  });

  it('takes listing {host, account} in opposite orders never over-grant or deadlock (5 rounds)', async () => {
    for (let round = 1; round <= 5; round++) {
      const host = { key: newKey('host'), perMinute: 600 }; // burst 10
      const account = { key: newKey('account'), perMinute: 300 }; // burst 5
      expect(await granted([host, account], 0)).toBe(true); // host 9, account 4
      const results = await race(60, (i) => (i % 2 ? [host, account] : [account, host]));
      expect(results.filter((r) => r.granted), `round ${round}`).toHaveLength(4);
      expect((await bucket(host.key)).tokens, `round ${round}`).toBe(5);
      expect((await bucket(account.key)).tokens, `round ${round}`).toBe(0);
    }
  });

  it('uncontended takes on 100 different account buckets are all granted, in one statement each', async () => {
    const host = { key: newKey('busy-host'), perMinute: 3000 };
    const accounts = Array.from({ length: 100 }, () => ({ key: newKey('acct'), perMinute: 60 }));
    let statements = 0;
    const counted: Db = drizzle(t.ctx.pool, { schema, logger: { logQuery: () => void statements++ } });
    // First use creates each bucket: two statements.
    expect(await takeTokens(counted, [accounts[0]], at(0))).toEqual({ granted: true });
    expect(statements).toBe(2);
    statements = 0;
    expect(await takeTokens(counted, [accounts[0]], at(1_000))).toEqual({ granted: true });
    expect(statements).toBe(1);
    // The 100 accounts are independent rows: 100 concurrent takes, 100 grants.
    const results = await race(100, (i) => [accounts[i]], 2_000);
    expect(results.every((r) => r.granted)).toBe(true);
    // With the shared host bucket (burst 10) in every take, the host decides: 10 of 100.
    const withHost = await race(100, (i) => [host, accounts[i]], 3_000);
    expect(withHost.filter((r) => r.granted)).toHaveLength(10);
  });
});

describe('pauseBucket after a 429', () => {
  it('blocks every take until `until`, then grants', async () => {
    const b = [{ key: newKey('paused'), perMinute: 600 }];
    expect(await granted(b, 10_000)).toBe(true);
    // A 429 at 10:00:10: back off to the next minute boundary plus 250 ms of jitter.
    const until = 60_250;
    await pauseBucket(t.ctx.db, b[0].key, at(until));
    expect(await retryAt(b, 10_001)).toBe(until);
    expect(await granted(b, until - 1)).toBe(false);
    expect((await bucket(b[0].key)).tokens).toBe(9); // denied takes spend nothing
    expect(await granted(b, until)).toBe(true);
  });

  it('a later, shorter pause does not shorten an earlier one', async () => {
    const b = [{ key: newKey('pause-twice'), perMinute: 60 }];
    await pauseBucket(t.ctx.db, b[0].key, at(120_000));
    await pauseBucket(t.ctx.db, b[0].key, at(60_000));
    expect(await retryAt(b, 60_000)).toBe(120_000);
    expect(await granted(b, 120_000)).toBe(true);
  });

  it('pausing a bucket nobody has taken from yet also holds, and the first take then uses its own rate', async () => {
    const b = [{ key: newKey('pause-new'), perMinute: 300 }];
    await pauseBucket(t.ctx.db, b[0].key, at(60_000));
    expect(await retryAt(b, 0)).toBe(60_000);
    expect(await granted(b, 60_000)).toBe(true);
    expect(await bucket(b[0].key)).toMatchObject({ capacity: 5, refillPerMinute: 296 });
  });

  it('a pause on the account also holds a take that includes the host, and spends nothing from the host', async () => {
    const host = { key: newKey('host'), perMinute: 600 };
    const account = { key: newKey('account'), perMinute: 600 };
    expect(await granted([host, account], 0)).toBe(true);
    await pauseBucket(t.ctx.db, account.key, at(60_000));
    expect(await retryAt([host, account], 100)).toBe(60_000);
    expect((await bucket(host.key)).tokens).toBe(9);
    expect(await granted([host], 100)).toBe(true);
  });
});

describe('a changed rate applies on the next take', () => {
  it('raising 60/min to 600/min gives a burst of 10 and 9.85 tokens per second', async () => {
    const key = newKey('raise');
    const slow = [{ key, perMinute: 60 }]; // C 4, R 57
    for (let i = 0; i < 4; i++) expect(await granted(slow, 0), `take ${i + 1}`).toBe(true);
    expect(await granted(slow, 500)).toBe(false); // 500 · 57 / 60000 = 0.475 < 1
    // At 600/min the refill is 591/min: after 500 ms the bucket holds 500 · 591 / 60000 = 4.925 tokens.
    const fast = [{ key, perMinute: 600 }];
    for (let i = 0; i < 4; i++) expect(await granted(fast, 500), `take ${i + 1}`).toBe(true);
    // 0.925 left: the next token needs 0.075 × 60000 / 591 = 7.61 ms → 8.
    expect(await retryAt(fast, 500)).toBe(508);
    expect(await bucket(key)).toMatchObject({ capacity: 10, refillPerMinute: 591 });
    // Idle until +60 s: min(10, 0.925 + 59 500 · 591 / 60000) = 10, the new burst: 10 grants, then none.
    for (let i = 0; i < 10; i++) expect(await granted(fast, 60_000), `take ${i + 1} after idle`).toBe(true);
    expect(await granted(fast, 60_000)).toBe(false);
  });

  it('lowering 600/min to 60/min caps a full bucket at the new burst of 4', async () => {
    const key = newKey('lower');
    expect(await granted([{ key, perMinute: 600 }], 0)).toBe(true); // 9 left
    const slow = [{ key, perMinute: 60 }];
    // Capped to min(4, 9) = 4: four grants, then empty.
    for (let i = 0; i < 4; i++) expect(await granted(slow, 0), `take ${i + 1}`).toBe(true);
    expect(await retryAt(slow, 0)).toBe(1_053); // ceil(60000 / 57 = 1052.63)
    expect(await bucket(key)).toMatchObject({ capacity: 4, refillPerMinute: 57 });
  });
});

describe('taking several tokens at once (`count`: one per API call of a send)', () => {
  it('a full 60/min bucket grants a count-4 take; the next waits until exactly 4 tokens are back', async () => {
    // 60/min → C 4, R 57. A first contact needs 4 calls: the full bucket pays for all of them.
    const b = [{ key: newKey('count-four'), perMinute: 60 }];
    expect(await granted(b, 0, 4)).toBe(true);
    expect((await bucket(b[0].key)).tokens).toBe(0); // 4 − 4
    // A second count-4 take needs 4 tokens from 0: 4 · 60000 / 57 = 4210.53 ms → rounded up 4211.
    expect(await retryAt(b, 0, 4)).toBe(4_211);
    // A single call only needs 1: 60000 / 57 = 1052.63 → 1053 (denials spend nothing).
    expect(await retryAt(b, 0, 1)).toBe(1_053);
    // From +1000 ms (0.95 held): (4 − 0.95) · 60000 / 57 = 3210.53 → 3211 → 1000 + 3211 = 4211 again.
    expect(await retryAt(b, 1_000, 4)).toBe(4_211);
    // 4210 · 57 / 60000 = 3.99950 < 4: denied, although 3 calls' worth is there.
    expect(await granted(b, 4_210, 4)).toBe(false);
    // 4211 · 57 / 60000 = 4.00045 ≥ 4: granted. The refill is capped at C first, min(4, 4.00045) = 4,
    // so the take leaves exactly 0.
    expect(await granted(b, 4_211, 4)).toBe(true);
    expect((await bucket(b[0].key)).tokens).toBe(0);
  });

  it('count is all-or-none across the host and account buckets', async () => {
    const host = { key: newKey('host'), perMinute: 600 }; // C 10, R 591
    const account = { key: newKey('account'), perMinute: 60 }; // C 4, R 57
    expect(await granted([account], 0)).toBe(true); // account 4 → 3
    // Count 4 on both: the host would have 10 (created full by this take), the account only 3 → denied,
    // and the host gives up nothing. retryAt: host max(0, (4 − 10) …) → 0; account (4 − 3) · 60000 / 57
    // = 1052.63 → 1053; the later of the two is 1053.
    expect(await retryAt([host, account], 0, 4)).toBe(1_053);
    expect(await retryAt([account, host], 500, 4)).toBe(1_053); // 500 + ceil((1 − 0.475) · 60000 / 57 = 552.63)
    expect((await bucket(host.key)).tokens).toBe(10);
    expect((await bucket(account.key)).tokens).toBe(3);
    expect(await granted([host, account], 1_052, 4)).toBe(false); // account 3 + 0.9994 < 4
    expect((await bucket(host.key)).tokens).toBe(10);
    // Account: min(4, 3 + 1053 · 57 / 60000 = 4.00035) = 4 → 0. Host: min(10, 10 + …) = 10 → 6.
    expect(await granted([host, account], 1_053, 4)).toBe(true);
    expect((await bucket(host.key)).tokens).toBe(6);
    expect((await bucket(account.key)).tokens).toBe(0);
  });

  it('mixed sends of 1, 3 and 4 calls never put more than N calls in any 60 s window (5 simulated minutes)', async () => {
    // 60/min → C 4, R 57. A queue of sends needing 1, 3, 4, 1, 3, 4, … calls; the head of the queue
    // tries every 100 ms from 10:00:00.000 to 10:04:59.900 (3000 attempts), and a denied send is
    // tried again (it keeps its place). Demand (8 calls per 3 sends, 10 tries/s) far exceeds supply.
    const b = [{ key: newKey('mixed'), perMinute: 60 }];
    const pattern = [1, 3, 4];
    const grants: Grant[] = [];
    let next = 0;
    for (let i = 0; i < 3000; i++) {
      const ms = i * 100;
      const count = pattern[next % pattern.length];
      if (await granted(b, ms, count)) {
        grants.push({ ms, calls: count });
        next++;
      }
    }
    const total = grants.reduce((sum, g) => sum + g.calls, 0);
    // The invariant: at most N = 60 calls in any half-open 60 s window, aligned or sliding.
    expect(maxCallsInAnySlidingMinute(grants)).toBeLessThanOrEqual(60);
    const perMinute = callsPerAlignedMinute(grants);
    for (const minute of [0, 1, 2, 3, 4]) expect(perMinute[minute], `minute ${minute}`).toBeLessThanOrEqual(60);
    // Supply over the run (last attempt at 299 900 ms): C + R · elapsed / 60 s = 4 + 57 · 299.9 / 60
    // = 288.905 tokens, so total ≤ 4 + floor(284.905) = 288 calls.
    expect(total).toBeLessThanOrEqual(288);
    // And the bucket is not starving the queue. Tokens are lost only when a 4-call send waits for a
    // full bucket and the refill since the previous try (< 100 · 57 / 60000 = 0.095) overflows the
    // cap of 4; that happens once per cycle of 1 + 3 + 4 = 8 calls, ≤ floor(288 / 8) = 36 times →
    // < 3.42 tokens. At the end fewer than 4 tokens are left over. So total > 288.905 − 3.42 − 4
    // = 281.49, i.e. ≥ 282.
    expect(total).toBeGreaterThanOrEqual(282);
    // Minute 0 (tries up to 59 900 ms) gets the burst too: 4 + 59 900 · 57 / 60000 = 60.905 supplied,
    // minus < 4 left over, minus ≤ 7 overflows (7 cycles = 56 calls; an 8th would pass 60) · 0.095
    // = 0.665 → > 56.24, so ≥ 57 calls: the window is busy, not trivially under 60.
    expect(perMinute[0]).toBeGreaterThanOrEqual(57);
    // Every send was paid in full: the 3- and 4-call sends are all there, in order.
    expect(grants.slice(0, 6).map((g) => g.calls)).toEqual([1, 3, 4, 1, 3, 4]);
  });

  it('a send needing more calls than the burst takes the whole bucket: count 4 on a 2/min bucket', async () => {
    // 2/min → C = min(10, 2, 4) = 2, R = 2 + 1 − 2 = 1 token per minute. need = min(4, 2) = 2.
    const b = [{ key: newKey('two'), perMinute: 2 }];
    expect(await granted(b, 0, 4)).toBe(true);
    expect((await bucket(b[0].key)).tokens).toBe(0); // 2 − 2, not 2 − 4
    expect(await retryAt(b, 0, 1)).toBe(60_000); // 1 token: 1 · 60000 / 1
    expect(await retryAt(b, 0, 4)).toBe(120_000); // a whole bucket (2 tokens): 2 · 60000 / 1
    expect(await granted(b, 119_999, 4)).toBe(false);
    expect(await granted(b, 120_000, 4)).toBe(true);

    // The clamp is per bucket: a 4-call send over a 600/min host (C 10) and a 2/min account takes
    // 4 from the host and 2 (the whole bucket) from the account.
    const host = { key: newKey('host'), perMinute: 600 };
    const account = { key: newKey('account'), perMinute: 2 };
    expect(await granted([host, account], 0, 4)).toBe(true);
    expect((await bucket(host.key)).tokens).toBe(6); // 10 − 4
    expect((await bucket(account.key)).tokens).toBe(0); // 2 − 2

    // Simulated: a 4-call send tried every second for 5 minutes (0 … 299 000 ms) on a fresh 2/min
    // bucket. Grants need 2 tokens: full at 0, then 2 · 60 s = 120 s apart → 0, 120 000, 240 000
    // (the next, 360 000, is past the end). Counted calls are min(4, C) = 2 per grant:
    // C + floor(R · 299 / 60) = 2 + 4 = 6 in all, 2 in minutes 0, 2 and 4.
    const slow = [{ key: newKey('two-sim'), perMinute: 2 }];
    const grants: Grant[] = [];
    for (let ms = 0; ms < 300_000; ms += 1_000) if (await granted(slow, ms, 4)) grants.push({ ms, calls: Math.min(4, 2) });
    expect(grants.map((g) => g.ms)).toEqual([0, 120_000, 240_000]);
    expect(callsPerAlignedMinute(grants)).toEqual({ 0: 2, 2: 2, 4: 2 });
    expect(maxCallsInAnySlidingMinute(grants)).toBeLessThanOrEqual(2);
  });

  it('count must be a positive integer', async () => {
    const b = [{ key: newKey('bad-count'), perMinute: 60 }];
    await expect(takeTokens(t.ctx.db, b, at(0), 0)).rejects.toThrow(RangeError);
    await expect(takeTokens(t.ctx.db, b, at(0), 1.5)).rejects.toThrow(RangeError);
    await expect(takeTokens(t.ctx.db, b, at(0), -1)).rejects.toThrow(RangeError);
    // Rejected before touching the database: the bucket was never created.
    expect(await bucket(b[0].key)).toBeUndefined();
  });
});
