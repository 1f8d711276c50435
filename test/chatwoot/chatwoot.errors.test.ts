import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatwootClient } from '../../src/chatwoot/chatwoot.client.ts';
import { isTransient, type ChatwootError } from '../../src/chatwoot/chatwoot.errors.ts';
import { startChatwootSandbox } from '../../src/sandbox/index.ts';
import { awaitRoomInMinuteWindow, chatwootErrorOf, nextMinuteBoundary, startClinicSandbox } from '../sandbox/sandbox.fixture.ts';

let ctx: Awaited<ReturnType<typeof startClinicSandbox>>;

beforeAll(async () => {
  ctx = await startClinicSandbox({ floodLimitPerMinute: 3 });
});
afterEach(() => ctx.sandbox.setFaults({}));
afterAll(() => ctx.sandbox.close());

/**
 * A plain HTTP server standing in for a proxy: `/api/v1/profile` answers 200 with an HTML page,
 * everything else 502 with an error that echoes the request's api_access_token.
 */
let rawServer: Server;
let rawServerUrl: string;
beforeAll(async () => {
  rawServer = createServer((req, res) => {
    if (req.url === '/api/v1/profile') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>maintenance</html>');
      return;
    }
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: `upstream failed for api_access_token=${String(req.headers.api_access_token)}` }));
  });
  await new Promise<void>((resolve) => rawServer.listen(0, '127.0.0.1', resolve));
  rawServerUrl = `http://127.0.0.1:${(rawServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => rawServer.close(() => resolve())));

const clientOfRawServer = (apiToken: string) => createChatwootClient({ baseUrl: rawServerUrl, accountId: 1, apiToken });

/** Asserts the error carries no trace of `token`, however it is printed or serialised. */
function expectNoToken(err: ChatwootError, token: string) {
  expect(err.message).not.toContain(token);
  expect(err.stack ?? '').not.toContain(token);
  expect(JSON.stringify(err)).not.toContain(token);
  expect(inspect(err, { depth: 10, showHidden: true })).not.toContain(token);
}

describe('configuration errors (401)', () => {
  it('an invalid token is CHATWOOT_UNAUTHORIZED with a hint about the token', async () => {
    const badToken = 'not-a-real-token-1234567890';
    const err = await chatwootErrorOf(ctx.clientFor({ apiToken: badToken }).listInboxes());
    expect(err).toMatchObject({ kind: 'config', code: 'CHATWOOT_UNAUTHORIZED', status: 401 });
    expect(err.message).toContain('Invalid Access Token');
    expect(err.hint).toMatch(/access token/i);
    expect(isTransient(err)).toBe(false);
    expectNoToken(err, badToken);
  });

  it('a token of another account is CHATWOOT_UNAUTHORIZED naming the account problem', async () => {
    const other = ctx.sandbox.seedAccount({ name: 'Otra clínica' });
    const err = await chatwootErrorOf(ctx.clientFor({ apiToken: other.userToken }).listInboxes());
    expect(err).toMatchObject({ kind: 'config', code: 'CHATWOOT_UNAUTHORIZED', status: 401 });
    expect(err.message).toContain('You are not authorized to access this account');
    expect(err.hint).toMatch(/account id/i);
  });

  it.each([
    ['contacts', (c: ReturnType<typeof ctx.clientFor>) => c.filterContactsByPhone('+525512345678')],
    ['profile', (c: ReturnType<typeof ctx.clientFor>) => c.getProfile()],
    ['inboxes', (c: ReturnType<typeof ctx.clientFor>) => c.listInboxes()],
  ])('an agent-bot token on %s is CHATWOOT_BOT_TOKEN', async (_endpoint, call) => {
    const err = await chatwootErrorOf(call(ctx.clientFor({ apiToken: ctx.seeded.botToken })));
    expect(err).toMatchObject({ kind: 'config', code: 'CHATWOOT_BOT_TOKEN', status: 401 });
    expect(err.message).toContain('not authorized for bots');
    expect(err.hint).toMatch(/user access token/i);
    expectNoToken(err, ctx.seeded.botToken);
  });

  it('an agent-bot token may still create conversations and messages (the bot allow-list)', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Bot target', phone_number: '+525511110000' });
    const bot = ctx.clientFor({ apiToken: ctx.seeded.botToken });
    const conversation = await bot.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    const message = await bot.createMessage(conversation.id, { content: 'hola desde el bot' });
    expect(message.sender).toMatchObject({ type: 'agent_bot' });
  });

  it('a suspended account is CHATWOOT_ACCOUNT_SUSPENDED', async () => {
    const suspended = ctx.sandbox.seedAccount({ name: 'Suspendida' });
    ctx.sandbox.suspendAccount(suspended.accountId);
    const client = createChatwootClient({ baseUrl: ctx.sandbox.url, accountId: suspended.accountId, apiToken: suspended.userToken });
    const err = await chatwootErrorOf(client.listInboxes());
    expect(err).toMatchObject({ kind: 'config', code: 'CHATWOOT_ACCOUNT_SUSPENDED', status: 401 });
  });
});

describe('not found (404)', () => {
  it('an unknown conversation is not_found, for the caller to decide', async () => {
    const err = await chatwootErrorOf(ctx.client.createMessage(987_654, { content: 'hola' }));
    expect(err).toMatchObject({ kind: 'not_found', code: 'CHATWOOT_NOT_FOUND', status: 404 });
    expect(err.message).toContain('Resource could not be found');
  });

  it('an unknown account is not_found', async () => {
    const err = await chatwootErrorOf(ctx.clientFor({ accountId: 424_242 }).listInboxes());
    expect(err).toMatchObject({ kind: 'not_found', code: 'CHATWOOT_NOT_FOUND' });
  });

  it('a conversation deleted in Chatwoot is not_found afterwards', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Borrada', phone_number: '+525522220000' });
    const conversation = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    ctx.sandbox.deleteConversation(ctx.seeded.accountId, conversation.id);
    const err = await chatwootErrorOf(ctx.client.createMessage(conversation.id, { content: 'sigues ahí?' }));
    expect(err.kind).toBe('not_found');
  });
});

describe('validation errors (422)', () => {
  it('a phone that is not E.164 names phone_number', async () => {
    const err = await chatwootErrorOf(ctx.client.createContact({ name: 'Mal', phone_number: '55 1234 5678' }));
    expect(err).toMatchObject({ kind: 'validation', code: 'CHATWOOT_VALIDATION', status: 422, attributes: ['phone_number'] });
    expect(err.message).toContain('Phone number should be in e164 format');
  });

  it('a duplicate phone names phone_number', async () => {
    await ctx.client.createContact({ name: 'Primero', phone_number: '+525533330000' });
    const err = await chatwootErrorOf(ctx.client.createContact({ name: 'Segundo', phone_number: '+525533330000' }));
    expect(err).toMatchObject({ kind: 'validation', attributes: ['phone_number'] });
    expect(err.message).toContain('Phone number has already been taken');
  });

  it('several failures are all named', async () => {
    await ctx.client.createContact({ name: 'Uno', phone_number: '+525544440000', email: 'uno@example.com' });
    const err = await chatwootErrorOf(
      ctx.client.createContact({ name: 'Dos', phone_number: '+525544440000', email: 'UNO@example.com' }),
    );
    expect(err.attributes).toEqual(['email', 'phone_number']);
  });

  it('an input_select without items is a validation error', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Botones', phone_number: '+525555550000' });
    const conversation = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    const err = await chatwootErrorOf(
      ctx.client.createMessage(conversation.id, { content: 'Elige', content_type: 'input_select', content_attributes: { items: [] } }),
    );
    expect(err).toMatchObject({ kind: 'validation', status: 422 });
    expect(err.message).toContain('At least one item is required');
  });
});

describe('transient errors', () => {
  it('the flood guard is transient, with a retry at the next minute', async () => {
    const { contact } = await ctx.client.createContact({ name: 'Inundado', phone_number: '+525566660000' });
    const conversation = await ctx.client.createConversation({ inbox_id: ctx.apiInbox.id, contact_id: contact.id });
    for (let i = 0; i < 3; i += 1) await ctx.client.createMessage(conversation.id, { content: `mensaje ${i}` });
    const before = Date.now();
    const err = await chatwootErrorOf(ctx.client.createMessage(conversation.id, { content: 'uno de más' }));
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_FLOOD_GUARD', status: 422 });
    expect(err.retryAfter!.getTime()).toBeGreaterThanOrEqual(nextMinuteBoundary(before));
    expect(isTransient(err)).toBe(true);

    // The guard counts per conversation: another conversation still accepts messages.
    const other = await ctx.client.createConversation({ inbox_id: ctx.whatsappInbox.id, contact_id: contact.id });
    await expect(ctx.client.createMessage(other.id, { content: 'aquí sí' })).resolves.toMatchObject({ content: 'aquí sí' });
  });

  it('a 429 is CHATWOOT_RATE_LIMITED with retryAfter at the next minute boundary plus a little jitter', async () => {
    ctx.sandbox.setFaults({ force429: 1 });
    const before = Date.now();
    const err = await chatwootErrorOf(ctx.client.listInboxes());
    const after = Date.now();
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_RATE_LIMITED', status: 429 });
    const retryAt = err.retryAfter!.getTime();
    expect(retryAt).toBeGreaterThanOrEqual(nextMinuteBoundary(before));
    expect(retryAt).toBeLessThan(nextMinuteBoundary(after) + 5_000);
    // force429 covered exactly one request.
    await expect(ctx.client.listInboxes()).resolves.toHaveLength(3);
  });

  it('the fixed-window rate limit answers 429 past the limit', async () => {
    const sandbox = await startChatwootSandbox({ rateLimitPerMinute: 2 });
    try {
      const seeded = sandbox.seedAccount({});
      const client = createChatwootClient({ baseUrl: sandbox.url, accountId: seeded.accountId, apiToken: seeded.userToken });
      await awaitRoomInMinuteWindow();
      await client.listInboxes();
      await client.listInboxes();
      const err = await chatwootErrorOf(client.listInboxes());
      expect(err.code).toBe('CHATWOOT_RATE_LIMITED');
    } finally {
      await sandbox.close();
    }
  });

  it('a 5xx is CHATWOOT_SERVER_ERROR', async () => {
    ctx.sandbox.setFaults({ errorRate: 1 });
    const err = await chatwootErrorOf(ctx.client.listInboxes());
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_SERVER_ERROR', status: 500 });
  });

  it('an outage (503) is CHATWOOT_SERVER_ERROR', async () => {
    ctx.sandbox.setFaults({ outage: true });
    const err = await chatwootErrorOf(ctx.client.getProfile());
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_SERVER_ERROR', status: 503 });
  });

  it('a slow answer is CHATWOOT_TIMEOUT after timeoutMs', async () => {
    ctx.sandbox.setFaults({ latencyMs: 400 });
    const calls: number[] = [];
    const client = ctx.clientFor({ timeoutMs: 100, onCall: (call) => calls.push(call.status) });
    const startedAt = Date.now();
    const err = await chatwootErrorOf(client.listInboxes());
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_TIMEOUT' });
    expect(err.status).toBeUndefined();
    expect(Date.now() - startedAt).toBeLessThan(400);
    expect(calls).toEqual([0]);
    expectNoToken(err, ctx.seeded.userToken);
  });

  it('a refused connection is CHATWOOT_NETWORK', async () => {
    const closed = await startChatwootSandbox();
    const seeded = closed.seedAccount({});
    await closed.close();
    const client = createChatwootClient({ baseUrl: closed.url, accountId: seeded.accountId, apiToken: seeded.userToken });
    const err = await chatwootErrorOf(client.listInboxes());
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_NETWORK' });
    expect(err.message).toContain('ECONNREFUSED');
    expectNoToken(err, seeded.userToken);
  });
});

describe('the API token never leaks into errors', () => {
  it.each([
    ['404', () => ctx.client.getConversation(555_555)],
    ['422', () => ctx.client.createContact({ name: 'X', phone_number: 'abc' })],
  ])('not on a %s', async (_status, call) => {
    expectNoToken(await chatwootErrorOf(call()), ctx.seeded.userToken);
  });

  it('not even when a proxy echoes it in its error page', async () => {
    const token = 'echoed-secret-token-abcdef';
    const err = await chatwootErrorOf(clientOfRawServer(token).listInboxes());
    expect(err).toMatchObject({ code: 'CHATWOOT_SERVER_ERROR', status: 502 });
    expect(err.message).toContain('[redacted]');
    expectNoToken(err, token);
  });
});

describe('a misbehaving server in front of Chatwoot', () => {
  it('a 200 whose body is not JSON is a transient server error', async () => {
    const err = await chatwootErrorOf(clientOfRawServer('any-token').getProfile());
    expect(err).toMatchObject({ kind: 'transient', code: 'CHATWOOT_SERVER_ERROR' });
  });
});
