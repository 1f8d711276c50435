/**
 * GET /api/notifications/logs: every message attempted, filtered and paged, only ever the
 * tenant's own; viewers may read it but not send.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bookingApi } from '../booking/helpers.ts';
import { configureChatwoot, newPhone, sendNotification, clinicTestbed } from '../helpers/chatwoot-sandbox.ts';

const { t, chatwoot, sandbox } = await clinicTestbed();

const salon = await t.newTenant({ name: 'Clínica Roma' });
const other = await t.newTenant({ name: 'Otra clínica' });
const api = bookingApi(t, salon);

type Json = Record<string, any>;
const sent: Record<'a' | 'b' | 'c' | 'd' | 'e', Json> = {} as never;
let ana: Json;
let bruno: Json;
let appointment: Json;
/** Between the first three messages and the last two. */
let midpoint: string;
let otherTenantLogId: string;

const logs = async (query = '', headers = salon.headers) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/notifications/logs${query}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const idsOf = async (query: string) => (await logs(query)).data.map((row: Json) => row.id);
const send = async (body: Json) => (await sendNotification(t, salon.headers, body)).json();

beforeAll(async () => {
  // Only the messages sent below: no automatic confirmations or reminders for the bookings.
  await t.app.inject({ method: 'PUT', url: '/api/settings/notifications', headers: salon.headers, payload: { confirmationEnabled: false, reminderEnabled: false } });
  await configureChatwoot(t, salon.headers, chatwoot.settings());
  ana = await api.newClient({ firstName: 'Ana', phone: newPhone().written });
  bruno = await api.newClient({ firstName: 'Bruno', email: 'bruno@example.com' });
  appointment = await api.newAppointment({ clientId: ana.id, startTime: '2030-03-14T16:00:00Z' });

  sent.a = await send({ type: 'CUSTOM', clientId: ana.id, message: 'Hola Ana' }); // SENT, CHATWOOT
  sent.b = await send({ type: 'CUSTOM', clientId: bruno.id, message: 'Hola Bruno' }); // FAILED NO_ADDRESS, CHATWOOT
  sent.c = await send({ type: 'CUSTOM', channel: 'EMAIL', clientId: bruno.id, message: 'Hola por correo' }); // FAILED, no EMAIL provider
  await new Promise((resolve) => setTimeout(resolve, 20));
  midpoint = new Date().toISOString();
  await new Promise((resolve) => setTimeout(resolve, 20));
  sent.d = await send({ type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id }); // SENT
  sent.e = await send({ type: 'PROMOTION', clientId: ana.id, message: '2x1 en cortes' }); // SKIPPED: no marketing consent

  await configureChatwoot(t, other.headers, chatwoot.settings());
  otherTenantLogId = (await sendNotification(t, other.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'Ajeno' })).json().logId;
});

