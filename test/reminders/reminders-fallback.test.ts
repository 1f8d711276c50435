/**
 * Channel fallback for lifecycle messages and reminders: a tenant whose order is
 * [CHATWOOT, EMAIL] gets an email when Chatwoot refuses for good (a revoked token answers 401),
 * and only then; a Chatwoot outage is retried on Chatwoot, never doubled by an email.
 * Chatwoot is the sandbox over HTTP; email is a real SMTP server on a loopback port.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestTenant } from '../helpers/context.ts';
import { configureChatwoot, startClinicChatwoot, UNPACED } from '../helpers/chatwoot-sandbox.ts';
import { leafParts, readMime } from '../channels/email/read-mime.ts';
import { startSmtpTestServer } from '../channels/email/smtp-test-server.ts';
import { deliverJobOf, frontDesk, logsOf, makeDue, readAppointment, runDueJobs, setNotificationSettings } from './fixture.ts';

const chatwoot = await startClinicChatwoot();
const smtp = await startSmtpTestServer();
const t = await createTestContext({ env: { ...UNPACED } });
afterAll(async () => {
  await t.close();
  await chatwoot.sandbox.close();
  await smtp.close();
});
afterEach(() => chatwoot.sandbox.setFaults({}));

/** A salon that tries Chatwoot, then email, with its Chatwoot token `apiToken`. */
async function chatwootThenEmailSalon(apiToken: string): Promise<TestTenant> {
  const salon = await t.newTenant({ name: 'Estética Roma', timezone: 'America/Mexico_City' });
  await setNotificationSettings(t, salon.headers, { channelOrder: ['CHATWOOT', 'EMAIL'], chatwootEnabled: true, emailEnabled: true });
  await configureChatwoot(t, salon.headers, chatwoot.settings({ apiToken }));
  const res = await t.app.inject({
    method: 'PUT',
    url: '/api/settings/channels/EMAIL',
    headers: salon.headers,
    payload: { provider: 'smtp', settings: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'citas@estetica-roma.example', fromName: 'Estética Roma' } },
  });
  expect(res.statusCode, res.body).toBe(200);
  return salon;
}

/** The plain-text body and subject of each mail received for `to`. */
const mailsTo = (to: string) =>
  smtp.received
    .filter((mail) => mail.to.includes(to))
    .map((mail) => {
      const mime = readMime(mail.raw);
      const plain = leafParts(mime).find((part) => part.headers.get('content-type')?.startsWith('text/plain'));
      return { subject: mime.headers.get('subject'), text: plain?.text ?? '' };
    });

describe('when Chatwoot refuses for good (401, a revoked token)', () => {
  let salon: TestTenant;
  beforeAll(async () => {
    salon = await chatwootThenEmailSalon('revoked-token-0001');
  });

  it('the confirmation fails on Chatwoot with the reason, and an EMAIL copy is queued and sent', async () => {
    const appointment = await frontDesk(t, salon).book('2030-04-02T16:00:00Z', { email: 'ana.fallback@example.com' });

    await runDueJobs(t);

    const [viaChatwoot, viaEmail] = await logsOf(t, salon.headers, appointment.id);
    expect(viaChatwoot).toMatchObject({
      idempotencyKey: `confirmation:${appointment.id}:1`,
      channel: 'CHATWOOT',
      status: 'FAILED',
      errorCode: 'CHATWOOT_UNAUTHORIZED',
      metadata: expect.objectContaining({ fallback: ['EMAIL'] }),
    });
    expect(viaChatwoot.errorMessage).toContain('401');
    expect(viaChatwoot.errorMessage).toContain('Check the API access token');
    expect(viaEmail).toMatchObject({
      idempotencyKey: `confirmation:${appointment.id}:1>EMAIL`,
      type: 'APPOINTMENT_CONFIRMATION',
      channel: 'EMAIL',
      status: 'SENT',
      recipient: 'ana.fallback@example.com',
      provider: 'smtp',
    });
    const mails = mailsTo('ana.fallback@example.com');
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Cita confirmada — Estética Roma');
    expect(mails[0].text).toContain('Hola Ana López, tu cita ha sido confirmada.');
    expect(mails[0].text).toContain('📅 Fecha: 2 de abril de 2030');
  });

  it('a reminder falls back to email too, and the email counts as the reminder being sent', async () => {
    const appointment = await frontDesk(t, salon).book('2030-04-03T16:00:00Z', { email: 'bea.fallback@example.com' });
    await runDueJobs(t); // the confirmation, by email

    await makeDue(t, `reminder:${appointment.id}:1440`);
    await runDueJobs(t);

    const key = `reminder:${appointment.id}:1440:2030-04-03T16:00:00.000Z`;
    const reminders = (await logsOf(t, salon.headers, appointment.id)).filter((l) => l.type === 'APPOINTMENT_REMINDER');
    expect(reminders.map((l) => [l.idempotencyKey, l.channel, l.status, l.errorCode])).toEqual([
      [key, 'CHATWOOT', 'FAILED', 'CHATWOOT_UNAUTHORIZED'],
      [`${key}>EMAIL`, 'EMAIL', 'SENT', null],
    ]);
    // The fallback keeps the reminder's deadline: it is no use after the appointment started.
    expect(reminders[1].deadlineAt).toBe('2030-04-03T16:00:00.000Z');
    expect(mailsTo('bea.fallback@example.com').map((m) => m.subject)).toEqual([
      'Cita confirmada — Estética Roma',
      'Recordatorio de tu cita — Estética Roma',
    ]);
    expect((await readAppointment(t, salon.headers, appointment.id)).reminderSentAt).not.toBeNull();
  });

  it('a reschedule notice sent by email still says when the appointment was before', async () => {
    const desk = frontDesk(t, salon);
    const appointment = await desk.book('2030-04-04T16:00:00Z', { email: 'carla.fallback@example.com' });
    await desk.reschedule(appointment.id, '2030-04-05T17:00:00Z');

    await runDueJobs(t);

    const notice = mailsTo('carla.fallback@example.com').find((m) => m.subject === 'Cita reagendada — Estética Roma');
    expect(notice?.text).toContain('Antes: 4 de abril de 2030, 10:00 a.m.');
    expect(notice?.text).toContain('Nueva fecha: 5 de abril de 2030');
    expect(notice?.text).toContain('Nueva hora: 11:00 a.m.');
  });
});

describe('when Chatwoot is down for a while (503)', () => {
  it('the message stays on Chatwoot, QUEUED for a retry, and no email is sent', async () => {
    const salon = await chatwootThenEmailSalon(chatwoot.account.userToken);
    const appointment = await frontDesk(t, salon).book('2030-04-06T16:00:00Z', { email: 'diana.outage@example.com' });
    chatwoot.sandbox.setFaults({ outage: true });
    const before = Date.now();

    await runDueJobs(t);

    const logs = await logsOf(t, salon.headers, appointment.id);
    expect(logs.map((l) => [l.idempotencyKey, l.channel, l.status, l.errorCode])).toEqual([
      [`confirmation:${appointment.id}:1`, 'CHATWOOT', 'QUEUED', 'CHATWOOT_SERVER_ERROR'],
    ]);
    const retry = await deliverJobOf(t, logs[0].id);
    // The first retry waits 2.5–5 s (backoff with jitter).
    expect(retry?.run_at.getTime()).toBeGreaterThanOrEqual(before + 2_000);
    expect(mailsTo('diana.outage@example.com')).toEqual([]);
  });
});
