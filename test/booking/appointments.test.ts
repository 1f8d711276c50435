import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appointments } from '../../src/booking/booking.tables.ts';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { bookingApi, daysFromNow } from './helpers.ts';

const t = await createTestContext();
afterAll(() => t.close());

type Api = ReturnType<typeof bookingApi>;
const appointmentCount = async (tenantId: string) => t.ctx.db.$count(appointments, eq(appointments.tenantId, tenantId));

describe('booking an appointment', () => {
  let salon: TestTenant;
  let api: Api;
  let clientId: string;
  let serviceId: string;
  beforeAll(async () => {
    salon = await t.newTenant();
    api = bookingApi(t, salon);
    clientId = (await api.newClient({ phone: '33 1234 5678' })).id;
    serviceId = (await api.newService({ name: 'Corte de cabello', durationMinutes: 45 })).id;
  });

  it("starts PENDING and ends after the service's duration, with summaries of who, what and where", async () => {
    const branch = await api.newBranch({ name: 'Sucursal Centro' });
    const professional = await api.newProfessional({ name: 'Carlos García', branchId: branch.id });
    const res = await api.call('POST', '/api/appointments', {
      clientId,
      serviceId,
      professionalId: professional.id,
      startTime: '2030-01-15T10:00:00-06:00',
      notes: 'Primera vez',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      status: 'PENDING',
      allowedActions: ['confirm', 'cancel', 'complete', 'no-show', 'reschedule'],
      startTime: '2030-01-15T16:00:00.000Z',
      endTime: '2030-01-15T16:45:00.000Z',
      branchId: branch.id,
      client: { id: clientId, firstName: 'Ana', lastName: 'López', phoneE164: '+523312345678' },
      service: { id: serviceId, name: 'Corte de cabello', durationMinutes: 45 },
      professional: { id: professional.id, name: 'Carlos García' },
      branch: { id: branch.id, name: 'Sucursal Centro' },
      notes: 'Primera vez',
      version: 1,
      reminderSentAt: null,
    });
    expect(res.json()).not.toHaveProperty('tenantId');
  });

  it('takes an explicit end time, and no branch when branchId is null', async () => {
    const professional = await api.newProfessional({ branchId: (await api.newBranch()).id });
    const res = await api.call('POST', '/api/appointments', {
      clientId,
      serviceId,
      professionalId: professional.id,
      branchId: null,
      startTime: '2030-01-15T16:00:00Z',
      endTime: '2030-01-15T17:30:00Z',
    });
    expect(res.json()).toMatchObject({ endTime: '2030-01-15T17:30:00.000Z', branchId: null, branch: null });
  });

  it.each([
    [{ serviceId: 'SVC', startTime: '2030-01-15T16:00:00Z' }, 'body.clientId'],
    [{ clientId: 'CLIENT', startTime: '2030-01-15T16:00:00Z' }, 'body.serviceId'],
    [{ clientId: 'CLIENT', serviceId: 'SVC' }, 'body.startTime'],
    [{ clientId: 'not-a-uuid', serviceId: 'SVC', startTime: '2030-01-15T16:00:00Z' }, 'body.clientId'],
    [{ clientId: 'CLIENT', serviceId: 'SVC', startTime: '15/01/2030 10:00' }, 'body.startTime'],
    [{ clientId: 'CLIENT', serviceId: 'SVC', startTime: '2030-01-15T10:00:00' }, 'body.startTime'],
    [{ clientId: 'CLIENT', serviceId: 'SVC', startTime: '2030-02-30T10:00:00Z' }, 'body.startTime'],
    [{ clientId: 'CLIENT', serviceId: 'SVC', startTime: '2030-01-15T16:00:00Z', endTime: '2030-01-15T15:00:00Z' }, 'body.endTime'],
    [{ clientId: 'CLIENT', serviceId: 'SVC', startTime: '2030-01-15T16:00:00Z', endTime: '2030-01-15T16:00:00Z' }, 'body.endTime'],
  ])('rejects %j with a 400 naming %s, and writes nothing', async (template, field) => {
    const payload = JSON.parse(JSON.stringify(template).replace('"CLIENT"', `"${clientId}"`).replace('"SVC"', `"${serviceId}"`));
    const before = await appointmentCount(salon.id);
    const res = await api.call('POST', '/api/appointments', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain(`${field}:`);
    expect(await appointmentCount(salon.id)).toBe(before);
  });

  it('says what a date-time must look like', async () => {
    const res = await api.call('POST', '/api/appointments', { clientId, serviceId, startTime: '2030-01-15T10:00:00' });
    expect(res.json().message).toBe('body.startTime: must be an ISO-8601 date-time with a UTC offset or Z, e.g. 2025-11-20T15:00:00-06:00');
  });

  it('refuses a retired client, service, professional or branch with a 409 naming it, and writes nothing', async () => {
    const retired = {
      clientId: (await api.newClient({ firstName: 'Retirada', active: false })).id,
      serviceId: (await api.newService({ active: false })).id,
      professionalId: (await api.newProfessional({ active: false })).id,
      branchId: (await api.newBranch({ active: false })).id,
    };
    const before = await appointmentCount(salon.id);
    for (const [field, id] of Object.entries(retired)) {
      const res = await api.call('POST', '/api/appointments', { clientId, serviceId, startTime: daysFromNow(3), [field]: id });
      expect(res.statusCode, field).toBe(409);
      expect(res.json().message, field).toMatch(new RegExp(`^${field}: \\w+ ${id} is inactive`));
    }
    expect(await appointmentCount(salon.id)).toBe(before);
  });

  it('answers 404 naming a referenced id that does not exist', async () => {
    const res = await api.call('POST', '/api/appointments', { clientId, serviceId: '00000000-0000-4000-8000-000000000000', startTime: daysFromNow(3) });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe('serviceId: service 00000000-0000-4000-8000-000000000000 not found');
  });
});

describe('changing an appointment with PATCH', () => {
  it('changes notes, service and professional; the time stays', async () => {
    const api = bookingApi(t, await t.newTenant());
    const appointment = await api.newAppointment({ startTime: '2030-01-15T16:00:00Z' });
    const color = await api.newService({ name: 'Color', durationMinutes: 120 });
    const lucia = await api.newProfessional({ name: 'Lucía' });
    const res = await api.call('PATCH', `/api/appointments/${appointment.id}`, { notes: 'Trae foto', serviceId: color.id, professionalId: lucia.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      notes: 'Trae foto',
      service: { name: 'Color' },
      professional: { name: 'Lucía' },
      startTime: '2030-01-15T16:00:00.000Z',
      endTime: '2030-01-15T16:45:00.000Z',
      status: 'PENDING',
      version: 1,
    });
  });

  it.each([
    [{ status: 'CONFIRMED' }, 'body.status: cannot be changed with PATCH: use POST /api/appointments/{id}/confirm, /cancel, /complete or /no-show'],
    [{ startTime: '2030-01-16T16:00:00Z' }, 'body.startTime: cannot be changed with PATCH: use POST /api/appointments/{id}/reschedule, which also tells the client'],
    [{ endTime: '2030-01-16T16:00:00Z' }, 'body.endTime: cannot be changed with PATCH: use POST /api/appointments/{id}/reschedule'],
  ])('refuses %j with a 400 that names the route to use', async (payload, message) => {
    const api = bookingApi(t, await t.newTenant());
    const appointment = await api.newAppointment();
    const res = await api.call('PATCH', `/api/appointments/${appointment.id}`, { notes: 'x', ...payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe(message);
    expect((await api.call('GET', `/api/appointments/${appointment.id}`)).json()).toEqual(appointment);
  });
});

/** Puts a new appointment (started yesterday, so a no-show is possible) into `status` through the API. */
async function appointmentIn(api: Api, status: string) {
  const appointment = await api.newAppointment({ startTime: daysFromNow(-1) });
  const via: Record<string, string | undefined> = { PENDING: undefined, CONFIRMED: 'confirm', CANCELLED: 'cancel', COMPLETED: 'complete', NO_SHOW: 'no-show' };
  if (via[status]) expect((await api.call('POST', `/api/appointments/${appointment.id}/${via[status]}`)).statusCode).toBe(200);
  return appointment.id as string;
}

describe('status transitions', () => {
  let api: Api;
  beforeAll(async () => {
    api = bookingApi(t, await t.newTenant());
  });

  it.each([
    ['PENDING', 'confirm', 'CONFIRMED'],
    ['PENDING', 'cancel', 'CANCELLED'],
    ['PENDING', 'complete', 'COMPLETED'],
    ['PENDING', 'no-show', 'NO_SHOW'],
    ['PENDING', 'reschedule', 'PENDING'],
    ['CONFIRMED', 'cancel', 'CANCELLED'],
    ['CONFIRMED', 'complete', 'COMPLETED'],
    ['CONFIRMED', 'no-show', 'NO_SHOW'],
    ['CONFIRMED', 'reschedule', 'CONFIRMED'],
  ])('%s → %s gives %s', async (from, action, to) => {
    const id = await appointmentIn(api, from);
    const res = await api.call('POST', `/api/appointments/${id}/${action}`, action === 'reschedule' ? { startTime: daysFromNow(5) } : undefined);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe(to);
  });

  it.each([
    ['CONFIRMED', 'confirm', 'CONFIRMED'],
    ['COMPLETED', 'confirm', 'CONFIRMED'],
    ['COMPLETED', 'cancel', 'CANCELLED'],
    ['COMPLETED', 'no-show', 'NO_SHOW'],
    ['COMPLETED', 'reschedule', 'COMPLETED'],
    ['CANCELLED', 'confirm', 'CONFIRMED'],
    ['CANCELLED', 'complete', 'COMPLETED'],
    ['CANCELLED', 'cancel', 'CANCELLED'],
    ['CANCELLED', 'reschedule', 'CANCELLED'],
    ['NO_SHOW', 'complete', 'COMPLETED'],
    ['NO_SHOW', 'confirm', 'CONFIRMED'],
    ['NO_SHOW', 'cancel', 'CANCELLED'],
  ])('%s + %s answers 409 INVALID_TRANSITION and changes nothing', async (from, action, to) => {
    const id = await appointmentIn(api, from);
    const before = (await api.call('GET', `/api/appointments/${id}`)).json();
    const res = await api.call('POST', `/api/appointments/${id}/${action}`, action === 'reschedule' ? { startTime: daysFromNow(5) } : undefined);
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('INVALID_TRANSITION');
    expect(res.json().message).toContain(`(${from} → ${to})`);
    expect((await api.call('GET', `/api/appointments/${id}`)).json()).toEqual(before);
  });

  it('tells what is allowed from a final status', async () => {
    const id = await appointmentIn(api, 'COMPLETED');
    const res = await api.call('POST', `/api/appointments/${id}/cancel`);
    expect(res.json().message).toBe('Cannot cancel an appointment that is COMPLETED (COMPLETED → CANCELLED); COMPLETED is final and cannot change');
  });

  it('records when and why it was confirmed, cancelled or completed', async () => {
    const id = await appointmentIn(api, 'PENDING');
    const confirmed = (await api.call('POST', `/api/appointments/${id}/confirm`)).json();
    expect(confirmed.confirmedAt).not.toBeNull();
    const cancelled = (await api.call('POST', `/api/appointments/${id}/cancel`, { reason: 'El profesional no está disponible' })).json();
    expect(cancelled).toMatchObject({ status: 'CANCELLED', cancelReason: 'El profesional no está disponible', allowedActions: [] });
    expect(cancelled.cancelledAt).not.toBeNull();
    const other = await appointmentIn(api, 'PENDING');
    expect((await api.call('POST', `/api/appointments/${other}/complete`)).json().completedAt).not.toBeNull();
  });

  it('cancels without a body (no reason)', async () => {
    const id = await appointmentIn(api, 'PENDING');
    const res = await t.app.inject({ method: 'POST', url: `/api/appointments/${id}/cancel`, headers: api.headers });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'CANCELLED', cancelReason: null });
  });

  it('refuses a no-show before the appointment starts', async () => {
    const appointment = await api.newAppointment({ startTime: daysFromNow(1) });
    const res = await api.call('POST', `/api/appointments/${appointment.id}/no-show`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`Cannot mark an appointment as no-show before it starts (PENDING → NO_SHOW); it starts at ${appointment.startTime}`);
  });

  it('answers 404 for an appointment that does not exist', async () => {
    const res = await api.call('POST', '/api/appointments/00000000-0000-4000-8000-000000000000/confirm');
    expect(res.statusCode).toBe(404);
  });
});

describe('rescheduling', () => {
  let api: Api;
  beforeAll(async () => {
    api = bookingApi(t, await t.newTenant());
  });

  it('moves the time keeping the length, bumps the version and clears reminderSentAt; CONFIRMED stays CONFIRMED', async () => {
    const appointment = await api.newAppointment({ startTime: '2030-01-15T16:00:00Z', endTime: '2030-01-15T17:30:00Z' });
    await api.call('POST', `/api/appointments/${appointment.id}/confirm`);
    await t.ctx.db.update(appointments).set({ reminderSentAt: new Date('2030-01-14T16:00:00Z') }).where(eq(appointments.id, appointment.id));
    const res = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, { startTime: '2030-01-16T12:00:00-06:00' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'CONFIRMED',
      startTime: '2030-01-16T18:00:00.000Z',
      endTime: '2030-01-16T19:30:00.000Z',
      version: 2,
      reminderSentAt: null,
    });
    const again = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, {
      startTime: '2030-01-17T18:00:00Z',
      endTime: '2030-01-17T18:30:00Z',
    });
    expect(again.json()).toMatchObject({ startTime: '2030-01-17T18:00:00.000Z', endTime: '2030-01-17T18:30:00.000Z', version: 3 });
  });

  it('to the time it already has changes nothing (a retried request)', async () => {
    const appointment = await api.newAppointment({ startTime: '2030-01-15T16:00:00Z' });
    const res = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, { startTime: '2030-01-15T10:00:00-06:00' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(appointment);
  });

  it('rejects an end before the new start, or a missing start, with a 400', async () => {
    const appointment = await api.newAppointment();
    const backwards = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, { startTime: '2030-01-15T16:00:00Z', endTime: '2030-01-15T15:00:00Z' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().message).toBe('body.endTime: must be after startTime');
    const missing = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, {});
    expect(missing.statusCode).toBe(400);
    expect(missing.json().message).toContain('body.startTime:');
    expect((await api.call('GET', `/api/appointments/${appointment.id}`)).json()).toEqual(appointment);
  });
});

