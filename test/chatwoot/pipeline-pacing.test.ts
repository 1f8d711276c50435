/**
 * Sending through Chatwoot with pacing on and the tenant's default rate (60 calls a minute), as a
 * real install runs: a message may wait for its pacing token, but it must still go out — the
 * retry (the worker's `deliver` task, i.e. deliverLog) delivers it (invariant 3).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverLog } from '../../src/notifications/index.ts';
import { bookingApi } from '../booking/helpers.ts';
import { createTestContext } from '../helpers/context.ts';
import {
  chatwootThreadsOf,
  configureChatwoot,
  newPhone,
  readLog,
  sendNotification,
  sendWhileContactIsCreatedElsewhere,
  startClinicChatwoot,
} from '../helpers/chatwoot-sandbox.ts';

const chatwoot = await startClinicChatwoot();
const { sandbox, accountId } = chatwoot;
const t = await createTestContext();
afterAll(async () => {
  await t.close();
  await sandbox.close();
});

const salon = await t.newTenant({ name: 'Clínica Roma' });
const api = bookingApi(t, salon);
beforeAll(async () => {
  const saved = await configureChatwoot(t, salon.headers, chatwoot.settings());
  expect(saved.config.rateLimitPerMinute).toBe(60);
});

/** Runs the log row's retries as the worker would, each at its scheduled time, until it leaves QUEUED or `withinMs` passes. */
async function retryUntilSettled(logId: string, withinMs: number) {
  const giveUpAt = Date.now() + withinMs;
  let row = await deliverLog(t.ctx, salon.id, logId);
  while (row?.status === 'QUEUED' && Date.now() < giveUpAt) {
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, row!.scheduledAt.getTime() - Date.now())));
    row = await deliverLog(t.ctx, salon.id, logId);
  }
  return row;
}

describe('pacing at the default rate (60 a minute)', () => {
  it('back-to-back first messages to new clients, needing more calls than the bucket holds, are all delivered', async () => {
    const phones = [newPhone(), newPhone()];
    const logIds: string[] = [];
    for (const [i, phone] of phones.entries()) {
      const client = await api.newClient({ firstName: `Cliente ${i + 1}`, phone: phone.written });
      const res = await sendNotification(t, salon.headers, { type: 'CUSTOM', clientId: client.id, message: `Primer mensaje ${i + 1}` });
      expect([200, 202]).toContain(res.statusCode);
      logIds.push(res.json().logId);
    }

    // Each first contact costs 3–4 Chatwoot calls; at about one token a second, both fit in a few seconds.
    const settled = [];
    for (const logId of logIds) settled.push((await retryUntilSettled(logId, 8_000))?.status);

    expect(settled).toEqual(['SENT', 'SENT']);
    expect(phones.map((p) => chatwootThreadsOf(sandbox, accountId, p.e164).messages.map((m) => m.content))).toEqual([
      ['Primer mensaje 1'],
      ['Primer mensaje 2'],
    ]);
  });

  it('a message that has to wait for a token is QUEUED (202) with code PACED, its retry job, and no attempt counted', async () => {
    // Another Chatwoot account at the lowest limit, 4 calls a minute (burst 4, then 1 a minute): the
    // first send to a new client (inbox, filter, create, conversation) takes all 4, so the next one's
    // three tokens are minutes away — longer than an awaited send waits.
    const slow = sandbox.seedAccount({ name: 'Consultorio Lento', inboxes: [{ name: 'API', channel_type: 'Channel::Api' }] });
    const tenant = await t.newTenant({ name: 'Consultorio Lento' });
    await configureChatwoot(t, tenant.headers, { baseUrl: sandbox.url, accountId: slow.accountId, inboxId: slow.inboxes[0].id, apiToken: slow.userToken, rateLimitPerMinute: 4 });
    await sendNotification(t, tenant.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'uno' });
    const before = Date.now();

    const res = await sendNotification(t, tenant.headers, { type: 'CUSTOM', recipient: newPhone().written, message: 'dos' });

    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ success: false, status: 'QUEUED', error: 'Waiting for a pacing token' });
    const log = await readLog(t, tenant.headers, res.json().logId);
    expect(log).toMatchObject({ status: 'QUEUED', errorCode: 'PACED', attempts: 0 });
    expect(new Date(log.scheduledAt).getTime()).toBeGreaterThan(before + 30_000);
    const { rows } = await t.ctx.pool.query<{ run_at: Date }>('select run_at from graphile_worker.jobs where key = $1', [`deliver:${log.id}`]);
    expect(rows.map((r) => r.run_at.getTime())).toEqual([new Date(log.scheduledAt).getTime()]);
  });

  it('the extra look after a 422 "taken" waits for its own token: a send never makes a call it has no token for', async () => {
    // The lowest limit: a first contact's 4 calls (inbox, filter, create, conversation) take the
    // whole burst, so the one more call that "taken" needs has no token for about a minute.
    const slow = sandbox.seedAccount({ name: 'Consultorio Estrecho', inboxes: [{ name: 'API', channel_type: 'Channel::Api' }] });
    const tenant = await t.newTenant({ name: 'Consultorio Estrecho' });
    await configureChatwoot(t, tenant.headers, { baseUrl: sandbox.url, accountId: slow.accountId, inboxId: slow.inboxes[0].id, apiToken: slow.userToken, rateLimitPerMinute: 4 });
    const phone = newPhone();
    const client = await bookingApi(t, tenant).newClient({ firstName: 'Gabriela', phone: phone.written });

    const { result, calls, statuses } = await sendWhileContactIsCreatedElsewhere(
      sandbox,
      { accountId: slow.accountId, userToken: slow.userToken, phoneE164: phone.e164 },
      () => sendNotification(t, tenant.headers, { type: 'CUSTOM', clientId: client.id, message: 'Hola Gabriela' }),
    );

    expect(result.statusCode).toBe(202);
    expect(result.json()).toMatchObject({ success: false, status: 'QUEUED', error: 'Waiting for a pacing token' });
    expect(calls.map((c, i) => `${c} ${statuses[i]}`)).toEqual([
      'GET /inboxes/:id 200',
      'POST /contacts/filter 200',
      'POST /contacts 200', // the other creator's (not ours: not paced by us)
      'POST /contacts 422', // ours
    ]);
    expect(await readLog(t, tenant.headers, result.json().logId)).toMatchObject({ status: 'QUEUED', errorCode: 'PACED' });
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
