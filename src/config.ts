/**
 * Every environment variable the system reads, parsed once at start-up. Nothing else reads
 * process.env (README "Configuration" documents each of these).
 */
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z.string().url().optional(),
  CITAPLANNER_DATA_DIR: z.string().min(1).default('.data'),
  CITAPLANNER_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  CITAPLANNER_SECRET_KEY: z.string().optional(),
  CITAPLANNER_DEMO: bool.optional(),
  CITAPLANNER_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(100),
  DELIVERY_STALE_AFTER_MS: z.coerce.number().int().min(1000).default(120_000).describe('keep well above the longest send (four calls with a 10 s timeout)'),
  CITAPLANNER_PACING: bool.default(true),
  CHATWOOT_HOST_RATE_PER_MINUTE: z.coerce.number().int().min(4).default(3000),
  CRON_SECRET: z.string().min(16, 'CRON_SECRET must be at least 16 characters').optional(),
  /** Opt-in: configure a single-tenant install's Chatwoot from the seed's env vars. */
  CHATWOOT_ENV_CONFIG_TENANT: z.string().optional(),
  CHATWOOT_API_URL: z.string().url().optional(),
  CHATWOOT_API_ACCESS_TOKEN: z.string().optional(),
  CHATWOOT_ACCOUNT_ID: z.coerce.number().int().positive().optional(),
  CHATWOOT_INBOX_ID: z.coerce.number().int().positive().optional(),
});

export interface Config {
  port: number;
  host: string;
  /** External PostgreSQL; when absent the embedded one in dataDir is used. */
  databaseUrl?: string;
  dataDir: string;
  embeddedPgPort: number;
  secretKey?: string;
  /** Seed the demo tenant when the embedded database is first created. */
  demo: boolean;
  publicUrl?: string;
  logLevel: string;
  workerConcurrency: number;
  /** A delivery SENDING for longer than this is taken to have lost its worker. */
  staleAfterMs: number;
  /** Token buckets toward each Chatwoot host and account (off only for benchmarks). */
  pacing: boolean;
  /** Requests per minute toward one Chatwoot host, shared by all its tenants (Chatwoot's per-IP limit). */
  chatwootHostRatePerMinute: number;
  cronSecret?: string;
  envChatwoot?: { tenant: string; baseUrl: string; apiToken: string; accountId: number; inboxId: number };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  let envChatwoot: Config['envChatwoot'];
  if (e.CHATWOOT_ENV_CONFIG_TENANT) {
    if (!e.CHATWOOT_API_URL || !e.CHATWOOT_API_ACCESS_TOKEN || !e.CHATWOOT_ACCOUNT_ID || !e.CHATWOOT_INBOX_ID) {
      throw new ConfigError(
        'CHATWOOT_ENV_CONFIG_TENANT is set, so CHATWOOT_API_URL, CHATWOOT_API_ACCESS_TOKEN, CHATWOOT_ACCOUNT_ID and CHATWOOT_INBOX_ID are all required',
      );
    }
    envChatwoot = {
      tenant: e.CHATWOOT_ENV_CONFIG_TENANT,
      baseUrl: e.CHATWOOT_API_URL,
      apiToken: e.CHATWOOT_API_ACCESS_TOKEN,
      accountId: e.CHATWOOT_ACCOUNT_ID,
      inboxId: e.CHATWOOT_INBOX_ID,
    };
  }
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.CITAPLANNER_DATA_DIR),
    embeddedPgPort: e.CITAPLANNER_PG_PORT,
    secretKey: e.CITAPLANNER_SECRET_KEY,
    demo: e.CITAPLANNER_DEMO ?? !e.DATABASE_URL,
    publicUrl: e.CITAPLANNER_PUBLIC_URL,
    logLevel: e.LOG_LEVEL,
    workerConcurrency: e.WORKER_CONCURRENCY,
    staleAfterMs: e.DELIVERY_STALE_AFTER_MS,
    pacing: e.CITAPLANNER_PACING,
    chatwootHostRatePerMinute: e.CHATWOOT_HOST_RATE_PER_MINUTE,
    cronSecret: e.CRON_SECRET,
    envChatwoot,
  };
}
