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

async function granted(buckets: BucketRequest[], ms: number): Promise<boolean> {
  return (await takeTokens(t.ctx.db, buckets, at(ms))).granted;
}

async function retryAt(buckets: BucketRequest[], ms: number): Promise<number> {
  const result = await takeTokens(t.ctx.db, buckets, at(ms));
  if (result.granted) throw new Error(`expected a denial at +${ms} ms`);
  return result.retryAt.getTime() - T0;
}

/** Grants per minute window aligned to the minute, as { minuteIndex: count }. */
function perAlignedMinute(grantTimes: number[]): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const ms of grantTimes) {
    const minute = Math.floor(ms / 60_000);
    counts[minute] = (counts[minute] ?? 0) + 1;
  }
  return counts;
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
    expect(bucketShape(1)).toEqual({ capacity: 1, refillPerMinute: 1 });
    expect(bucketShape(60)).toEqual({ capacity: 1, refillPerMinute: 60 });
    expect(bucketShape(300)).toEqual({ capacity: 5, refillPerMinute: 296 });
    expect(bucketShape(600)).toEqual({ capacity: 10, refillPerMinute: 591 });
    expect(bucketShape(3000)).toEqual({ capacity: 10, refillPerMinute: 2991 });
    expect(() => bucketShape(0)).toThrow(RangeError);
    expect(() => bucketShape(1.5)).toThrow(RangeError);
  });
});

describe('never more than N in any aligned minute', () => {
  it('a 60/min bucket tried every 100 ms for 5 minutes grants one per second: 60 in each full minute', async () => {
    const b = [{ key: newKey('sixty'), perMinute: 60 }];
    const grants: number[] = [];
    // Starts mid-minute (10:00:30.050), 3000 attempts, the last at 10:05:29.950.
    for (let i = 0; i < 3000; i++) {
      const ms = 30_050 + i * 100;
      if (await granted(b, ms)) grants.push(ms);
    }
    // Grants at 30.05 s, 31.05 s, … 329.05 s: 30 in the first (half) minute, 60 in each full one,
    // 30 in the last half minute.
    expect(perAlignedMinute(grants)).toEqual({ 0: 30, 1: 60, 2: 60, 3: 60, 4: 60, 5: 30 });
    expect(grants.slice(0, 3)).toEqual([30_050, 31_050, 32_050]);
    expect(grants.at(-1)).toBe(329_050);
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
  it('retryAt is exact: just before it the take is denied, at it the take is granted', async () => {
    const b = [{ key: newKey('retry'), perMinute: 60 }];
    expect(await granted(b, 0)).toBe(true);
    expect(await retryAt(b, 250)).toBe(1_000);
    expect(await granted(b, 999)).toBe(false);
    expect(await granted(b, 1_000)).toBe(true);
  });

  it('retryAt rounds a fractional refill time up to the next millisecond (7/min: 8571.43 ms → 8572)', async () => {
    const b = [{ key: newKey('seven'), perMinute: 7 }];
    expect(await granted(b, 0)).toBe(true);
    expect(await retryAt(b, 0)).toBe(8_572);
    expect(await granted(b, 8_571)).toBe(false);
    expect(await granted(b, 8_572)).toBe(true);
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
    expect(await takeTokens(t.ctx.db, b)).toEqual({ granted: true });
    const denied = await takeTokens(t.ctx.db, b);
    const after = Date.now();
    if (denied.granted) throw new Error('expected a denial');
    // One token per second from the first take, as read on the database's clock (same machine).
    expect(denied.retryAt.getTime()).toBeGreaterThanOrEqual(before + 1_000 - 5);
    expect(denied.retryAt.getTime()).toBeLessThanOrEqual(after + 1_000 + 5);
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
    const host = { key: newKey('host'), perMinute: 600 }; // burst 10
    const account = { key: newKey('account'), perMinute: 60 }; // burst 1
    expect(await granted([host, account], 0)).toBe(true);
    expect((await bucket(host.key)).tokens).toBe(9);
    expect((await bucket(account.key)).tokens).toBe(0);
    // The account is empty until +1000 ms; the host has 9 tokens. Denied, and the host keeps 9.
    expect(await retryAt([host, account], 0)).toBe(1_000);
    expect(await retryAt([account, host], 0)).toBe(1_000);
    expect((await bucket(host.key)).tokens).toBe(9);
    expect(await granted([host, account], 1_000)).toBe(true);
  });

  it('a denial by the host bucket takes nothing from the account bucket', async () => {
    const host = { key: newKey('host'), perMinute: 60 }; // burst 1
    const account = { key: newKey('account'), perMinute: 300 }; // burst 5
    const other = { key: newKey('other-account'), perMinute: 300 };
    expect(await granted([host, other], 0)).toBe(true);
    expect(await granted([host, account], 500)).toBe(false);
    expect((await bucket(account.key)).tokens).toBe(5);
    expect(await granted([host, account], 1_000)).toBe(true);
    expect((await bucket(account.key)).tokens).toBe(4);
  });

  it('retryAt waits for the later of the two buckets', async () => {
    const host = { key: newKey('host'), perMinute: 60 };
    const account = { key: newKey('account'), perMinute: 1 };
    expect(await granted([host, account], 0)).toBe(true);
    // host is ready at +1 s, the account at +60 s.
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
    expect(await granted([{ key, perMinute: 60 }], 0)).toBe(true);
    expect(await granted([{ key, perMinute: 60 }], 500)).toBe(false);
    // At 600/min the refill is 591/min: after 500 ms the bucket holds 4.925 tokens.
    const fast = [{ key, perMinute: 600 }];
    for (let i = 0; i < 4; i++) expect(await granted(fast, 500), `take ${i + 1}`).toBe(true);
    // 0.925 left: the next token needs 0.075 × 60000 / 591 = 7.6 ms.
    expect(await retryAt(fast, 500)).toBe(508);
    expect(await bucket(key)).toMatchObject({ capacity: 10, refillPerMinute: 591 });
  });

  it('lowering 600/min to 60/min caps a full bucket at the new burst of 1', async () => {
    const key = newKey('lower');
    expect(await granted([{ key, perMinute: 600 }], 0)).toBe(true); // 9 left
    const slow = [{ key, perMinute: 60 }];
    expect(await granted(slow, 0)).toBe(true); // capped to 1, then 0
    expect(await retryAt(slow, 0)).toBe(1_000);
    expect(await bucket(key)).toMatchObject({ capacity: 1, refillPerMinute: 60 });
  });
});
