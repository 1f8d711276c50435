/**
 * How a send through Chatwoot fails, class by class: configuration errors fail for good with a
 * message that says what to fix; outages, throttling and timeouts put the message back in the
 * queue with its retry job; bad requests are 4xx and leave nothing behind. Every attempt that was
 * accepted leaves its log row.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createChatwootChannel } from '../../src/channels/index.ts';
import { loadChatwootSettings } from '../../src/chatwoot/chatwoot-config.service.ts';
import { deliverLog, queueNotification } from '../../src/notifications/index.ts';
import { bookingApi } from '../booking/helpers.ts';
import { type TestTenant } from '../helpers/context.ts';
import {
  callsDuring,
  chatwootThreadsOf,
  configureChatwoot,
  deliverJobOf,
  newPhone,
  readLog,
  sendNotification,
  clinicTestbed,
} from '../helpers/chatwoot-sandbox.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();
afterEach(() => sandbox.setFaults({}));

const salon = await t.newTenant({ name: 'Clínica Roma' });
const api = bookingApi(t, salon);
beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

const custom = (clientId: string, message: string) => ({ type: 'CUSTOM', channel: 'CHATWOOT', clientId, message });
const logTotal = async (tenant: Pick<TestTenant, 'headers'>) =>
  (await t.app.inject({ method: 'GET', url: '/api/notifications/logs', headers: tenant.headers })).json().pagination.total as number;

/** A tenant whose Chatwoot settings differ from the good ones by `overrides`, and one client of it. */
async function salonWith(overrides: Record<string, unknown>) {
  const tenant = await t.newTenant();
  await configureChatwoot(t, tenant.headers, chatwoot.settings(overrides));
  const phone = newPhone();
  const client = await bookingApi(t, tenant).newClient({ firstName: 'Olga', phone: phone.written });
  return { tenant, client, phone };
}

describe('configuration errors fail for good, with a message that says what to fix', () => {
  it('an invalid token: FAILED, success false, the reason without the token, and no retry', async () => {
    const revokedToken = 'revoked-token-0123456789';
    const { tenant, client } = await salonWith({ apiToken: revokedToken });
    const res = await sendNotification(t, tenant.headers, custom(client.id, 'Hola'));

    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toEqual({ success: false, logId: expect.any(String), error: expect.any(String), status: 'FAILED' });
    expect(body.error).toContain('401: Invalid Access Token');
    expect(body.error).toContain('Profile settings → Access token');
    const log = await readLog(t, tenant.headers, body.logId);
    expect(log).toMatchObject({ status: 'FAILED', provider: 'chatwoot', errorCode: 'CHATWOOT_UNAUTHORIZED', errorMessage: body.error, attempts: 1 });
    expect(log.failedAt).not.toBeNull();
    expect(JSON.stringify(log)).not.toContain(revokedToken);
    expect(res.body).not.toContain(revokedToken);
    expect(await deliverJobOf(t, body.logId)).toEqual([]);
  });

  it('an inbox that does not exist: FAILED with CHATWOOT_NOT_FOUND naming the inbox lookup, and no retry', async () => {
    const { tenant, client } = await salonWith({ inboxId: 9999 });
    const res = await sendNotification(t, tenant.headers, custom(client.id, 'Hola'));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ success: false, status: 'FAILED' });
    const log = await readLog(t, tenant.headers, res.json().logId);
    expect(log).toMatchObject({ status: 'FAILED', errorCode: 'CHATWOOT_NOT_FOUND' });
    expect(log.errorMessage).toBe('Chatwoot GET /api/v1/accounts/{account_id}/inboxes/{id} failed with 404: Resource could not be found');
    expect(await deliverJobOf(t, res.json().logId)).toEqual([]);
  });

  it('a client without a phone: logged FAILED "NO_ADDRESS", success false, and Chatwoot is not called', async () => {
    const client = await api.newClient({ firstName: 'Paula', email: 'paula@example.com' });
    const { result: res, calls } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Hola Paula')));

    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      success: false,
      logId: expect.any(String),
      error: 'The recipient has no usable phone number for CHATWOOT',
      status: 'FAILED',
    });
    expect(calls).toEqual([]);
    expect(await readLog(t, salon.headers, res.json().logId)).toMatchObject({
      status: 'FAILED',
      errorCode: 'NO_ADDRESS',
      recipient: '',
      clientId: client.id,
      attempts: 0,
    });
  });
});

