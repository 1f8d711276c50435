/**
 * Every 20 seconds the demo books a client for tomorrow through the real booking service; now and
 * then it moves or cancels an earlier booking. Each change sends its message like a real one.
 */
import { addDays } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { cancelAppointment, createAppointment, listAppointments, listClients, listServices, rescheduleAppointment } from '../booking/index.ts';
import type { AppContext } from '../context.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';

const INTERVAL_MS = 20_000;

export function startDemoActivity(ctx: AppContext, tenantId: string): { stop(): void } {
  let tick = 0;
  const step = async () => {
    tick += 1;
    const tenant = await getTenant(ctx, tenantId);
    const tomorrow = addDays(new TZDate(Date.now(), tenant.timezone), 1);
    const at = (hour: number, minute: number) =>
      new Date(new TZDate(tomorrow.getFullYear(), tomorrow.getMonth(), tomorrow.getDate(), hour, minute, tenant.timezone).getTime());
    const { data: upcoming } = await listAppointments(ctx, tenantId, { limit: 20, offset: 0, status: ['PENDING', 'CONFIRMED'], from: new Date() });
    if (tick % 3 === 0 && upcoming.length > 0) {
      const { appointment } = upcoming[tick % upcoming.length];
      if (tick % 2 === 0) await cancelAppointment(ctx, tenantId, appointment.id, 'El cliente pidió cancelar (demo)');
      else await rescheduleAppointment(ctx, tenantId, appointment.id, { startTime: new Date(appointment.startTime.getTime() + 60 * 60_000) });
      return;
    }
    const { data: clients } = await listClients(ctx, tenantId, { limit: 50, offset: 0 });
    const { data: services } = await listServices(ctx, tenantId, { limit: 10, offset: 0 });
    if (!clients.length || !services.length) return;
    await createAppointment(ctx, tenantId, {
      clientId: clients[tick % clients.length].id,
      serviceId: services[tick % services.length].id,
      startTime: at(9 + (tick % 9), (tick % 2) * 30),
    });
  };
  const timer = setInterval(() => {
    step().catch((err) => ctx.logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'demo activity step failed'));
  }, INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
