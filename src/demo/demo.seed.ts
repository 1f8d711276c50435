/**
 * `citaplanner demo seed`: a demo salon with branches, services, professionals, 50 clients and a
 * week of appointments, created through the real services (so phones are normalised and every
 * booking queues its confirmation and plans its reminders, as a real one would).
 */
import { TZDate } from '@date-fns/tz';
import { addDays } from 'date-fns';
import { createAppointment, createClient, createProfessional, createService } from '../booking/index.ts';
import type { AppContext } from '../context.ts';
import { createBranch } from '../tenancy/branches.service.ts';
import { createTenant } from '../tenancy/tenancy.service.ts';
import { demoBranches, demoClients, demoProfessionals, demoServices, demoTenant } from './demo-data.ts';

export interface SeededDemo {
  tenantId: string;
  tenantName: string;
  apiKey: string;
}

/** A small deterministic generator, so every demo has the same agenda. */
function sequence(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

export async function seedDemo(ctx: AppContext): Promise<SeededDemo> {
  const { tenant, apiKey } = await createTenant(ctx, demoTenant);
  const branches = [];
  for (const b of demoBranches) branches.push(await createBranch(ctx, tenant.id, b));
  const services = [];
  for (const s of demoServices) services.push(await createService(ctx, tenant.id, s));
  const professionals = [];
  for (const [i, name] of demoProfessionals.entries()) {
    professionals.push(await createProfessional(ctx, tenant.id, { name, branchId: branches[i % branches.length].id }));
  }
  const clients = [];
  for (const c of demoClients()) clients.push(await createClient(ctx, tenant.id, c));

  // Six appointments a day for the next seven days, on the hour or half hour between 9:00 and 18:30 local time.
  const pick = sequence(42);
  const today = new TZDate(Date.now(), tenant.timezone);
  for (let day = 1; day <= 7; day++) {
    const date = addDays(today, day);
    for (let slot = 0; slot < 6; slot++) {
      const start = new TZDate(date.getFullYear(), date.getMonth(), date.getDate(), 9 + pick(10), pick(2) * 30, tenant.timezone);
      const professional = professionals[pick(professionals.length)];
      await createAppointment(ctx, tenant.id, {
        clientId: clients[pick(clients.length)].id,
        serviceId: services[pick(services.length)].id,
        professionalId: professional.id,
        branchId: professional.branchId,
        startTime: new Date(start.getTime()),
      });
    }
  }
  return { tenantId: tenant.id, tenantName: tenant.name, apiKey };
}
