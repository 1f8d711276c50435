import { afterAll, describe, expect, it } from 'vitest';
import { createTestContext } from '../helpers/context.ts';
import { bookingApi } from '../booking/helpers.ts';

const t = await createTestContext();
afterAll(() => t.close());

const salonApi = async () => bookingApi(t, await t.newTenant());

describe('branches', () => {
  it('creates, reads and changes a branch', async () => {
    const api = await salonApi();
    const created = await api.call('POST', '/api/branches', { name: 'Sucursal Centro', address: 'Av. Juárez 10, Guadalajara', phone: '33 3123 4567' });
    expect(created.statusCode).toBe(201);
    const branch = created.json();
    expect(branch).toMatchObject({ name: 'Sucursal Centro', address: 'Av. Juárez 10, Guadalajara', phone: '33 3123 4567', active: true });
    expect(branch).not.toHaveProperty('tenantId');
    expect((await api.call('GET', `/api/branches/${branch.id}`)).json()).toEqual(branch);
    const changed = await api.call('PATCH', `/api/branches/${branch.id}`, { address: null });
    expect(changed.json()).toMatchObject({ name: 'Sucursal Centro', address: null });
  });

  it('rejects a branch without a name with a 400 naming it', async () => {
    const api = await salonApi();
    const res = await api.call('POST', '/api/branches', { address: 'Sin nombre' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('body.name:');
  });

  it('lists by name, filters by text and active, and pages', async () => {
    const api = await salonApi();
    await api.newBranch({ name: 'Norte', address: 'Zapopan' });
    await api.newBranch({ name: 'Centro', address: 'Guadalajara' });
    await api.newBranch({ name: 'Sur', address: 'Tlaquepaque', active: false });
    const all = (await api.call('GET', '/api/branches')).json();
    expect(all.data.map((b: { name: string }) => b.name)).toEqual(['Centro', 'Norte', 'Sur']);
    expect(all.pagination).toEqual({ total: 3, limit: 50, offset: 0 });
    const names = async (query: string) => (await api.call('GET', `/api/branches${query}`)).json().data.map((b: { name: string }) => b.name);
    expect(await names('?q=zapo')).toEqual(['Norte']);
    expect(await names('?active=false')).toEqual(['Sur']);
    expect(await names('?limit=1&offset=1')).toEqual(['Norte']);
  });

  it('deletes an unused branch; one with professionals answers 409 and stays', async () => {
    const api = await salonApi();
    const unused = await api.newBranch();
    expect((await api.call('DELETE', `/api/branches/${unused.id}`)).statusCode).toBe(200);
    expect((await api.call('GET', `/api/branches/${unused.id}`)).statusCode).toBe(404);
    const staffed = await api.newBranch();
    await api.newProfessional({ branchId: staffed.id });
    const res = await api.call('DELETE', `/api/branches/${staffed.id}`);
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      `Branch ${staffed.id} can't be deleted because professionals refer to it; deactivate it instead: PATCH /api/branches/${staffed.id} with {"active": false}`,
    );
    expect((await api.call('GET', `/api/branches/${staffed.id}`)).statusCode).toBe(200);
  });
});
