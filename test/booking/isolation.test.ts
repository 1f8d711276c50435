/**
 * Invariant 1 for every booking route: tenant A's key never reads, changes or refers to tenant B's
 * rows. The route tables are checked against /docs, so a new route without a case fails here.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments, clients, professionals, services } from '../../src/booking/booking.tables.ts';
import { branches } from '../../src/tenancy/tenancy.tables.ts';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { bookingApi, daysFromNow } from './helpers.ts';
import { bookingRoutes } from './routes.ts';

const t = await createTestContext();
afterAll(() => t.close());

type Resource = 'branch' | 'client' | 'service' | 'professional' | 'appointment';
type Fixtures = Record<Resource, { id: string }>;

/** Every route that takes an id, with a body that would succeed on the tenant's own record. */
const byIdRoutes: Record<string, { resource: Resource; payload?: Record<string, unknown> }> = {
  'GET /api/branches/{id}': { resource: 'branch' },
  'PATCH /api/branches/{id}': { resource: 'branch', payload: { name: 'Taken over' } },
  'DELETE /api/branches/{id}': { resource: 'branch' },
  'GET /api/clients/{id}': { resource: 'client' },
  'PATCH /api/clients/{id}': { resource: 'client', payload: { firstName: 'Taken over' } },
  'DELETE /api/clients/{id}': { resource: 'client' },
  'GET /api/services/{id}': { resource: 'service' },
  'PATCH /api/services/{id}': { resource: 'service', payload: { name: 'Taken over' } },
  'DELETE /api/services/{id}': { resource: 'service' },
  'GET /api/professionals/{id}': { resource: 'professional' },
  'PATCH /api/professionals/{id}': { resource: 'professional', payload: { name: 'Taken over' } },
  'DELETE /api/professionals/{id}': { resource: 'professional' },
  'GET /api/appointments/{id}': { resource: 'appointment' },
  'PATCH /api/appointments/{id}': { resource: 'appointment', payload: { notes: 'Taken over' } },
  'DELETE /api/appointments/{id}': { resource: 'appointment' },
  'POST /api/appointments/{id}/confirm': { resource: 'appointment' },
  'POST /api/appointments/{id}/cancel': { resource: 'appointment', payload: { reason: 'Taken over' } },
  'POST /api/appointments/{id}/complete': { resource: 'appointment' },
  'POST /api/appointments/{id}/no-show': { resource: 'appointment' },
  'POST /api/appointments/{id}/reschedule': { resource: 'appointment', payload: { startTime: daysFromNow(3) } },
};

const listRoutes: Record<string, Resource> = {
  'GET /api/branches': 'branch',
  'GET /api/clients': 'client',
  'GET /api/services': 'service',
  'GET /api/professionals': 'professional',
  'GET /api/appointments': 'appointment',
};

const createRoutes = ['POST /api/branches', 'POST /api/clients', 'POST /api/services', 'POST /api/professionals', 'POST /api/appointments'];

/** A branch, client, service, professional and appointment; the appointment started yesterday, so every transition would succeed on it. */
async function seed(tenant: TestTenant): Promise<Fixtures> {
  const api = bookingApi(t, tenant);
  const branch = await api.newBranch();
  const client = await api.newClient({ phone: '33 1234 5678' });
  const service = await api.newService();
  const professional = await api.newProfessional({ branchId: branch.id });
  const appointment = await api.newAppointment({
    clientId: client.id,
    serviceId: service.id,
    professionalId: professional.id,
    startTime: daysFromNow(-1),
  });
  return { branch, client, service, professional, appointment } as Fixtures;
}

/** Every booking row of a tenant, straight from the database. */
async function rowsOf(tenantId: string) {
  const db = t.ctx.db;
  return {
    branches: await db.select().from(branches).where(eq(branches.tenantId, tenantId)),
    clients: await db.select().from(clients).where(eq(clients.tenantId, tenantId)),
    services: await db.select().from(services).where(eq(services.tenantId, tenantId)),
    professionals: await db.select().from(professionals).where(eq(professionals.tenantId, tenantId)),
    appointments: await db.select().from(appointments).where(eq(appointments.tenantId, tenantId)),
  };
}

let a: TestTenant;
let b: TestTenant;
let ofB: Fixtures;
let ofA: Fixtures;

beforeAll(async () => {
  a = await t.newTenant({ name: 'Salón A' });
  b = await t.newTenant({ name: 'Salón B' });
  ofA = await seed(a);
  ofB = await seed(b);
});

