/**
 * Per-file test context: a fresh database copied from the migrated template, the real app built
 * on it, and factories that go through the real services (`t.newTenant()`).
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { inject } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import type { AppContext, AppHooks } from '../../src/context.ts';
import { connectDatabase } from '../../src/db/client.ts';
import { createDatabaseFromTemplate } from '../../src/db/test-databases.ts';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { createSecretBox } from '../../src/tenancy/secrets.ts';
import { createAppContext } from '../../src/wiring.ts';
import { createApiKey, createTenant, type NewTenant } from '../../src/tenancy/tenancy.service.ts';
import type { ApiRole } from '../../src/tenancy/tenancy.tables.ts';

export interface TestTenant {
  id: string;
  apiKey: string;
  /** Headers authenticating as this tenant's admin. */
  headers: { authorization: string };
  /** Headers for an extra key of the given role. */
  as(role: ApiRole): Promise<{ authorization: string }>;
}

export interface TestContext {
  ctx: AppContext;
  app: FastifyInstance;
  dbUrl: string;
  /** The key `ctx.secrets` encrypts with (base64), for a child process given CITAPLANNER_SECRET_KEY. */
  secretKey: string;
  newTenant(input?: Partial<NewTenant>): Promise<TestTenant>;
  close(): Promise<void>;
}

export interface TestContextOptions {
  env?: Record<string, string>;
  /** Replaces the production lifecycle hooks (to observe or fail appointment changes). */
  hooks?: AppHooks;
}

export async function createTestContext(options: TestContextOptions = {}): Promise<TestContext> {
  const { url, drop } = await createDatabaseFromTemplate(inject('adminDbUrl'), inject('templateDb'), inject('testDbPrefix'));
  const database = connectDatabase(url);
  const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', ...options.env });
  const secretKey = randomBytes(32);
  const ctx = createAppContext({
    db: database.db,
    pool: database.pool,
    config,
    secrets: createSecretBox(secretKey),
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
  });
  if (options.hooks) ctx.hooks = options.hooks;
  const app = await buildApp(ctx);
  let counter = 0;
  return {
    ctx,
    app,
    dbUrl: url,
    secretKey: secretKey.toString('base64'),
    async newTenant(input = {}) {
      counter += 1;
      const { tenant, apiKey } = await createTenant(ctx, { name: `Salon ${counter}`, timezone: 'America/Mexico_City', ...input });
      return {
        id: tenant.id,
        apiKey,
        headers: { authorization: `Bearer ${apiKey}` },
        async as(role) {
          const { key } = await createApiKey(ctx, tenant.id, { name: `${role} key`, role });
          return { authorization: `Bearer ${key}` };
        },
      };
    },
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
