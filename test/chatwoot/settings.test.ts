/**
 * The Chatwoot and direct-channel settings routes: admin only, secrets write-only (masked on every
 * read, encrypted at rest), per-branch overrides, the step-by-step connection test and the seed's
 * testAllChannels. Every response body of this file is kept, to check at the end that no secret
 * was ever returned.
 */
import { createServer } from 'node:net';
import type { InjectOptions } from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { bookingApi } from '../booking/helpers.ts';
import { startFakeTwilio } from '../fakes/twilio.fake.ts';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { chatwootThreadsOf, newPhone, startClinicChatwoot, UNPACED } from '../helpers/chatwoot-sandbox.ts';

const chatwoot = await startClinicChatwoot();
const { sandbox, accountId } = chatwoot;
const twilio = { accountSid: `AC${'a1'.repeat(16)}`, authToken: 'twilio-auth-token-abcdef' };
const fakeTwilio = await startFakeTwilio(twilio);
const t = await createTestContext({ env: { ...UNPACED } });
afterAll(async () => {
  await t.close();
  await sandbox.close();
  await fakeTwilio.close();
});

const WEBHOOK_SECRET = 'whsec-clinica-roma-2025';
/** Every response body this file received. */
const bodies: string[] = [];

type Json = Record<string, any>;
async function call(headers: { authorization: string }, method: InjectOptions['method'], url: string, payload?: Json) {
  const res = await t.app.inject({ method, url, headers, payload });
  bodies.push(res.body);
  return res;
}
const settingsUrl = (branchId?: string) => `/api/settings/chatwoot${branchId ? `?branchId=${branchId}` : ''}`;
const putChatwoot = (tenant: Pick<TestTenant, 'headers'>, body: Json, branchId?: string) => call(tenant.headers, 'PUT', settingsUrl(branchId), body);
const getChatwoot = (tenant: Pick<TestTenant, 'headers'>, branchId?: string) => call(tenant.headers, 'GET', settingsUrl(branchId));
const testChatwoot = (tenant: Pick<TestTenant, 'headers'>, branchId?: string) =>
  call(tenant.headers, 'POST', `/api/settings/chatwoot/test${branchId ? `?branchId=${branchId}` : ''}`);
const mask = (secret: string) => `••••${secret.slice(-4)}`;

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('PUT / GET / DELETE /api/settings/chatwoot', () => {
  it('a tenant without Chatwoot reads configured: false', async () => {
    const salon = await t.newTenant();
    const res = await getChatwoot(salon);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ configured: false, source: null, config: null });
  });

  it('the first PUT needs apiToken: a 400 naming it, and nothing is saved', async () => {
    const salon = await t.newTenant();
    const res = await putChatwoot(salon, chatwoot.settings({ apiToken: undefined }));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'apiToken is required the first time Chatwoot is configured (a user access token from Profile settings)',
      details: { field: 'apiToken' },
    });
    expect((await getChatwoot(salon)).json().configured).toBe(false);
  });

  it('PUT saves it; GET shows it with the token and webhook secret masked, and both are encrypted at rest', async () => {
    const salon = await t.newTenant();
    const res = await putChatwoot(salon, chatwoot.settings({ webhookSecret: WEBHOOK_SECRET }));

    expect(res.statusCode).toBe(200);
    const expected = {
      configured: true,
      source: 'tenant',
      config: {
        id: expect.any(String),
        branchId: null,
        enabled: true,
        baseUrl: sandbox.url,
        accountId,
        inboxId: chatwoot.apiInbox.id,
        apiToken: mask(chatwoot.account.userToken),
        webhookSecret: '••••2025',
        webhookUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:3000\/api\/webhooks\/chatwoot\/[\w-]{24}$/),
        rateLimitPerMinute: 60,
        whatsappTemplates: {},
        updatedAt: expect.any(String),
      },
    };
    expect(res.json()).toEqual(expected);
    expect((await getChatwoot(salon)).json()).toEqual(res.json());

    const { rows } = await t.ctx.pool.query('select api_token_enc, webhook_secret_enc from chatwoot_configs where tenant_id = $1', [salon.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(chatwoot.account.userToken);
    expect(JSON.stringify(rows)).not.toContain(WEBHOOK_SECRET);
  });

  it('a later PUT without apiToken keeps the stored token (the connection still works)', async () => {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings());
    const res = await putChatwoot(salon, chatwoot.settings({ apiToken: undefined, rateLimitPerMinute: 30 }));

    expect(res.statusCode).toBe(200);
    expect(res.json().config).toMatchObject({ apiToken: mask(chatwoot.account.userToken), rateLimitPerMinute: 30 });
    expect((await testChatwoot(salon)).json()).toMatchObject({ ok: true });
  });

  it('DELETE removes it; a second DELETE is a 404', async () => {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings());
    expect((await call(salon.headers, 'DELETE', settingsUrl())).statusCode).toBe(204);
    expect((await getChatwoot(salon)).json()).toEqual({ configured: false, source: null, config: null });
    const again = await call(salon.headers, 'DELETE', settingsUrl());
    expect(again.statusCode).toBe(404);
    expect(again.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Chatwoot configuration not found' });
  });

  it('only admins: staff and viewer keys get 403 on every Chatwoot settings route', async () => {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings());
    for (const role of ['staff', 'viewer'] as const) {
      const headers = await salon.as(role);
      for (const [method, url, payload] of [
        ['GET', settingsUrl()],
        ['PUT', settingsUrl(), chatwoot.settings()],
        ['DELETE', settingsUrl()],
        ['POST', '/api/settings/chatwoot/test'],
      ] as const) {
        const res = await call(headers, method, url, payload);
        expect(res.statusCode, `${role} ${method} ${url}`).toBe(403);
        expect(res.json()).toMatchObject({ code: 'FORBIDDEN', message: `This action needs the admin role; this key has the ${role} role` });
      }
    }
    expect((await getChatwoot(salon)).json().configured).toBe(true);
  });
});

