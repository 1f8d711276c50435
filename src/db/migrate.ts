/**
 * Applies our drizzle-kit migrations and graphile-worker's schema. Safe to run from several
 * processes at once: they queue on one advisory lock, and each migration runs once.
 */
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Logger, runMigrations } from 'graphile-worker';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import pg from 'pg';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Arbitrary constant: the advisory-lock id every CitaPlanner process agrees on for migrating. */
const MIGRATION_LOCK_ID = 4_817_230_551;

const silentLogger = new Logger(() => () => {});

export async function migrateDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await migrate(drizzle(client), { migrationsFolder });
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    pool.on('connect', (c) => c.on('error', () => {}));
    try {
      await runMigrations({ pgPool: pool, logger: silentLogger });
    } finally {
      await pool.end();
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => {});
    await client.end();
  }
}

/** True when every migration in the folder has been applied (what /ready reports). */
export async function migrationsApplied(pool: pg.Pool): Promise<boolean> {
  const expected = readMigrationFiles({ migrationsFolder }).length;
  try {
    const { rows } = await pool.query<{ n: string }>('select count(*) as n from drizzle.__drizzle_migrations');
    return Number(rows[0].n) >= expected;
  } catch {
    return false;
  }
}
