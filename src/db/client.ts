import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;
/** A Drizzle transaction; repositories accept one so a service can commit several changes together. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  // allowExitOnIdle: a script using the library exits when its work is done, without an explicit close.
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, allowExitOnIdle: true });
  // An idle client losing its connection (e.g. the server restarting) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  const db = drizzle(pool, { schema });
  return { db, pool, url, close: () => pool.end() };
}
