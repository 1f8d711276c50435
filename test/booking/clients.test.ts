import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clients } from '../../src/booking/booking.tables.ts';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { bookingApi } from './helpers.ts';

const t = await createTestContext();
afterAll(() => t.close());

const clientCount = async (tenantId: string) => t.ctx.db.$count(clients, eq(clients.tenantId, tenantId));

describe('client phones', () => {
  it.each([
    '+52 1 33 1234 5678',
    '044 33 1234 5678',
    '045 33 1234 5678',
    '(33) 1234-5678',
    '33 1234 5678',
    '+523312345678',
    '52 33 1234 5678',
  ])('"%s" is stored as written and as +523312345678', async (written) => {
    const salon = await t.newTenant();
    const res = await bookingApi(t, salon).call('POST', '/api/clients', { firstName: 'Ana', phone: written });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ phone: written, phoneE164: '+523312345678' });
  });

  it("reads a national number in the tenant's default country", async () => {
    const us = await t.newTenant({ defaultCountry: 'US', timezone: 'America/Los_Angeles' });
    const res = await bookingApi(t, us).call('POST', '/api/clients', { firstName: 'Ann', phone: '(415) 555-2671' });
    expect(res.json()).toMatchObject({ phone: '(415) 555-2671', phoneE164: '+14155552671' });
  });

  it('rejects an unparseable phone with a 400 naming the field, and writes nothing', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    for (const phone of ['abc', '12', '33 1234 5678 9999 0000']) {
      const res = await api.call('POST', '/api/clients', { firstName: 'Ana', phone });
      expect(res.statusCode, phone).toBe(400);
      expect(res.json().code).toBe('INVALID_PHONE');
      expect(res.json().message).toMatch(/^phone: /);
      expect(res.json().details.field).toBe('phone');
    }
    expect(await clientCount(salon.id)).toBe(0);
  });

  it('refuses a phone another client of the tenant has, however it is written (409 naming it)', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const first = await api.newClient({ phone: '+52 1 33 1234 5678' });
    const again = await api.call('POST', '/api/clients', { firstName: 'Otra', phone: '(33) 1234-5678' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({
      code: 'CONFLICT',
      message: 'phone: another client already has the phone +523312345678 ("(33) 1234-5678")',
      details: { field: 'phone', clientId: first.id },
    });
    const other = await api.newClient({ firstName: 'Otra', phone: '33 8765 4321' });
    const moved = await api.call('PATCH', `/api/clients/${other.id}`, { phone: '044 33 1234 5678' });
    expect(moved.statusCode).toBe(409);
    expect((await api.call('GET', `/api/clients/${other.id}`)).json().phoneE164).toBe('+523387654321');
    expect(await clientCount(salon.id)).toBe(2);
  });

  it('lets two tenants have a client with the same phone', async () => {
    for (const salon of [await t.newTenant(), await t.newTenant()]) {
      expect((await bookingApi(t, salon).call('POST', '/api/clients', { firstName: 'Ana', phone: '33 1234 5678' })).statusCode).toBe(201);
    }
  });

  it('removes the phone with null', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const client = await api.newClient({ phone: '33 1234 5678' });
    const res = await api.call('PATCH', `/api/clients/${client.id}`, { phone: null });
    expect(res.json()).toMatchObject({ phone: null, phoneE164: null });
  });
});

describe('creating and changing clients', () => {
  it('fills the defaults and normalises the email', async () => {
    const salon = await t.newTenant();
    const res = await bookingApi(t, salon).call('POST', '/api/clients', { firstName: ' Ana ', email: ' Ana.Lopez@Example.COM ' });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({
      firstName: 'Ana',
      lastName: '',
      email: 'ana.lopez@example.com',
      phone: null,
      phoneE164: null,
      active: true,
      marketingConsent: false,
      optedOut: false,
      optedOutAt: null,
      locale: null,
      tags: [],
      notes: null,
    });
    expect(body).not.toHaveProperty('tenantId');
  });

  it.each([
    [{}, 'body.firstName'],
    [{ firstName: '' }, 'body.firstName'],
    [{ firstName: 'Ana', email: 'not-an-email' }, 'body.email'],
    [{ firstName: 'Ana', locale: 'fr' }, 'body.locale'],
    [{ firstName: 'Ana', tags: 'vip' }, 'body.tags'],
  ])('rejects %j with a 400 naming %s', async (payload, field) => {
    const salon = await t.newTenant();
    const res = await bookingApi(t, salon).call('POST', '/api/clients', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain(`${field}:`);
    expect(await clientCount(salon.id)).toBe(0);
  });

  it('rejects an id that is not a uuid with a 400 naming it', async () => {
    const salon = await t.newTenant();
    const res = await bookingApi(t, salon).call('GET', '/api/clients/123');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('params.id:');
  });

  it('changes only the fields sent', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const client = await api.newClient({ email: 'ana@example.com', tags: ['vip'] });
    const res = await api.call('PATCH', `/api/clients/${client.id}`, { lastName: 'Martínez' });
    expect(res.json()).toMatchObject({ firstName: 'Ana', lastName: 'Martínez', email: 'ana@example.com', tags: ['vip'] });
  });

  it('keeps the date of the first opt-out, and clears it on opting back in', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const client = await api.newClient({ optedOut: true });
    expect(client.optedOut).toBe(true);
    const firstDate = client.optedOutAt;
    expect(firstDate).not.toBeNull();
    const again = await api.call('PATCH', `/api/clients/${client.id}`, { optedOut: true });
    expect(again.json().optedOutAt).toBe(firstDate);
    const back = await api.call('PATCH', `/api/clients/${client.id}`, { optedOut: false });
    expect(back.json()).toMatchObject({ optedOut: false, optedOutAt: null });
  });

  it('answers 404 for a client that does not exist', async () => {
    const salon = await t.newTenant();
    const res = await bookingApi(t, salon).call('PATCH', '/api/clients/00000000-0000-4000-8000-000000000000', { firstName: 'X' });
    expect(res.statusCode).toBe(404);
  });
});

