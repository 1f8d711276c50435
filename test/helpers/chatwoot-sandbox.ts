/**
 * Tests that send through the app against the Chatwoot sandbox: one clinic account (an API inbox
 * and a WhatsApp inbox with an approved template), the tenant pointed at it through the real
 * settings API, and ways to see what Chatwoot received and which calls one step cost.
 */
import { afterAll, expect } from 'vitest';
import { createChatwootClient } from '../../src/chatwoot/chatwoot.client.ts';
import { startChatwootSandbox, type ChatwootSandbox, type RecordedCall } from '../../src/sandbox/index.ts';
import { createTestContext, type TestContext, type TestContextOptions } from './context.ts';

type Json = Record<string, any>;
type Headers = { authorization: string };

export const APPROVED_WHATSAPP_TEMPLATE = { name: 'appointment_reminder', language: 'es_MX', status: 'APPROVED', category: 'UTILITY' };

export async function startClinicChatwoot() {
  const sandbox = await startChatwootSandbox({ contract: 'enforce' });
  const account = sandbox.seedAccount({
    name: 'Clínica Roma',
    inboxes: [
      { name: 'Clinic API', channel_type: 'Channel::Api' },
      {
        name: 'Clinic WhatsApp',
        channel_type: 'Channel::Whatsapp',
        phone_number: '+5215500000000',
        message_templates: [APPROVED_WHATSAPP_TEMPLATE],
      },
    ],
  });
  const [apiInbox, whatsappInbox] = account.inboxes;
  return {
    sandbox,
    account,
    accountId: account.accountId,
    apiInbox,
    whatsappInbox,
    /** The body of PUT /api/settings/chatwoot for this account's API inbox, with `overrides`. */
    settings: (overrides: Json = {}): Json => ({
      baseUrl: sandbox.url,
      accountId: account.accountId,
      inboxId: apiInbox.id,
      apiToken: account.userToken,
      ...overrides,
    }),
  };
}
export type ClinicChatwoot = Awaited<ReturnType<typeof startClinicChatwoot>>;

/** "METHOD /path" without the account prefix, ids as :id — e.g. "POST /conversations/:id/messages". */
export const describeCall = (call: Pick<RecordedCall, 'method' | 'path'>) =>
  `${call.method} ${call.path.replace(/^\/api\/v1\/accounts\/\d+/, '').replace(/\/\d+(?=\/|$)/g, '/:id')}`;

/** Runs `step`; returns its result and the Chatwoot calls (and their statuses) made meanwhile. */
export async function callsDuring<T>(sandbox: ChatwootSandbox, step: () => Promise<T>) {
  const from = sandbox.calls.length;
  const result = await step();
  const made = sandbox.calls.slice(from);
  return { result, calls: made.map(describeCall), statuses: made.map((c) => c.status), bodies: made.map((c) => c.body) };
}

/**
 * Runs `send` while someone else (an agent, an inbound message) creates the contact for `phoneE164`
 * between our filter and our create: every answer takes 400 ms, and the other create starts once our
 * filter is in flight, so ours gets a 422 "taken". Returns what `callsDuring` does, plus the other contact's id.
 */
export async function sendWhileContactIsCreatedElsewhere<T>(
  sandbox: ChatwootSandbox,
  other: { accountId: number; userToken: string; phoneE164: string },
  send: () => Promise<T>,
) {
  const agent = createChatwootClient({ baseUrl: sandbox.url, accountId: other.accountId, apiToken: other.userToken });
  sandbox.setFaults({ latencyMs: 400, contactInsertDelayMs: 50 });
  let otherContactId = 0;
  try {
    const during = await callsDuring(sandbox, async () => {
      const sent = send();
      const giveUpAt = Date.now() + 3_000;
      while (!sandbox.calls.some((c) => c.path.endsWith('/contacts/filter') && JSON.stringify(c.body).includes(other.phoneE164))) {
        if (Date.now() > giveUpAt) throw new Error('the send never looked the contact up');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      otherContactId = (await agent.createContact({ name: 'Gaby', phone_number: other.phoneE164 })).contact.id;
      return sent;
    });
    return { ...during, otherContactId };
  } finally {
    sandbox.setFaults({});
  }
}

/** PUT /api/settings/chatwoot (for one branch with `branchId`); fails the test unless it answers 200. */
export async function configureChatwoot(t: TestContext, headers: Headers, body: Json, branchId?: string): Promise<Json> {
  const res = await t.app.inject({
    method: 'PUT',
    url: `/api/settings/chatwoot${branchId ? `?branchId=${branchId}` : ''}`,
    headers,
    payload: body,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/**
 * Test contexts whose sends are not paced: tests that count Chatwoot calls or send bursts must see
 * every call happen now. Pacing itself is tested in test/delivery and test/chatwoot/pipeline-pacing.
 */
export const UNPACED = { CITAPLANNER_PACING: 'false' } as const;

/** POST /api/notifications, with an Idempotency-Key when given. */
export function sendNotification(t: TestContext, headers: Headers, body: Json, idempotencyKey?: string) {
  return t.app.inject({
    method: 'POST',
    url: '/api/notifications',
    headers: { ...headers, ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) },
    payload: body,
  });
}

/** GET /api/notifications/logs/:id; fails the test unless it answers 200. */
export async function readLog(t: TestContext, headers: Headers, logId: string): Promise<Json> {
  const res = await t.app.inject({ method: 'GET', url: `/api/notifications/logs/${logId}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

/** What one phone has in a Chatwoot account: its contacts, and their conversations with every message. */
export function chatwootThreadsOf(sandbox: ChatwootSandbox, accountId: number, phoneE164: string) {
  const contacts = sandbox.listContacts(accountId).filter((c) => c.phone_number === phoneE164);
  const contactIds = new Set(contacts.map((c) => c.id));
  const conversations = sandbox
    .listConversations(accountId)
    .filter((c) => contactIds.has(c.meta.sender.id))
    .map((c) => ({ id: c.id, contactId: c.meta.sender.id, inboxId: c.inbox_id, messages: sandbox.listMessages(accountId, c.id) }));
  return { contacts, conversations, messages: conversations.flatMap((c) => c.messages) };
}

/** The pending graphile-worker job that will (re)deliver a log row, if any. */
export async function deliverJobOf(t: TestContext, logId: string) {
  const { rows } = await t.ctx.pool.query<{ task_identifier: string; run_at: Date; key: string }>(
    'select task_identifier, run_at, key from graphile_worker.jobs where key = $1',
    [`deliver:${logId}`],
  );
  return rows;
}

/** A different valid Mexico City mobile number on every call: "+52 55 1000 0001", "+52 55 1000 0002"… */
let phoneCounter = 0;
export function newPhone(): { written: string; e164: string } {
  phoneCounter += 1;
  const last = String(phoneCounter).padStart(4, '0');
  return { written: `+52 55 1000 ${last}`, e164: `+52551000${last}` };
}

/**
 * A test file's database and clinic sandbox, both closed after the file. Pacing is off (calls and
 * bursts are counted exactly) unless `env` turns it back on.
 */
export async function clinicTestbed(options: TestContextOptions = {}) {
  const chatwoot = await startClinicChatwoot();
  const t = await createTestContext({ ...options, env: { ...UNPACED, ...options.env } });
  afterAll(async () => {
    await t.close();
    await chatwoot.sandbox.close();
  });
  return { t, chatwoot, sandbox: chatwoot.sandbox, accountId: chatwoot.accountId };
}
