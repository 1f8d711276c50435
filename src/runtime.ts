/**
 * Opens everything a process needs: the database (embedded unless DATABASE_URL is set),
 * migrations, the secret key and the shared AppContext. The CLI's commands all start here.
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import { connectDatabase, type Database } from './db/client.ts';
import { startEmbeddedPostgres, type EmbeddedServer } from './db/embedded.ts';
import { migrateDatabase } from './db/migrate.ts';
import { createLogger, type Logger } from './logger.ts';
import { createSecretBox, loadSecretKey } from './tenancy/secrets.ts';
import { createAppContext } from './wiring.ts';

export interface Runtime {
  ctx: AppContext;
  database: Database;
  /** True when this start created the embedded database (first run): the moment to seed the demo. */
  freshDatabase: boolean;
  embedded: boolean;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'citaplanner';

export async function openRuntime(config: Config, options: { logger?: Logger } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config.logLevel);
  let embedded: EmbeddedServer | undefined;
  let url = config.databaseUrl;
  let freshDatabase = false;
  if (!url) {
    embedded = await startEmbeddedPostgres({
      dir: path.join(config.dataDir, 'postgres'),
      port: config.embeddedPgPort,
      onLog: (line) => logger.debug({ postgres: line.trim() }),
    });
    freshDatabase = await ensureDatabase(embedded.adminUrl, EMBEDDED_DATABASE);
    url = embedded.urlFor(EMBEDDED_DATABASE);
  }
  try {
    await migrateDatabase(url);
    const key = await loadSecretKey({ configured: config.secretKey, dataDir: config.dataDir, external: !embedded });
    const database = connectDatabase(url, { max: 20 });
    const ctx = createAppContext({ db: database.db, pool: database.pool, config, secrets: createSecretBox(key), logger });
    return {
      ctx,
      database,
      freshDatabase,
      embedded: Boolean(embedded),
      async close() {
        await database.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

async function ensureDatabase(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return false;
    await client.query(`create database "${name}"`);
    return true;
  } finally {
    await client.end();
  }
}