describe('a branch override (?branchId=)', () => {
  const north = sandbox.seedAccount({ name: 'Sucursal Norte', inboxes: [{ name: 'Norte API', channel_type: 'Channel::Api' }] });

  it("is read and written on its own, and an appointment at that branch is messaged through the branch's Chatwoot", async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const branch = await api.newBranch({ name: 'Sucursal Norte' });
    await putChatwoot(salon, chatwoot.settings());
    const saved = await putChatwoot(
      salon,
      { baseUrl: sandbox.url, accountId: north.accountId, inboxId: north.inboxes[0].id, apiToken: north.userToken },
      branch.id,
    );

    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ configured: true, source: 'branch', config: { branchId: branch.id, accountId: north.accountId } });
    expect((await getChatwoot(salon, branch.id)).json()).toMatchObject({ source: 'branch', config: { accountId: north.accountId, apiToken: mask(north.userToken) } });
    expect((await getChatwoot(salon)).json()).toMatchObject({ source: 'tenant', config: { branchId: null, accountId } });
    expect((await testChatwoot(salon, branch.id)).json()).toMatchObject({ ok: true, source: 'branch' });

    const atNorth = newPhone();
    const elsewhere = newPhone();
    const northClient = await api.newClient({ firstName: 'Nora', phone: atNorth.written });
    const otherClient = await api.newClient({ firstName: 'Olivia', phone: elsewhere.written });
    const northAppointment = await api.newAppointment({ clientId: northClient.id, branchId: branch.id });
    const otherAppointment = await api.newAppointment({ clientId: otherClient.id });
    for (const appointment of [northAppointment, otherAppointment]) {
      const res = await call(salon.headers, 'POST', '/api/notifications', { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });
      expect(res.json(), res.body).toMatchObject({ success: true });
    }

    expect(chatwootThreadsOf(sandbox, north.accountId, atNorth.e164).messages).toHaveLength(1);
    expect(chatwootThreadsOf(sandbox, accountId, atNorth.e164).messages).toHaveLength(0);
    expect(chatwootThreadsOf(sandbox, accountId, elsewhere.e164).messages).toHaveLength(1);
    expect(chatwootThreadsOf(sandbox, north.accountId, elsewhere.e164).messages).toHaveLength(0);
  });

  it("another tenant's branch is a 404 on every route, and nothing is saved", async () => {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings());
    const other = await t.newTenant();
    const theirBranch = await bookingApi(t, other).newBranch({ name: 'Ajena' });

    const responses = [
      await putChatwoot(salon, chatwoot.settings(), theirBranch.id),
      await getChatwoot(salon, theirBranch.id),
      await testChatwoot(salon, theirBranch.id),
      await call(salon.headers, 'DELETE', settingsUrl(theirBranch.id)),
    ];

    expect(responses.map((r) => [r.statusCode, r.json().code, r.json().message])).toEqual([
      [404, 'NOT_FOUND', 'Branch not found'],
      [404, 'NOT_FOUND', 'Branch not found'],
      [404, 'NOT_FOUND', 'Branch not found'],
      [404, 'NOT_FOUND', 'Branch not found'],
    ]);
    const { rows } = await t.ctx.pool.query('select branch_id from chatwoot_configs where tenant_id = $1', [salon.id]);
    expect(rows).toEqual([{ branch_id: null }]);
  });
});

