/** Services and professionals: what a salon offers and who does it. */
import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';
import { bookingApi } from './helpers.ts';

const t = await createTestContext();
afterAll(() => t.close());

const salonApi = async () => bookingApi(t, await t.newTenant());
const namesOf = (res: { json(): { data: Array<{ name: string }> } }) => res.json().data.map((row) => row.name);

describe('services', () => {
  it('creates with defaults, and changes only what is sent', async () => {
    const api = await salonApi();
    const service = await api.newService({ name: 'Manicure', durationMinutes: 60, priceCents: 35000 });
    expect(service).toMatchObject({ name: 'Manicure', durationMinutes: 60, priceCents: 35000, currency: 'MXN', active: true, description: null });
    const res = await api.call('PATCH', `/api/services/${service.id}`, { currency: 'usd', active: false });
    expect(res.json()).toMatchObject({ name: 'Manicure', durationMinutes: 60, currency: 'USD', active: false });
  });

  it.each([
    [{ name: 'Corte' }, 'body.durationMinutes'],
    [{ name: 'Corte', durationMinutes: 0 }, 'body.durationMinutes'],
    [{ name: 'Corte', durationMinutes: 30.5 }, 'body.durationMinutes'],
    [{ name: 'Corte', durationMinutes: 30, priceCents: -1 }, 'body.priceCents'],
    [{ name: 'Corte', durationMinutes: 30, currency: 'pesos' }, 'body.currency'],
    [{ durationMinutes: 30 }, 'body.name'],
  ])('rejects %j with a 400 naming %s, and writes nothing', async (payload, field) => {
    const api = await salonApi();
    const res = await api.call('POST', '/api/services', payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(`${field}:`);
    expect((await api.call('GET', '/api/services')).json().pagination.total).toBe(0);
  });

  it('filters by name substring and active, sorted by name', async () => {
    const api = await salonApi();
    await api.newService({ name: 'Tinte completo' });
    await api.newService({ name: 'Corte dama' });
    await api.newService({ name: 'Corte caballero', active: false });
    expect(namesOf(await api.call('GET', '/api/services'))).toEqual(['Corte caballero', 'Corte dama', 'Tinte completo']);
    expect(namesOf(await api.call('GET', '/api/services?q=corte'))).toEqual(['Corte caballero', 'Corte dama']);
    expect(namesOf(await api.call('GET', '/api/services?q=corte&active=true'))).toEqual(['Corte dama']);
  });

  it('deletes an unused service; one with appointments answers 409 and stays', async () => {
    const api = await salonApi();
    const unused = await api.newService();
    expect((await api.call('DELETE', `/api/services/${unused.id}`)).statusCode).toBe(200);
    expect((await api.call('GET', `/api/services/${unused.id}`)).statusCode).toBe(404);
    const appointment = await api.newAppointment();
    const res = await api.call('DELETE', `/api/services/${appointment.serviceId}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toContain('deactivate it instead');
    expect((await api.call('GET', `/api/services/${appointment.serviceId}`)).statusCode).toBe(200);
  });
});

describe('professionals', () => {
  it('creates with a branch of the tenant and filters by it', async () => {
    const api = await salonApi();
    const centro = await api.newBranch({ name: 'Centro' });
    const norte = await api.newBranch({ name: 'Norte' });
    await api.newProfessional({ name: 'Carlos', branchId: centro.id });
    await api.newProfessional({ name: 'Lucía', branchId: norte.id, email: 'Lucia@Salon.mx' });
    await api.newProfessional({ name: 'Mario', branchId: centro.id, active: false });
    await api.newProfessional({ name: 'Sofía' });
    expect(namesOf(await api.call('GET', `/api/professionals?branchId=${centro.id}`))).toEqual(['Carlos', 'Mario']);
    expect(namesOf(await api.call('GET', `/api/professionals?branchId=${centro.id}&active=true`))).toEqual(['Carlos']);
    expect(namesOf(await api.call('GET', '/api/professionals?q=LU'))).toEqual(['Lucía']);
    expect((await api.call('GET', '/api/professionals?q=lu')).json().data[0]).toMatchObject({ email: 'lucia@salon.mx', branchId: norte.id });
  });

  it('refuses a branch that does not exist (404) or is retired (409)', async () => {
    const api = await salonApi();
    const missing = await api.call('POST', '/api/professionals', { name: 'Carlos', branchId: '00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toBe('branchId: branch 00000000-0000-4000-8000-000000000000 not found');
    const retired = await api.newBranch({ active: false });
    const res = await api.call('POST', '/api/professionals', { name: 'Carlos', branchId: retired.id });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(`branchId: branch ${retired.id} is inactive; reactivate it with PATCH {"active": true} or choose another`);
    expect((await api.call('GET', '/api/professionals')).json().pagination.total).toBe(0);
  });

  it('moves to another branch, or to none', async () => {
    const api = await salonApi();
    const centro = await api.newBranch();
    const professional = await api.newProfessional();
    expect((await api.call('PATCH', `/api/professionals/${professional.id}`, { branchId: centro.id })).json().branchId).toBe(centro.id);
    expect((await api.call('PATCH', `/api/professionals/${professional.id}`, { branchId: null })).json().branchId).toBeNull();
  });

  it('deletes an unused professional; one with appointments answers 409 and stays', async () => {
    const api = await salonApi();
    const unused = await api.newProfessional();
    expect((await api.call('DELETE', `/api/professionals/${unused.id}`)).statusCode).toBe(200);
    const busy = await api.newProfessional();
    await api.newAppointment({ professionalId: busy.id });
    const res = await api.call('DELETE', `/api/professionals/${busy.id}`);
    expect(res.statusCode).toBe(409);
    expect((await api.call('GET', `/api/professionals/${busy.id}`)).json().active).toBe(true);
  });
});