describe('the route tables cover every booking route', () => {
  it('lists each documented route exactly once', async () => {
    const documented = await bookingRoutes(t);
    const covered = [...Object.keys(byIdRoutes), ...Object.keys(listRoutes), ...createRoutes].sort();
    expect(covered).toEqual(documented);
  });
});

describe("tenant A with tenant B's ids", () => {
  it.each(Object.entries(byIdRoutes))('%s answers 404 and leaves B unchanged', async (route, { resource, payload }) => {
    const [method, path] = route.split(' ');
    const before = await rowsOf(b.id);
    const res = await t.app.inject({
      method: method as 'GET',
      url: path.replace('{id}', ofB[resource].id),
      headers: a.headers,
      payload,
    });
    expect(res.statusCode, res.body).toBe(404);
    expect(res.json().code).toBe('NOT_FOUND');
    expect(await rowsOf(b.id)).toEqual(before);
  });

  it("answers exactly as for an id that does not exist, so B's ids can't be probed", async () => {
    const foreign = await t.app.inject({ method: 'GET', url: `/api/clients/${ofB.client.id}`, headers: a.headers });
    const missing = await t.app.inject({ method: 'GET', url: `/api/clients/${randomUUID()}`, headers: a.headers });
    expect(foreign.json()).toEqual(missing.json());
    expect(foreign.json()).toEqual({ code: 'NOT_FOUND', message: 'Client not found' });
  });

  it.each(Object.entries(listRoutes))("%s lists only A's rows", async (route, resource) => {
    const res = await t.app.inject({ method: 'GET', url: route.split(' ')[1], headers: a.headers });
    expect(res.statusCode).toBe(200);
    const ids = res.json().data.map((row: { id: string }) => row.id);
    expect(ids).toEqual([ofA[resource].id]);
    expect(res.json().pagination.total).toBe(1);
  });

  it("finds nothing when filtering by B's ids", async () => {
    for (const query of [`clientId=${ofB.client.id}`, `serviceId=${ofB.service.id}`, `professionalId=${ofB.professional.id}`, `branchId=${ofB.branch.id}`]) {
      const res = await t.app.inject({ method: 'GET', url: `/api/appointments?${query}`, headers: a.headers });
      expect(res.json().data, query).toEqual([]);
    }
    const pros = await t.app.inject({ method: 'GET', url: `/api/professionals?branchId=${ofB.branch.id}`, headers: a.headers });
    expect(pros.json().data).toEqual([]);
    const byPhone = await t.app.inject({ method: 'GET', url: `/api/clients?phone=${encodeURIComponent('33 1234 5678')}`, headers: a.headers });
    expect(byPhone.json().data.map((c: { id: string }) => c.id)).toEqual([ofA.client.id]);
  });
});

describe("tenant A referring to B's records", () => {
  it.each([
    ['clientId', 'client'],
    ['serviceId', 'service'],
    ['professionalId', 'professional'],
    ['branchId', 'branch'],
  ] as const)("booking with B's %s answers 404 naming it, and writes nothing", async (field, resource) => {
    const before = await rowsOf(a.id);
    const payload = {
      clientId: ofA.client.id,
      serviceId: ofA.service.id,
      startTime: daysFromNow(2),
      [field]: ofB[resource].id,
    };
    const res = await t.app.inject({ method: 'POST', url: '/api/appointments', headers: a.headers, payload });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe(`${field}: ${resource} ${ofB[resource].id} not found`);
    expect(await rowsOf(a.id)).toEqual(before);
  });

  it.each([
    ['serviceId', 'service'],
    ['professionalId', 'professional'],
    ['branchId', 'branch'],
  ] as const)("moving A's appointment to B's %s answers 404 and changes nothing", async (field, resource) => {
    const before = await rowsOf(a.id);
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/appointments/${ofA.appointment.id}`,
      headers: a.headers,
      payload: { [field]: ofB[resource].id },
    });
    expect(res.statusCode).toBe(404);
    expect(await rowsOf(a.id)).toEqual(before);
  });

  it("placing A's professional in B's branch answers 404", async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/professionals', headers: a.headers, payload: { name: 'Lucía', branchId: ofB.branch.id } });
    expect(created.statusCode).toBe(404);
    const moved = await t.app.inject({ method: 'PATCH', url: `/api/professionals/${ofA.professional.id}`, headers: a.headers, payload: { branchId: ofB.branch.id } });
    expect(moved.statusCode).toBe(404);
    expect((await rowsOf(a.id)).professionals.map((p) => p.branchId)).toEqual([ofA.branch.id]);
  });
});
