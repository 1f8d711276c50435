/**
 * What `npm start` adds on the embedded database: the demo salon (seeded once, when the database
 * is created), a Chatwoot sandbox wired to it, and a little booking activity every so often, so a
 * newcomer sees messages flow at /sandbox. The demo's API key is kept in the data folder (never in
 * the repository) so it can be printed at every start.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { saveChatwootSettings } from '../chatwoot/chatwoot-config.service.ts';
import type { AppContext } from '../context.ts';
import type { Runtime } from '../runtime.ts';
import { startChatwootSandbox, type ChatwootSandbox } from '../sandbox/index.ts';
import { tenants } from '../tenancy/tenancy.tables.ts';
import { startDemoActivity } from './demo.activity.ts';
import { seedDemo } from './demo.seed.ts';

export interface DemoInfo {
  tenantName: string;
  apiKey: string;
  sandbox: ChatwootSandbox;
  links: Array<{ label: string; path: string }>;
  stop(): Promise<void>;
}

interface DemoFile {
  tenantId: string;
  tenantName: string;
  apiKey: string;
  chatwootToken: string;
}

const SANDBOX_ACCOUNT = 1;
const SANDBOX_INBOX = 1;

async function tenantCount(ctx: AppContext): Promise<number> {
  const [{ n }] = await ctx.db.select({ n: count() }).from(tenants);
  return n;
}

async function readDemoFile(file: string): Promise<DemoFile | null> {
  if (!existsSync(file)) return null;
  return JSON.parse(await fs.readFile(file, 'utf8')) as DemoFile;
}

/** Seeds the demo on a fresh embedded database, then starts its sandbox; null when there is no demo tenant. */
export async function ensureDemo(runtime: Runtime): Promise<DemoInfo | null> {
  const { ctx } = runtime;
  const file = path.join(ctx.config.dataDir, 'demo.json');
  let demo = await readDemoFile(file);
  // Seed only into a database nobody has used yet (a CLI command may have created it before the first start).
  if (!demo && (runtime.freshDatabase || (await tenantCount(ctx)) === 0)) {
    const seeded = await seedDemo(ctx);
    demo = { ...seeded, chatwootToken: randomBytes(18).toString('base64url') };
    await fs.writeFile(file, JSON.stringify(demo, null, 2), { mode: 0o600 });
  }
  if (!demo) return null;

  const sandbox = await startChatwootSandbox({ port: 0, contract: 'off' });
  sandbox.seedAccount({
    accountId: SANDBOX_ACCOUNT,
    name: 'Estética Luna',
    userToken: demo.chatwootToken,
    inboxes: [{ id: SANDBOX_INBOX, name: 'WhatsApp Business (sandbox API inbox)', channel_type: 'Channel::Api' }],
  });
  // The sandbox's port changes at every start: point the demo tenant at it again.
  await saveChatwootSettings(ctx, demo.tenantId, null, {
    enabled: true,
    baseUrl: sandbox.url,
    accountId: SANDBOX_ACCOUNT,
    inboxId: SANDBOX_INBOX,
    apiToken: demo.chatwootToken,
    // The sandbox is local: a brisker rate than the production default (60) lets the first
    // confirmations (four calls each for a new contact) arrive within a minute.
    rateLimitPerMinute: 300,
    whatsappTemplates: {},
  });
  const activity = startDemoActivity(ctx, demo.tenantId);
  return {
    tenantName: demo.tenantName,
    apiKey: demo.apiKey,
    sandbox,
    links: [
      { label: 'Sandbox:', path: '/sandbox' },
      { label: 'Log:', path: '/api/notifications/logs' },
    ],
    async stop() {
      activity.stop();
      await sandbox.close();
    },
  };
}