describe('transient failures put the message back in the queue with a retry job (HTTP 202)', () => {
  it.each([
    ['an outage (503)', { outage: true }, 503, 'CHATWOOT_SERVER_ERROR'],
    ['every request failing (500)', { errorRate: 1 }, 500, 'CHATWOOT_SERVER_ERROR'],
    ['a throttle (429)', { force429: 1 }, 429, 'CHATWOOT_RATE_LIMITED'],
  ])('%s', async (_name, faults, httpStatus, errorCode) => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Rosa', phone: phone.written });
    sandbox.setFaults(faults);
    const before = Date.now();
    const { result: res, statuses } = await callsDuring(sandbox, () => sendNotification(t, salon.headers, custom(client.id, 'Reintento')));

    expect(statuses).toEqual([httpStatus]);
    expect(res.statusCode).toBe(202);
    const body = res.json();
    expect(body).toEqual({ success: false, logId: expect.any(String), error: expect.stringContaining(`failed with ${httpStatus}`), status: 'QUEUED' });
    const log = await readLog(t, salon.headers, body.logId);
    expect(log).toMatchObject({ status: 'QUEUED', errorCode, attempts: 1, provider: 'chatwoot' });
    const retryAt = new Date(log.scheduledAt).getTime();
    expect(retryAt).toBeGreaterThan(before);
    if (httpStatus === 429) {
      // Chatwoot's windows are fixed minutes and it sends no Retry-After: come back in the next one.
      expect(retryAt).toBeGreaterThanOrEqual((Math.floor(before / 60_000) + 1) * 60_000);
    }
    const jobs = await deliverJobOf(t, body.logId);
    expect(jobs.map((j) => ({ task: j.task_identifier, runAt: j.run_at.getTime() }))).toEqual([{ task: 'deliver', runAt: retryAt }]);
    expect(chatwootThreadsOf(sandbox, accountId, phone.e164).messages).toEqual([]);
  });

  it('a Chatwoot slower than the timeout is retried, and the retry delivers it exactly once', async () => {
    const phone = newPhone();
    const client = await api.newClient({ firstName: 'Sara', phone: phone.written });
    const { row } = await t.ctx.db.transaction((tx) =>
      queueNotification(t.ctx, tx, salon.id, { type: 'CUSTOM', channel: 'CHATWOOT', clientId: client.id, message: 'Sin prisa', idempotencyKey: `slow-${phone.e164}` }),
    );
    const settings = (await loadChatwootSettings(t.ctx, salon.id))!;
    const impatient = createChatwootChannel(t.ctx, settings, { recipient: { clientId: client.id }, timeoutMs: 150 });
    sandbox.setFaults({ latencyMs: 600 });

    const timedOut = await deliverLog(t.ctx, salon.id, row.id, { channel: impatient });

    expect(timedOut).toMatchObject({ status: 'QUEUED', errorCode: 'CHATWOOT_TIMEOUT', attempts: 1 });
    expect(timedOut!.errorMessage).toMatch(/timed out waiting for 127\.0\.0\.1:\d+/);
    expect((await deliverJobOf(t, row.id)).map((j) => j.run_at.getTime())).toEqual([timedOut!.scheduledAt.getTime()]);

    // Chatwoot is fast again; the worker's retry runs the normal channel.
    sandbox.setFaults({});
    await new Promise((resolve) => setTimeout(resolve, 700)); // let the abandoned request finish in the sandbox
    const retried = await deliverLog(t.ctx, salon.id, row.id);
    expect(retried).toMatchObject({ status: 'SENT', attempts: 2, errorCode: null });
    expect(chatwootThreadsOf(sandbox, accountId, phone.e164).messages.map((m) => m.content)).toEqual(['Sin prisa']);
  });
});

describe('bad requests are 4xx and leave nothing behind', () => {
  it('an unknown client id is a 404', async () => {
    const before = await logTotal(salon);
    const res = await sendNotification(t, salon.headers, custom('00000000-0000-4000-8000-000000000000', 'Hola'));
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'NOT_FOUND', message: 'Client not found' });
    expect(await logTotal(salon)).toBe(before);
  });

  it("another tenant's client or appointment is a 404, and nothing reaches Chatwoot", async () => {
    const other = await t.newTenant({ name: 'Otra clínica' });
    const theirs = bookingApi(t, other);
    const theirClient = await theirs.newClient({ firstName: 'Ajena', phone: newPhone().written });
    const theirAppointment = await theirs.newAppointment({ clientId: theirClient.id });
    const before = await logTotal(salon);

    const { result, calls } = await callsDuring(sandbox, () =>
      Promise.all([
        sendNotification(t, salon.headers, custom(theirClient.id, 'Hola')),
        sendNotification(t, salon.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: theirAppointment.id }),
      ]),
    );

    expect(result.map((r) => [r.statusCode, r.json().message])).toEqual([
      [404, 'Client not found'],
      [404, 'Appointment not found'],
    ]);
    expect(calls).toEqual([]);
    expect(await logTotal(salon)).toBe(before);
  });

  it('an unparseable recipient phone is a 400 that says what is wrong', async () => {
    const before = await logTotal(salon);
    const res = await sendNotification(t, salon.headers, { type: 'CUSTOM', recipient: 'call me maybe', message: 'Hola' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'INVALID_PHONE' });
    expect(res.json().message).toContain('"call me maybe" is not a valid phone number');
    expect(await logTotal(salon)).toBe(before);
  });

  it('a message without any recipient is a 400 naming the field', async () => {
    const res = await sendNotification(t, salon.headers, { type: 'CUSTOM', message: 'Hola' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(res.json().message).toContain('recipient');
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
