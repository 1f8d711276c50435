/**
 * ctx.hooks.onAppointmentChange runs inside the transaction of every appointment change, so what it
 * queues commits or rolls back with the change; row locks make concurrent transitions take turns.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { appointments } from '../../src/booking/booking.tables.ts';
import { getAppointmentWithDetails } from '../../src/booking/index.ts';
import type { AppHooks, AppointmentChange } from '../../src/context.ts';
import { createTestContext } from '../helpers/context.ts';
import { bookingApi, daysFromNow } from './helpers.ts';

interface Seen {
  kind: AppointmentChange['kind'];
  before: string | null;
  after: string;
  /** The status the hook reads through its transaction. */
  insideTx: string | undefined;
  /** The status another connection reads at the same moment: the change is not committed yet. */
  outside: string | undefined;
  /** The service others call from the hook, given the hook's transaction. */
  detailsStatus: string;
}

const seen: Seen[] = [];
let failNext = false;
let delayMs = 0;

const hooks: AppHooks = {
  async onAppointmentChange(tx, { kind, before, after }) {
    const [mine] = await tx.select({ status: appointments.status }).from(appointments).where(eq(appointments.id, after.id));
    const { rows } = await t.ctx.pool.query<{ status: string }>('select status from appointments where id = $1', [after.id]);
    const details = await getAppointmentWithDetails({ db: tx }, after.tenantId, after.id);
    seen.push({ kind, before: before?.status ?? null, after: after.status, insideTx: mine?.status, outside: rows[0]?.status, detailsStatus: details.appointment.status });
    if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
    if (failNext) {
      failNext = false;
      throw new Error('the notification queue is down');
    }
  },
};

const t = await createTestContext({ hooks });
afterAll(() => t.close());
const salon = await t.newTenant();
const api = bookingApi(t, salon);

beforeEach(() => {
  seen.length = 0;
  failNext = false;
  delayMs = 0;
});

describe('the appointment change hook', () => {
  it('is called once per write, with the kind and the rows before and after', async () => {
    const appointment = await api.newAppointment({ startTime: daysFromNow(-1) });
    const id = appointment.id;
    await api.call('PATCH', `/api/appointments/${id}`, { notes: 'Llega tarde' });
    await api.call('POST', `/api/appointments/${id}/confirm`);
    await api.call('POST', `/api/appointments/${id}/reschedule`, { startTime: daysFromNow(-1, 18) });
    await api.call('POST', `/api/appointments/${id}/no-show`);
    const other = (await api.newAppointment()).id;
    await api.call('POST', `/api/appointments/${other}/complete`);
    const third = (await api.newAppointment()).id;
    await api.call('POST', `/api/appointments/${third}/cancel`, { reason: 'Viaje' });

    expect(seen.map(({ kind, before, after }) => [kind, before, after])).toEqual([
      ['created', null, 'PENDING'],
      ['updated', 'PENDING', 'PENDING'],
      ['confirmed', 'PENDING', 'CONFIRMED'],
      ['rescheduled', 'CONFIRMED', 'CONFIRMED'],
      ['no_show', 'CONFIRMED', 'NO_SHOW'],
      ['created', null, 'PENDING'],
      ['completed', 'PENDING', 'COMPLETED'],
      ['created', null, 'PENDING'],
      ['cancelled', 'PENDING', 'CANCELLED'],
    ]);
  });

  it('runs inside the transaction: it sees the change, other connections do not yet', async () => {
    const appointment = await api.newAppointment();
    await api.call('POST', `/api/appointments/${appointment.id}/confirm`);
    expect(seen.map(({ insideTx, outside, detailsStatus }) => [insideTx, outside, detailsStatus])).toEqual([
      ['PENDING', undefined, 'PENDING'], // created: the row does not exist outside until commit
      ['CONFIRMED', 'PENDING', 'CONFIRMED'],
    ]);
  });

  it('is not called for a refused transition or a change that changes nothing', async () => {
    const appointment = await api.newAppointment({ startTime: '2030-01-15T16:00:00Z' });
    seen.length = 0;
    await api.call('POST', `/api/appointments/${appointment.id}/cancel`);
    await api.call('POST', `/api/appointments/${appointment.id}/confirm`); // 409: already cancelled
    await api.call('PATCH', `/api/appointments/${appointment.id}`, {});
    expect(seen.map((s) => s.kind)).toEqual(['cancelled']);
  });

  it('failing rolls the transition back', async () => {
    const appointment = await api.newAppointment();
    failNext = true;
    const res = await api.call('POST', `/api/appointments/${appointment.id}/confirm`);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ code: 'INTERNAL', message: 'Internal server error' });
    expect((await api.call('GET', `/api/appointments/${appointment.id}`)).json()).toEqual(appointment);
  });

  it('failing rolls the booking back: no appointment is left', async () => {
    const client = await api.newClient({ firstName: 'Rollback' });
    const service = await api.newService();
    failNext = true;
    const res = await api.call('POST', '/api/appointments', { clientId: client.id, serviceId: service.id, startTime: daysFromNow(2) });
    expect(res.statusCode).toBe(500);
    expect(await t.ctx.db.$count(appointments, eq(appointments.clientId, client.id))).toBe(0);
  });

  it('failing rolls a reschedule back: time, version and reminderSentAt stay', async () => {
    const appointment = await api.newAppointment({ startTime: '2030-01-15T16:00:00Z' });
    await t.ctx.db.update(appointments).set({ reminderSentAt: new Date('2030-01-14T16:00:00Z') }).where(eq(appointments.id, appointment.id));
    const before = (await api.call('GET', `/api/appointments/${appointment.id}`)).json();
    failNext = true;
    const res = await api.call('POST', `/api/appointments/${appointment.id}/reschedule`, { startTime: '2030-01-20T16:00:00Z' });
    expect(res.statusCode).toBe(500);
    expect((await api.call('GET', `/api/appointments/${appointment.id}`)).json()).toEqual(before);
    expect(before).toMatchObject({ version: 1, reminderSentAt: '2030-01-14T16:00:00.000Z' });
  });
});