describe('POST /api/settings/chatwoot/test', () => {
  async function diagnose(overrides: Json) {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings(overrides));
    const res = await testChatwoot(salon);
    expect(res.statusCode).toBe(200);
    return res.json();
  }

  it('a good configuration passes every check', async () => {
    expect(await diagnose({})).toEqual({
      configured: true,
      enabled: true,
      source: 'tenant',
      ok: true,
      checks: [
        { name: 'reachable', ok: true, detail: `${sandbox.url} answered` },
        { name: 'token', ok: true, detail: expect.stringMatching(/^Token of user "Admin \d+"$/) },
        { name: 'account', ok: true, detail: 'Account "Clínica Roma" is active' },
        { name: 'inbox', ok: true, detail: 'Inbox "Clinic API" (Channel::Api)' },
      ],
    });
  });

  it('a wrong token fails the token check, with a hint about the access token', async () => {
    const hint = 'Check the API access token (Chatwoot → Profile settings → Access token); it may have been reset.';
    expect(await diagnose({ apiToken: 'wrong-token-123456' })).toMatchObject({
      ok: false,
      checks: [
        { name: 'reachable', ok: true },
        { name: 'token', ok: false, detail: `Chatwoot GET /api/v1/profile failed with 401: Invalid Access Token. ${hint}`, hint },
      ],
    });
  });

  it("a wrong account id fails the account check, listing the token's accounts", async () => {
    const result = await diagnose({ accountId: 999 });
    expect(result.ok).toBe(false);
    expect(result.checks.map((c: Json) => [c.name, c.ok])).toEqual([
      ['reachable', true],
      ['token', true],
      ['account', false],
    ]);
    expect(result.checks[2]).toEqual({
      name: 'account',
      ok: false,
      detail: `Account 999 is not among the token user's accounts (${accountId})`,
      hint: 'Check accountId (the number after /app/accounts/ in Chatwoot URLs) or use a token of a member of that account.',
    });
  });

  it('a wrong inbox fails the inbox check', async () => {
    const result = await diagnose({ inboxId: 9999 });
    expect(result.ok).toBe(false);
    expect(result.checks.at(-1)).toEqual({
      name: 'inbox',
      ok: false,
      detail: `Inbox 9999 does not exist in account ${accountId}`,
      hint: 'Check inboxId (Chatwoot → Settings → Inboxes; the number in the inbox URL).',
    });
  });

  it('an unreachable base URL fails the reachable check', async () => {
    const port = await closedPort();
    expect(await diagnose({ baseUrl: `http://127.0.0.1:${port}` })).toMatchObject({
      ok: false,
      checks: [
        {
          name: 'reachable',
          ok: false,
          detail: `Chatwoot GET /api/v1/profile could not reach 127.0.0.1:${port} (ECONNREFUSED)`,
          hint: 'Check baseUrl (e.g. https://app.chatwoot.com) and that this server can reach it.',
        },
      ],
    });
  });

  it('a disabled configuration is reported as such even when the connection works', async () => {
    const result = await diagnose({ enabled: false });
    expect(result).toMatchObject({ configured: true, enabled: false, ok: false });
    expect(result.checks[0]).toEqual({ name: 'enabled', ok: false, detail: 'Chatwoot is configured but disabled', hint: 'PUT /api/settings/chatwoot with enabled: true' });
    expect(result.checks.slice(1).every((c: Json) => c.ok)).toBe(true);
  });
});

