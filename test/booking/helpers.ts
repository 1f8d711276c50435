/** Booking test data made through the real API, as a salon's front desk would. */
import type { InjectOptions } from 'fastify';
import type { TestContext, TestTenant } from '../helpers/context.ts';

/** A request or response body; the tests check its fields. */
type Json = Record<string, any>;

/** `days` from today at a fixed UTC hour (16:00 = 10:00 in Mexico City), so tests never depend on the current hour. */
export function daysFromNow(days: number, hourUtc = 16): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

export function bookingApi(t: TestContext, tenant: Pick<TestTenant, 'headers'>, headers = tenant.headers) {
  const call = (method: InjectOptions['method'], url: string, payload?: Json) => t.app.inject({ method, url, headers, payload });

  async function create(url: string, payload: Json): Promise<Json> {
    const res = await call('POST', url, payload);
    if (res.statusCode !== 201) throw new Error(`POST ${url} answered ${res.statusCode}: ${res.body}`);
    return res.json();
  }

  const api = {
    headers,
    call,
    newBranch: (input: Json = {}) => create('/api/branches', { name: 'Sucursal Centro', ...input }),
    newClient: (input: Json = {}) => create('/api/clients', { firstName: 'Ana', lastName: 'López', ...input }),
    newService: (input: Json = {}) => create('/api/services', { name: 'Corte de cabello', durationMinutes: 45, ...input }),
    newProfessional: (input: Json = {}) => create('/api/professionals', { name: 'Carlos García', ...input }),
    /** A PENDING appointment tomorrow, with a new client and service unless given. */
    async newAppointment(input: Json = {}): Promise<Json> {
      const clientId = input.clientId ?? (await api.newClient()).id;
      const serviceId = input.serviceId ?? (await api.newService()).id;
      return create('/api/appointments', { clientId, serviceId, startTime: daysFromNow(1), ...input });
    },
  };
  return api;
}
