/**
 * Many concurrent callers, one statement. The worker has dozens of messages in flight, and each
 * asks the same few questions (this tenant's settings, this appointment, this contact link) and
 * writes the same few rows (claim, sent). A coalesced statement collects the calls made during
 * one turn of the event loop and answers them all with one statement over arrays, so the cost
 * of a statement (round trip, parse, plan, commit) is paid once per turn instead of once per
 * message. A caller alone still gets its one statement, without waiting for anything.
 *
 * Calls are grouped per database handle: inside a transaction, a call joins only the calls of
 * that same transaction. When a combined statement fails, each call is retried alone, so one bad
 * row fails only its own caller (the failed statement wrote nothing, so retrying is safe).
 */
import type { DbOrTx } from './client.ts';

interface Waiting<K, R> {
  key: K;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

/** Larger turns are split: one statement's arrays stay a reasonable size. */
const MAX_BATCH = 500;

/**
 * `run` answers a list of keys with one result per key, in the same order (see `alignTo`).
 * Returns the one-key function callers use.
 */
export function coalescedPerDb<K, R>(run: (db: DbOrTx, keys: K[]) => Promise<R[]>): (db: DbOrTx, key: K) => Promise<R> {
  const turns = new WeakMap<object, Array<Waiting<K, R>>>();

  const answer = async (db: DbOrTx, batch: Array<Waiting<K, R>>) => {
    try {
      const results = await run(db, batch.map((w) => w.key));
      batch.forEach((w, i) => w.resolve(results[i]));
    } catch (err) {
      if (batch.length === 1) return batch[0].reject(err);
      for (const w of batch) {
        run(db, [w.key]).then(([result]) => w.resolve(result), w.reject);
      }
    }
  };

  return (db, key) =>
    new Promise<R>((resolve, reject) => {
      let turn = turns.get(db);
      if (!turn) {
        const waiting: Array<Waiting<K, R>> = (turn = []);
        turns.set(db, waiting);
        // After this turn's I/O callbacks: every caller woken by them has asked by then.
        setImmediate(() => {
          turns.delete(db);
          for (let i = 0; i < waiting.length; i += MAX_BATCH) void answer(db, waiting.slice(i, i + MAX_BATCH));
        });
      }
      turn.push({ key, resolve, reject });
    });
}

/**
 * The rows a set-based query returned, put back in the order of the keys asked (undefined where
 * none matched). `once`: a row answers only the first key that asks for it (a claimed row must go
 * to one caller, even if two asked for it in the same turn).
 */
export function alignTo<K, T>(
  keys: K[],
  rows: T[],
  keyOfKey: (key: K) => string,
  keyOfRow: (row: T) => string,
  options: { once?: boolean } = {},
): Array<T | undefined> {
  const byKey = new Map<string, T>();
  for (const row of rows) byKey.set(keyOfRow(row), row);
  return keys.map((key) => {
    const k = keyOfKey(key);
    const row = byKey.get(k);
    if (options.once) byKey.delete(k);
    return row;
  });
}
