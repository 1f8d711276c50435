import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { bookingApi, daysFromNow } from './helpers.ts';
import { bookingRoutes } from './routes.ts';

const t = await createTestContext();
afterAll(() => t.close());

let salon: TestTenant;
let viewer: { authorization: string };
let staff: { authorization: string };
beforeAll(async () => {
  salon = await t.newTenant();
  viewer = await salon.as('viewer');
  staff = await salon.as('staff');
});

describe('a viewer key', () => {
  it('gets 403 on every booking write, before anything is read or written', async () => {
    const writes = (await bookingRoutes(t)).filter((route) => !route.startsWith('GET '));
    // 5 resources × create, change, delete + 5 appointment transitions.
    expect(writes.length).toBe(20);
    const id = '00000000-0000-4000-8000-000000000000';
    for (const route of writes) {
      const [method, path] = route.split(' ');
      const res = await t.app.inject({ method: method as 'POST', url: path.replace('{id}', id), headers: viewer, payload: {} });
      expect(res.statusCode, route).toBe(403);
      expect(res.json().message, route).toBe('This action needs the staff role; this key has the viewer role');
    }
  });

  it('may read lists and records', async () => {
    const appointment = await bookingApi(t, salon).newAppointment();
    for (const url of ['/api/branches', '/api/clients', '/api/services', '/api/professionals', '/api/appointments', `/api/appointments/${appointment.id}`]) {
      expect((await t.app.inject({ method: 'GET', url, headers: viewer })).statusCode, url).toBe(200);
    }
  });
});

describe('a staff key', () => {
  it('can create, change, move, cancel and delete', async () => {
    const api = bookingApi(t, salon, staff);
    const branch = await api.newBranch();
    const professional = await api.newProfessional({ branchId: branch.id });
    const appointment = await api.newAppointment({ professionalId: professional.id });
    const steps = [
      await api.call('PATCH', `/api/appointments/${appointment.id}`, { notes: 'Trae su propio tinte' }),
      await api.call('POST', `/api/appointments/${appointment.id}/confirm`),
      await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, { startTime: daysFromNow(2) }),
      await api.call('POST', `/api/appointments/${appointment.id}/cancel`, { reason: 'Se enfermó' }),
      await api.call('DELETE', `/api/appointments/${appointment.id}`),
      await api.call('PATCH', `/api/branches/${branch.id}`, { address: 'Av. Juárez 10' }),
    ];
    expect(steps.map((res) => res.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
  });
});
