import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';

const t = await createTestContext();
afterAll(() => t.close());

describe('API key authentication', () => {
  it('rejects a request without a key with 401 and says how to authenticate', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/tenant' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(res.json().message).toContain('Authorization: Bearer');
  });

  it('rejects an unknown key and a malformed header with 401', async () => {
    for (const authorization of ['Bearer cpk_notarealkeynotarealkey', 'Basic abc', 'Bearer']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/tenant', headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('resolves the tenant from the key', async () => {
    const a = await t.newTenant({ name: 'Estética Luna' });
    const res = await t.app.inject({ method: 'GET', url: '/api/tenant', headers: a.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: a.id, name: 'Estética Luna', timezone: 'America/Mexico_City', defaultCountry: 'MX' });
  });

  it('a revoked key gets 401 from then on', async () => {
    const a = await t.newTenant();
    const created = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: a.headers, payload: { name: 'front desk', role: 'staff' } });
    expect(created.statusCode).toBe(201);
    const { id, key } = created.json();
    expect(key).toMatch(/^cpk_/);
    const before = await t.app.inject({ method: 'GET', url: '/api/tenant', headers: { authorization: `Bearer ${key}` } });
    expect(before.statusCode).toBe(200);
    const revoked = await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${id}`, headers: a.headers });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await t.app.inject({ method: 'GET', url: '/api/tenant', headers: { authorization: `Bearer ${key}` } });
    expect(after.statusCode).toBe(401);
  });

  it('never returns a stored key or its hash in listings', async () => {
    const a = await t.newTenant();
    const res = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: a.headers });
    expect(res.statusCode).toBe(200);
    const body = res.body;
    expect(body).not.toContain(a.apiKey);
    expect(body).not.toMatch(/keyHash|key_hash/);
    expect(res.json()[0].prefix).toBe(a.apiKey.slice(0, 12));
  });
});

describe('roles', () => {
  it('a viewer may read but not change; staff may not manage keys (403)', async () => {
    const a = await t.newTenant();
    const viewer = await a.as('viewer');
    const staff = await a.as('staff');
    expect((await t.app.inject({ method: 'GET', url: '/api/tenant', headers: viewer })).statusCode).toBe(200);
    const patch = await t.app.inject({ method: 'PATCH', url: '/api/tenant', headers: viewer, payload: { name: 'x' } });
    expect(patch.statusCode).toBe(403);
    expect(patch.json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: staff })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: staff, payload: { name: 'n' } })).statusCode).toBe(403);
  });
});

describe('tenant isolation for keys', () => {
  it("tenant A cannot revoke tenant B's key: 404, and B's key keeps working", async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    const list = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: b.headers });
    const bKeyId = list.json()[0].id;
    const res = await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${bKeyId}`, headers: a.headers });
    expect(res.statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/tenant', headers: b.headers })).statusCode).toBe(200);
  });
});

describe('tenant settings', () => {
  it('rejects an unknown timezone with a 400 that names it', async () => {
    const a = await t.newTenant();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/tenant', headers: a.headers, payload: { timezone: 'Mars/Olympus' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('Mars/Olympus');
  });
});

describe('tenant country', () => {
  it('rejects a country code the phone library does not know, naming it', async () => {
    const a = await t.newTenant();
    const res = await t.app.inject({ method: 'PATCH', url: '/api/tenant', headers: a.headers, payload: { defaultCountry: 'XX' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('"XX"');
    const after = await t.app.inject({ method: 'GET', url: '/api/tenant', headers: a.headers });
    expect(after.json().defaultCountry).toBe('MX');
  });
});
