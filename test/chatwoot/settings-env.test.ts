/**
 * The seed's CHATWOOT_* environment variables configure one named tenant of a single-tenant
 * install (CHATWOOT_ENV_CONFIG_TENANT), and only that one: a tenant without configuration never
 * borrows it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';
import {
  callsDuring,
  chatwootThreadsOf,
  configureChatwoot,
  newPhone,
  readLog,
  sendNotification,
  startClinicChatwoot,
  UNPACED,
} from '../helpers/chatwoot-sandbox.ts';

const chatwoot = await startClinicChatwoot();
const { sandbox, accountId, account } = chatwoot;
const t = await createTestContext({
  env: {
    ...UNPACED,
    CHATWOOT_ENV_CONFIG_TENANT: 'spa-del-valle',
    CHATWOOT_API_URL: sandbox.url,
    CHATWOOT_API_ACCESS_TOKEN: account.userToken,
    CHATWOOT_ACCOUNT_ID: String(accountId),
    CHATWOOT_INBOX_ID: String(chatwoot.apiInbox.id),
  },
});
afterAll(async () => {
  await t.close();
  await sandbox.close();
});

const named = await t.newTenant({ name: 'Spa del Valle', slug: 'spa-del-valle' });
const other = await t.newTenant({ name: 'Barbería Norte' });

describe('the environment-configured tenant', () => {
  it('reads the environment configuration, with the token masked', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/settings/chatwoot', headers: named.headers });
    expect(res.json()).toEqual({
      configured: true,
      source: 'environment',
      config: {
        id: null,
        branchId: null,
        enabled: true,
        baseUrl: sandbox.url,
        accountId,
        inboxId: chatwoot.apiInbox.id,
        apiToken: `••••${account.userToken.slice(-4)}`,
        webhookSecret: null,
        webhookUrl: null,
        rateLimitPerMinute: 60,
        whatsappTemplates: {},
        updatedAt: null,
      },
    });
    expect(res.body).not.toContain(account.userToken);
  });

  it('sends through it', async () => {
    const phone = newPhone();
    const res = await sendNotification(t, named.headers, { type: 'CUSTOM', recipient: phone.written, message: 'Desde el entorno' });
    expect(res.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(chatwootThreadsOf(sandbox, accountId, phone.e164).messages.map((m) => m.content)).toEqual(['Desde el entorno']);
  });

  it('passes the connection test, reported as coming from the environment', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/chatwoot/test', headers: named.headers });
    expect(res.json()).toMatchObject({ configured: true, source: 'environment', ok: true });
  });
});

describe('another tenant', () => {
  it('is not configured, and its message fails with CONFIGURATION_MISSING without reaching Chatwoot', async () => {
    const view = await t.app.inject({ method: 'GET', url: '/api/settings/chatwoot', headers: other.headers });
    expect(view.json()).toEqual({ configured: false, source: null, config: null });

    const phone = newPhone();
    const { result: res, calls } = await callsDuring(sandbox, () =>
      sendNotification(t, other.headers, { type: 'CUSTOM', channel: 'CHATWOOT', recipient: phone.written, message: 'No debe salir' }),
    );

    expect(calls).toEqual([]);
    expect(res.json()).toEqual({
      success: false,
      logId: expect.any(String),
      error: 'Chatwoot is not configured for this tenant (PUT /api/settings/chatwoot)',
      status: 'FAILED',
    });
    expect(await readLog(t, other.headers, res.json().logId)).toMatchObject({ status: 'FAILED', errorCode: 'CONFIGURATION_MISSING' });
    expect(chatwootThreadsOf(sandbox, accountId, phone.e164).contacts).toEqual([]);
  });

  it('fails the connection test as not configured', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/chatwoot/test', headers: other.headers });
    expect(res.json()).toMatchObject({ configured: false, source: null, ok: false });
  });
});

describe('a configuration stored for the named tenant', () => {
  it('wins over the environment', async () => {
    const saved = await configureChatwoot(t, named.headers, chatwoot.settings({ rateLimitPerMinute: 45 }));
    expect(saved).toMatchObject({ source: 'tenant', config: { rateLimitPerMinute: 45 } });
    expect((await t.app.inject({ method: 'GET', url: '/api/settings/chatwoot', headers: named.headers })).json().source).toBe('tenant');
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
