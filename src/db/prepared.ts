/**
 * Named prepared statements for the hottest fixed queries. Built once per database handle
 * (Drizzle's query building costs more CPU than many of these queries take to run), sent by name,
 * so node-postgres parses each once per connection and PostgreSQL may keep a generic plan for it
 * instead of planning it on every call. Inside a transaction the statement is built for that
 * transaction's connection on each use, as an ordinary query is, and still runs by name.
 */
import { is } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { DbOrTx } from './client.ts';

export function preparedPerDb<Q>(build: (db: DbOrTx) => Q): (db: DbOrTx) => Q {
  const byDb = new WeakMap<object, Q>();
  return (db) => {
    if (is(db, PgTransaction)) return build(db);
    let query = byDb.get(db);
    if (!query) byDb.set(db, (query = build(db)));
    return query;
  };
}