describe('PUT / GET /api/settings/channels/:channel', () => {
  const twilioSettings = { accountSid: twilio.accountSid, from: '+15005550006', baseUrl: fakeTwilio.baseUrl };

  it('bad provider settings are a 400 naming the field, without echoing the value', async () => {
    const salon = await t.newTenant();
    const res = await call(salon.headers, 'PUT', '/api/settings/channels/SMS', {
      provider: 'twilio',
      settings: { ...twilioSettings, accountSid: 'XX-not-a-sid' },
      secrets: { authToken: twilio.authToken },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'Invalid twilio configuration: settings.accountSid must be a Twilio Account SID (AC + 32 hex characters)',
      details: { provider: 'twilio', issues: [{ field: 'settings.accountSid', message: 'must be a Twilio Account SID (AC + 32 hex characters)' }] },
    });
    expect(res.body).not.toContain('XX-not-a-sid');
  });

  it('a provider of another channel is a 400 naming provider', async () => {
    const salon = await t.newTenant();
    const res = await call(salon.headers, 'PUT', '/api/settings/channels/EMAIL', { provider: 'twilio', settings: twilioSettings, secrets: { authToken: 'x' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ code: 'VALIDATION_FAILED', message: 'Provider twilio serves SMS, not EMAIL', details: { field: 'provider' } });
  });

  it('secrets are masked on every read and kept when a later PUT leaves them out', async () => {
    const salon = await t.newTenant();
    const first = await call(salon.headers, 'PUT', '/api/settings/channels/SMS', { provider: 'twilio', settings: twilioSettings, secrets: { authToken: twilio.authToken } });
    const view = { channel: 'SMS', provider: 'twilio', enabled: true, settings: twilioSettings, secrets: { authToken: '••••cdef' }, updatedAt: expect.any(String) };
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual(view);

    const second = await call(salon.headers, 'PUT', '/api/settings/channels/SMS', { provider: 'twilio', settings: { ...twilioSettings, from: '+15005550007' } });
    expect(second.json()).toEqual({ ...view, settings: { ...twilioSettings, from: '+15005550007' } });
    expect((await call(salon.headers, 'GET', '/api/settings/channels')).json()).toEqual([second.json()]);
  });

  it('are admin only', async () => {
    const salon = await t.newTenant();
    const staff = await salon.as('staff');
    expect((await call(staff, 'GET', '/api/settings/channels')).statusCode).toBe(403);
    expect((await call(staff, 'PUT', '/api/settings/channels/SMS', { provider: 'twilio', settings: twilioSettings, secrets: { authToken: 'x' } })).statusCode).toBe(403);
    expect((await call(staff, 'POST', '/api/notifications/test-channels')).statusCode).toBe(403);
  });
});

describe('POST /api/notifications/test-channels', () => {
  it('answers { email, sms, whatsapp, chatwoot } with the checks behind each', async () => {
    const salon = await t.newTenant();
    await putChatwoot(salon, chatwoot.settings());
    await call(salon.headers, 'PUT', '/api/settings/channels/SMS', {
      provider: 'twilio',
      settings: { accountSid: twilio.accountSid, from: '+15005550006', baseUrl: fakeTwilio.baseUrl },
      secrets: { authToken: twilio.authToken },
    });

    const res = await call(salon.headers, 'POST', '/api/notifications/test-channels');

    expect(res.statusCode).toBe(200);
    const notConfigured = (channel: string) => ({
      configured: false,
      ok: false,
      checks: [{ name: 'configured', ok: false, detail: `No enabled ${channel} provider`, hint: `PUT /api/settings/channels/${channel}` }],
    });
    expect(res.json()).toEqual({
      email: false,
      sms: true,
      whatsapp: false,
      chatwoot: true,
      details: {
        email: notConfigured('EMAIL'),
        sms: { configured: true, ok: true, checks: [{ name: 'Twilio account', ok: true, detail: 'Salon Demo (Full) is active' }] },
        whatsapp: notConfigured('WHATSAPP'),
        chatwoot: {
          configured: true,
          ok: true,
          checks: [
            { name: 'reachable', ok: true, detail: `${sandbox.url} answered` },
            { name: 'token', ok: true, detail: expect.stringMatching(/^Token of user "Admin \d+"$/) },
            { name: 'account', ok: true, detail: 'Account "Clínica Roma" is active' },
            { name: 'inbox', ok: true, detail: 'Inbox "Clinic API" (Channel::Api)' },
          ],
        },
      },
    });
  });

  it('a tenant with nothing configured gets false everywhere, each saying what to configure', async () => {
    const salon = await t.newTenant();
    const res = await call(salon.headers, 'POST', '/api/notifications/test-channels');
    expect(res.json()).toMatchObject({ email: false, sms: false, whatsapp: false, chatwoot: false });
    expect(res.json().details.chatwoot).toEqual({
      configured: false,
      ok: false,
      checks: [{ name: 'configured', ok: false, detail: 'Chatwoot is not configured', hint: 'PUT /api/settings/chatwoot with baseUrl, accountId, inboxId and apiToken' }],
    });
  });
});

describe('after everything above', () => {
  it('no response carried a raw token or secret', () => {
    expect(bodies.length).toBeGreaterThan(40);
    for (const secret of [chatwoot.account.userToken, WEBHOOK_SECRET, twilio.authToken, 'wrong-token-123456']) {
      expect(bodies.filter((body) => body.includes(secret))).toEqual([]);
    }
  });

  it('no request left the Chatwoot contract', () => {
    expect(sandbox.contractViolations).toEqual([]);
  });
});
