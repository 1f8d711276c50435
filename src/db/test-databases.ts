/**
 * Cheap isolation for tests: one template database is migrated once per run, and every test
 * file gets its own copy (CREATE DATABASE … TEMPLATE), so files run in parallel without sharing
 * state. Works on the embedded server or on any PostgreSQL given by TEST_DATABASE_URL.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { migrateDatabase, migrationsFolder } from './migrate.ts';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = '/' + database;
  return u.toString();
}

/** Changes whenever a migration changes, so a stale template is never reused. */
function migrationsFingerprint(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder, { recursive: true }).map(String).sort()) {
    if (file.endsWith('.sql') || file.endsWith('.json')) hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

async function withAdmin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates (or reuses) the migrated template database and returns its name. */
export async function prepareTemplateDatabase(adminUrl: string): Promise<string> {
  const name = `citaplanner_tpl_${migrationsFingerprint()}`;
  const exists = await withAdmin(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);
  if (exists) return name;
  const building = `${name}_build_${randomBytes(3).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database "${building}"`));
  await migrateDatabase(withDatabase(adminUrl, building));
  // Rename into place only once complete, so an interrupted run never leaves a half-migrated template.
  await withAdmin(adminUrl, async (c) => {
    await c.query(`alter database "${building}" rename to "${name}"`).catch(async (err) => {
      if ((err as { code?: string }).code !== '42P04') throw err; // another run finished first
      await c.query(`drop database "${building}"`);
    });
  });
  return name;
}

/** A prefix unique to one test run, so concurrent runs on one server never drop each other's databases. */
export const newTestRunPrefix = () => `citaplanner_test_${randomBytes(3).toString('hex')}_`;

export async function createDatabaseFromTemplate(adminUrl: string, template: string, prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`create database "${name}" template "${template}"`));
  return {
    url: withDatabase(adminUrl, name),
    drop: () => withAdmin(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

export async function dropTestDatabases(adminUrl: string, prefix: string): Promise<void> {
  await withAdmin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    for (const { datname } of rows) await c.query(`drop database if exists "${datname}" with (force)`);
  });
}