describe('listing clients', () => {
  let salon: TestTenant;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    salon = await t.newTenant();
    const api = bookingApi(t, salon);
    ids.ana = (await api.newClient({ firstName: 'Ana', lastName: 'López', email: 'ana@correo.mx', phone: '+52 1 33 1234 5678', tags: ['vip'] })).id;
    ids.beto = (await api.newClient({ firstName: 'Beto', lastName: 'Díaz', phone: '55 5555 0101', active: false })).id;
    ids.carla = (await api.newClient({ firstName: 'Carla', lastName: 'Zamora', email: 'carla_z@correo.com', optedOut: true, tags: ['vip', 'color'] })).id;
    ids.dora = (await api.newClient({ firstName: 'Dora', lastName: 'Núñez', email: 'dora@correo.mx' })).id;
    ids.eva = (await api.newClient({ firstName: 'Eva', lastName: 'Álvarez' })).id;
  });

  const list = async (query: string) => {
    const res = await bookingApi(t, salon).call('GET', `/api/clients${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { data: Array<{ id: string; firstName: string }>; pagination: { total: number; limit: number; offset: number } };
  };
  const names = async (query: string) => (await list(query)).data.map((c) => c.firstName);

  it('sorts by last name and pages with a total', async () => {
    expect(await names('')).toEqual(['Beto', 'Ana', 'Dora', 'Carla', 'Eva']);
    const page = await list('?limit=2&offset=2');
    expect(page.data.map((c) => c.firstName)).toEqual(['Dora', 'Carla']);
    expect(page.pagination).toEqual({ total: 5, limit: 2, offset: 2 });
  });

  it('finds by name, email or phone substring, case-insensitively', async () => {
    expect(await names('?q=ANA')).toEqual(['Ana']);
    expect(await names('?q=correo.mx')).toEqual(['Ana', 'Dora']);
    expect(await names(`?q=${encodeURIComponent('1234 5678')}`)).toEqual(['Ana']);
    expect(await names('?q=5555')).toEqual(['Beto']);
    // LIKE wildcards in the text match themselves, not everything.
    expect(await names(`?q=${encodeURIComponent('%')}`)).toEqual([]);
    expect(await names(`?q=${encodeURIComponent('a_z@')}`)).toEqual(['Carla']);
    expect(await names(`?q=${encodeURIComponent('a_a')}`)).toEqual([]);
  });

  it('finds by phone written any way', async () => {
    for (const phone of ['044 33 1234 5678', '(33) 1234-5678', '+523312345678']) {
      expect(await names(`?phone=${encodeURIComponent(phone)}`), phone).toEqual(['Ana']);
    }
    expect(await names(`?phone=${encodeURIComponent('33 9999 0000')}`)).toEqual([]);
    const bad = await bookingApi(t, salon).call('GET', '/api/clients?phone=abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/^phone: /);
  });

  it('filters by active, tag and opt-out', async () => {
    expect(await names('?active=false')).toEqual(['Beto']);
    expect(await names('?active=true')).toEqual(['Ana', 'Dora', 'Carla', 'Eva']);
    expect(await names('?tag=vip')).toEqual(['Ana', 'Carla']);
    expect(await names('?tag=color&optedOut=true')).toEqual(['Carla']);
    expect(await names('?optedOut=false&active=true')).toEqual(['Ana', 'Dora', 'Eva']);
  });

  it('rejects a bad filter value with a 400 naming it', async () => {
    const res = await bookingApi(t, salon).call('GET', '/api/clients?active=yes');
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('querystring.active:');
  });
});

describe('deleting clients', () => {
  it('deletes a client without appointments', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const client = await api.newClient();
    const res = await api.call('DELETE', `/api/clients/${client.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(client.id);
    expect((await api.call('GET', `/api/clients/${client.id}`)).statusCode).toBe(404);
  });

  it('keeps a client with appointments and says to deactivate them instead', async () => {
    const salon = await t.newTenant();
    const api = bookingApi(t, salon);
    const appointment = await api.newAppointment();
    const res = await api.call('DELETE', `/api/clients/${appointment.clientId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({
      code: 'CONFLICT',
      message: `Client ${appointment.clientId} can't be deleted because appointments refer to it; deactivate it instead: PATCH /api/clients/${appointment.clientId} with {"active": false}`,
    });
    expect((await api.call('GET', `/api/clients/${appointment.clientId}`)).statusCode).toBe(200);
  });
});
