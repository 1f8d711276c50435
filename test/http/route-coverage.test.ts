/**
 * Invariant 1 for every route that exists: the list comes from /docs, so a new route without a
 * case here fails this file. Without a key every /api route answers 401; with tenant A's key,
 * every route naming one of tenant B's records answers 404 and B's record is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestTenant } from '../helpers/context.ts';

const t = await createTestContext();
afterAll(() => t.close());

/** Routes that authenticate otherwise (the cron route checks CRON_SECRET). */
const publicApiRoutes = new Set(['GET /api/cron/send-reminders', 'POST /api/cron/send-reminders']);

async function documentedApiRoutes(): Promise<Array<{ method: string; path: string }>> {
  await t.app.ready();
  return Object.entries(t.app.swagger().paths ?? {})
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, operations]) => Object.keys(operations ?? {}).map((method) => ({ method: method.toUpperCase(), path })));
}

describe('authentication on every /api route', () => {
  it('answers 401 without an API key', async () => {
    const routes = await documentedApiRoutes();
    expect(routes.length).toBeGreaterThan(30);
    for (const { method, path } of routes) {
      if (publicApiRoutes.has(`${method} ${path}`)) continue;
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await t.app.inject({ method: method as 'GET', url, payload: method === 'GET' || method === 'DELETE' ? undefined : {} });
      expect(res.statusCode, `${method} ${path}`).toBe(401);
    }
  });
});

describe("tenant isolation on every route that names a record", () => {
  let a: TestTenant;
  let b: TestTenant;
  const ids: Record<string, string> = {};
  /** Where each kind of record is read back by its owner, to check it did not change. */
  const readBack: Record<string, (id: string) => string> = {};

  const create = async (url: string, payload: object) => {
    const res = await t.app.inject({ method: 'POST', url, headers: b.headers, payload });
    expect(res.statusCode, `${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    a = await t.newTenant({ name: 'Salón A' });
    b = await t.newTenant({ name: 'Salón B' });
    ids['/api/branches'] = (await create('/api/branches', { name: 'Centro B' })).id;
    ids['/api/clients'] = (await create('/api/clients', { firstName: 'Bea', phone: '33 1111 2222' })).id;
    ids['/api/services'] = (await create('/api/services', { name: 'Corte', durationMinutes: 30 })).id;
    ids['/api/professionals'] = (await create('/api/professionals', { name: 'Pro B' })).id;
    ids['/api/appointments'] = (
      await create('/api/appointments', {
        clientId: ids['/api/clients'],
        serviceId: ids['/api/services'],
        startTime: new Date(Date.now() + 3 * 86_400_000).toISOString(),
      })
    ).id;
    ids['/api/api-keys'] = (await create('/api/api-keys', { name: 'B desk', role: 'staff' })).id;
    ids['/api/templates'] = (await create('/api/templates', { name: 'b-custom', type: 'CUSTOM', locale: 'es-MX', body: 'Hola {{ client.name }}' })).id;
    ids['/api/notifications/logs'] = (
      await create('/api/notifications', { type: 'CUSTOM', channel: 'CHATWOOT', recipient: '33 1111 2222', message: 'Hola' })
    ).logId;
    for (const prefix of ['/api/branches', '/api/clients', '/api/services', '/api/professionals', '/api/appointments', '/api/templates', '/api/notifications/logs']) {
      readBack[prefix] = (id) => `${prefix}/${id}`;
    }
  });

  /** Valid-looking bodies, so a 404 can only come from the tenant check, not from validation. */
  const bodyFor = (method: string, path: string): object | undefined => {
    if (method === 'GET' || method === 'DELETE') return undefined;
    if (path.endsWith('/reschedule')) return { startTime: new Date(Date.now() + 5 * 86_400_000).toISOString() };
    if (path.endsWith('/cancel')) return { reason: 'probe' };
    if (method === 'PATCH') return path.startsWith('/api/appointments') ? { notes: 'probe' } : path.startsWith('/api/templates') ? { body: 'x' } : { name: 'probe' };
    return {};
  };

  it("answers 404 to tenant A for every one of tenant B's records, and B's records stay as they were", async () => {
    const routes = (await documentedApiRoutes()).filter(({ path }) => path.includes('{id}'));
    expect(routes.length).toBeGreaterThan(15);
    const before = new Map<string, string>();
    for (const [prefix, id] of Object.entries(ids)) {
      if (!readBack[prefix]) continue;
      before.set(prefix, (await t.app.inject({ method: 'GET', url: readBack[prefix](id), headers: b.headers })).body);
    }
    for (const { method, path } of routes) {
      const prefix = Object.keys(ids).find((p) => path.startsWith(`${p}/{id}`));
      expect(prefix, `no isolation case for ${method} ${path}: add its record to this test`).toBeDefined();
      const url = path.replace('{id}', ids[prefix!]);
      const res = await t.app.inject({ method: method as 'GET', url, headers: a.headers, payload: bodyFor(method, path) });
      expect(res.statusCode, `${method} ${path}: ${res.body}`).toBe(404);
      expect(res.body).not.toContain(ids[prefix!]);
    }
    for (const [prefix, body] of before) {
      const after = await t.app.inject({ method: 'GET', url: readBack[prefix](ids[prefix]), headers: b.headers });
      expect(after.statusCode, prefix).toBe(200);
      expect(after.body, prefix).toBe(body);
    }
    const keys = await t.app.inject({ method: 'GET', url: '/api/api-keys', headers: b.headers });
    expect(keys.json().find((k: { id: string }) => k.id === ids['/api/api-keys']).revokedAt).toBeNull();
  });

  it("never lists tenant B's records to tenant A", async () => {
    for (const prefix of ['/api/branches', '/api/clients', '/api/services', '/api/professionals', '/api/appointments', '/api/templates', '/api/notifications/logs']) {
      const res = await t.app.inject({ method: 'GET', url: prefix, headers: a.headers });
      expect(res.statusCode, prefix).toBe(200);
      expect(res.body, prefix).not.toContain(ids[prefix]);
    }
  });
});