describe('listing appointments', () => {
  let api: Api;
  const ids: Record<string, string> = {};
  let ana: string;
  let beto: string;
  let corte: string;
  let carlos: string;
  let centro: string;
  beforeAll(async () => {
    api = bookingApi(t, await t.newTenant());
    ana = (await api.newClient({ firstName: 'Ana' })).id;
    beto = (await api.newClient({ firstName: 'Beto' })).id;
    corte = (await api.newService({ name: 'Corte' })).id;
    const tinte = (await api.newService({ name: 'Tinte' })).id;
    centro = (await api.newBranch({ name: 'Centro' })).id;
    carlos = (await api.newProfessional({ name: 'Carlos', branchId: centro })).id;
    // Created out of order, to show the list is sorted by start time.
    const book = async (name: string, input: Record<string, unknown>) => {
      ids[name] = (await api.newAppointment(input)).id;
    };
    await book('jan17', { clientId: beto, serviceId: tinte, startTime: '2030-01-17T16:00:00Z' });
    await book('jan15', { clientId: ana, serviceId: corte, professionalId: carlos, startTime: '2030-01-15T16:00:00Z' });
    await book('jan16', { clientId: ana, serviceId: tinte, startTime: '2030-01-16T00:00:00Z' });
    await book('jan18', { clientId: beto, serviceId: corte, professionalId: carlos, startTime: '2030-01-18T16:00:00Z' });
    await api.call('POST', `/api/appointments/${ids.jan16}/confirm`);
    await api.call('POST', `/api/appointments/${ids.jan18}/cancel`);
  });

  const listed = async (query: string) => {
    const res = await api.call('GET', `/api/appointments${query}`);
    expect(res.statusCode, res.body).toBe(200);
    const ordered = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
    return res.json().data.map((a: { id: string }) => ordered[a.id]);
  };

  it('sorts by start time and pages with a total', async () => {
    expect(await listed('')).toEqual(['jan15', 'jan16', 'jan17', 'jan18']);
    const page = (await api.call('GET', '/api/appointments?limit=2&offset=1')).json();
    expect(page.pagination).toEqual({ total: 4, limit: 2, offset: 1 });
    expect(await listed('?limit=2&offset=1')).toEqual(['jan16', 'jan17']);
  });

  it('filters by a date range: from inclusive, to exclusive, offsets honoured', async () => {
    expect(await listed('?from=2030-01-16T00:00:00Z&to=2030-01-18T00:00:00Z')).toEqual(['jan16', 'jan17']);
    expect(await listed('?from=2030-01-16T00:00:01Z')).toEqual(['jan17', 'jan18']);
    expect(await listed('?to=2030-01-16T00:00:00Z')).toEqual(['jan15']);
    // Mexico City's 15 January (UTC-6) ends at 06:00 UTC on the 16th, so jan16 (00:00 UTC) is on the 15th there.
    expect(await listed(`?from=${encodeURIComponent('2030-01-15T00:00:00-06:00')}&to=${encodeURIComponent('2030-01-16T00:00:00-06:00')}`)).toEqual(['jan15', 'jan16']);
  });

  it('filters by one or several statuses', async () => {
    expect(await listed('?status=CONFIRMED')).toEqual(['jan16']);
    expect(await listed('?status=PENDING&status=CONFIRMED')).toEqual(['jan15', 'jan16', 'jan17']);
    expect(await listed('?status=PENDING,CANCELLED')).toEqual(['jan15', 'jan17', 'jan18']);
  });

  it('filters by client, service, professional and branch', async () => {
    expect(await listed(`?clientId=${ana}`)).toEqual(['jan15', 'jan16']);
    expect(await listed(`?clientId=${beto}&serviceId=${corte}`)).toEqual(['jan18']);
    expect(await listed(`?professionalId=${carlos}`)).toEqual(['jan15', 'jan18']);
    expect(await listed(`?branchId=${centro}&status=PENDING`)).toEqual(['jan15']);
  });

  it.each([
    ['?status=DONE', 'querystring.status.0:'],
    ['?from=2030-01-15', 'querystring.from:'],
    ['?from=2030-01-16T00:00:00Z&to=2030-01-15T00:00:00Z', 'querystring.to: must be after from'],
    ['?clientId=ana', 'querystring.clientId:'],
    ['?limit=500', 'querystring.limit:'],
  ])('rejects %s with a 400 naming the parameter', async (query, message) => {
    const res = await api.call('GET', `/api/appointments${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(message);
  });
});

describe('deleting appointments', () => {
  it('deletes only a cancelled appointment; any other answers 409 saying to cancel first', async () => {
    const api = bookingApi(t, await t.newTenant());
    const appointment = await api.newAppointment();
    const refused = await api.call('DELETE', `/api/appointments/${appointment.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().message).toBe(
      `Only a cancelled appointment can be deleted; this one is PENDING. Cancel it first (POST /api/appointments/${appointment.id}/cancel) so the client is told and its reminders are dropped`,
    );
    await api.call('POST', `/api/appointments/${appointment.id}/cancel`);
    const deleted = await api.call('DELETE', `/api/appointments/${appointment.id}`);
    expect(deleted.statusCode).toBe(200);
    expect(deleted.json()).toMatchObject({ id: appointment.id, status: 'CANCELLED' });
    expect((await api.call('GET', `/api/appointments/${appointment.id}`)).statusCode).toBe(404);
  });
});