describe('GET /api/notifications/logs', () => {
  it('the attempts ended as expected', () => {
    expect(Object.values(sent).map((r) => r.status)).toEqual(['SENT', 'FAILED', 'FAILED', 'SENT', 'SKIPPED']);
  });

  it('lists every attempt of the tenant, newest first, with the page', async () => {
    const page = await logs();
    expect(page.pagination).toEqual({ total: 5, limit: 50, offset: 0 });
    expect(page.data.map((row: Json) => row.id)).toEqual([sent.e, sent.d, sent.c, sent.b, sent.a].map((r) => r.logId));
    expect(page.data.map((row: Json) => [row.channel, row.status, row.errorCode])).toEqual([
      ['CHATWOOT', 'SKIPPED', 'NO_MARKETING_CONSENT'],
      ['CHATWOOT', 'SENT', null],
      ['EMAIL', 'FAILED', 'CONFIGURATION_MISSING'],
      ['CHATWOOT', 'FAILED', 'NO_ADDRESS'],
      ['CHATWOOT', 'SENT', null],
    ]);
    expect(page.data[0]).not.toHaveProperty('tenantId');
  });

  it('filters by status, one or several', async () => {
    expect(await idsOf('?status=SENT')).toEqual([sent.d.logId, sent.a.logId]);
    expect(await idsOf('?status=FAILED,SKIPPED')).toEqual([sent.e.logId, sent.c.logId, sent.b.logId]);
  });

  it('filters by channel and by type', async () => {
    expect(await idsOf('?channel=EMAIL')).toEqual([sent.c.logId]);
    expect(await idsOf('?type=APPOINTMENT_CONFIRMATION')).toEqual([sent.d.logId]);
    expect(await idsOf('?type=CUSTOM&channel=CHATWOOT')).toEqual([sent.b.logId, sent.a.logId]);
  });

  it('filters by client and by appointment', async () => {
    expect(await idsOf(`?clientId=${ana.id}`)).toEqual([sent.e.logId, sent.d.logId, sent.a.logId]);
    expect(await idsOf(`?clientId=${bruno.id}&status=FAILED`)).toEqual([sent.c.logId, sent.b.logId]);
    expect(await idsOf(`?appointmentId=${appointment.id}`)).toEqual([sent.d.logId]);
  });

  it('filters by creation time: from is inclusive, to is exclusive', async () => {
    expect(await idsOf(`?from=${midpoint}`)).toEqual([sent.e.logId, sent.d.logId]);
    expect(await idsOf(`?to=${midpoint}`)).toEqual([sent.c.logId, sent.b.logId, sent.a.logId]);
    const d = await logs(`/${sent.d.logId}`);
    expect(await idsOf(`?from=${d.createdAt}&to=${d.createdAt}`)).toEqual([]);
    expect(await idsOf(`?from=${d.createdAt}&to=${new Date(new Date(d.createdAt).getTime() + 1).toISOString()}`)).toEqual([sent.d.logId]);
  });

  it('pages with limit and offset, keeping the total', async () => {
    const first = await logs('?limit=2');
    const second = await logs('?limit=2&offset=2');
    const last = await logs('?limit=2&offset=4');
    expect(first.data.map((r: Json) => r.id)).toEqual([sent.e.logId, sent.d.logId]);
    expect(second.data.map((r: Json) => r.id)).toEqual([sent.c.logId, sent.b.logId]);
    expect(last.data.map((r: Json) => r.id)).toEqual([sent.a.logId]);
    expect([first, second, last].map((p) => p.pagination)).toEqual([
      { total: 5, limit: 2, offset: 0 },
      { total: 5, limit: 2, offset: 2 },
      { total: 5, limit: 2, offset: 4 },
    ]);
  });

  it('a filter value that is not allowed is a 400 naming it', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/notifications/logs?status=LOST', headers: salon.headers });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('querystring.status');
  });
});

describe('GET /api/notifications/logs/:id', () => {
  it('reads one entry', async () => {
    const entry = await logs(`/${sent.d.logId}`);
    expect(entry).toMatchObject({
      id: sent.d.logId,
      type: 'APPOINTMENT_CONFIRMATION',
      channel: 'CHATWOOT',
      status: 'SENT',
      clientId: ana.id,
      appointmentId: appointment.id,
      provider: 'chatwoot',
      providerMessageId: sent.d.messageId,
      attempts: 1,
    });
  });

  it("another tenant's entry is a 404, and does not appear in the list", async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/notifications/logs/${otherTenantLogId}`, headers: salon.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Notification log entry not found' });
    expect(await idsOf('?limit=200')).not.toContain(otherTenantLogId);
    expect((await logs('', other.headers)).data.map((r: Json) => r.id)).toEqual([otherTenantLogId]);
  });
});

describe('roles', () => {
  it('a viewer reads the log but cannot send (403); staff can send', async () => {
    const viewer = await salon.as('viewer');
    expect((await logs('', viewer)).pagination.total).toBeGreaterThanOrEqual(5);
    expect((await logs(`/${sent.a.logId}`, viewer)).id).toBe(sent.a.logId);

    const refused = await sendNotification(t, viewer, { type: 'CUSTOM', clientId: ana.id, message: 'No puedo' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'FORBIDDEN', message: 'This action needs the staff role; this key has the viewer role' });

    const staff = await salon.as('staff');
    const accepted = await sendNotification(t, staff, { type: 'CUSTOM', clientId: ana.id, message: 'Desde recepción' });
    expect(accepted.json()).toMatchObject({ success: true, status: 'SENT' });
    expect(await idsOf(`?clientId=${ana.id}&limit=1`)).toEqual([accepted.json().logId]);
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