describe('concurrent transitions', () => {
  const race = async (first: string, second: string) => {
    const appointment = await api.newAppointment({ startTime: daysFromNow(-1) });
    seen.length = 0;
    const post = (action: string) => api.call('POST', `/api/appointments/${appointment.id}/${action}`);
    const [a, b] = await Promise.all([post(first), post(second)]);
    const stored = (await api.call('GET', `/api/appointments/${appointment.id}`)).json();
    return { codes: [a.statusCode, b.statusCode], stored, losers: [a, b].filter((r) => r.statusCode !== 200).map((r) => r.json().code) };
  };

  // The hook holds the row lock for a while, so the two requests really overlap.
  beforeEach(() => {
    delayMs = 50;
  });

  it.each([
    ['cancel', 'complete'],
    ['complete', 'no-show'],
    ['confirm', 'confirm'],
  ])('of %s and %s on the same appointment: exactly one wins, the other gets 409', async (first, second) => {
    for (let round = 0; round < 3; round++) {
      const { codes, losers } = await race(first, second);
      expect([...codes].sort(), `round ${round}`).toEqual([200, 409]);
      expect(losers).toEqual(['INVALID_TRANSITION']);
    }
  });

  it('of a confirm and a cancel: they take turns, so the cancellation is never lost', async () => {
    for (let round = 0; round < 3; round++) {
      const { codes, stored } = await race('confirm', 'cancel');
      // Confirm first: both succeed (CONFIRMED → CANCELLED is allowed). Cancel first: the confirm gets 409.
      expect(stored.status, `round ${round}`).toBe('CANCELLED');
      const chain = seen.map(({ kind, before, after }) => `${kind}:${before}→${after}`);
      if (codes[0] === 200) expect(chain).toEqual(['confirmed:PENDING→CONFIRMED', 'cancelled:CONFIRMED→CANCELLED']);
      else expect(chain).toEqual(['cancelled:PENDING→CANCELLED']);
    }
  });
});
