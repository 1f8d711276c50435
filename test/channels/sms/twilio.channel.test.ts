import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../../src/channels/channel.ts';
import { createProviderChannel, type ProviderOptions } from '../../../src/channels/providers.ts';
import { startFakeTwilio, type FakeTwilio } from '../../fakes/twilio.fake.ts';
import { captureLogger } from '../capture-logger.ts';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const SERVICE_SID = `MG${'fedcba9876543210'.repeat(2)}`;
const AUTH_TOKEN = 'tw-auth-9f8e7d6c5b4a39281706f5e4d3c2b1a0';
const FROM = '+15005550006';
const CLIENT = '+5215512345678';
const UNSUBSCRIBED = '+5215500000001';
const LANDLINE = '+525550000002';

let fake: FakeTwilio;

beforeAll(async () => {
  fake = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, unsubscribed: [UNSUBSCRIBED], landlines: [LANDLINE] });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function twilio(settings: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}, options: ProviderOptions = {}) {
  return createProviderChannel(
    'twilio',
    { accountSid: ACCOUNT_SID, from: FROM, baseUrl: fake.baseUrl, ...settings },
    { authToken: AUTH_TOKEN, ...secrets },
    { timeoutMs: 2_000, ...options },
  );
}

const failure = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('Twilio SMS: sending', () => {
  it('posts To, From and Body form-encoded with Basic auth and returns the message SID', async () => {
    const outcome = await twilio().send({ to: CLIENT, text: 'Hola Ana, tu cita es mañana a las 10:00 ✂️' });

    expect(outcome).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/), raw: { status: 'queued' } });
    expect(fake.requests).toHaveLength(1);
    const [request] = fake.requests;
    expect(request.method).toBe('POST');
    expect(request.url).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const credentials = Buffer.from(String(request.headers.authorization).replace(/^Basic /, ''), 'base64').toString();
    expect(credentials).toBe(`${ACCOUNT_SID}:${AUTH_TOKEN}`);
    expect(request.body).toEqual({ To: CLIENT, From: FROM, Body: 'Hola Ana, tu cita es mañana a las 10:00 ✂️' });
  });

  it('lets a Messaging Service pick the sender when one is configured', async () => {
    const outcome = await twilio({ from: undefined, messagingServiceSid: SERVICE_SID }).send({ to: CLIENT, text: 'Recordatorio' });

    expect(outcome).toMatchObject({ ok: true, raw: { status: 'accepted' } });
    expect(fake.requests[0].body).toEqual({ To: CLIENT, MessagingServiceSid: SERVICE_SID, Body: 'Recordatorio' });
  });

  it('refuses a recipient that is not E.164 without calling Twilio', async () => {
    const outcome = failure(await twilio().send({ to: '55 1234 5678', text: 'Hola' }));

    expect(outcome).toMatchObject({ kind: 'permanent', code: 'TWILIO_INVALID_RECIPIENT' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('Twilio SMS: error classification', () => {
  it.each([
    { case: 'a number Twilio calls invalid (21211)', to: CLIENT, arrange: () => fake.failNextWith(21211), kind: 'permanent', code: 'TWILIO_21211' },
    { case: 'a client who replied STOP (21610)', to: UNSUBSCRIBED, arrange: () => {}, kind: 'permanent', code: 'TWILIO_21610' },
    { case: 'a landline (21614)', to: LANDLINE, arrange: () => {}, kind: 'permanent', code: 'TWILIO_21614' },
    { case: 'a 429 rate limit (20429)', to: CLIENT, arrange: () => fake.failNextWith(20429), kind: 'transient', code: 'TWILIO_20429' },
    { case: 'a Twilio 500 (20500)', to: CLIENT, arrange: () => fake.failNextWith(20500), kind: 'transient', code: 'TWILIO_20500' },
    {
      case: 'a 503 from a proxy, with an HTML body',
      to: CLIENT,
      arrange: () => fake.replyNextWith({ status: 503, body: '<html><body>Service Unavailable</body></html>', headers: { 'content-type': 'text/html' } }),
      kind: 'transient',
      code: 'TWILIO_HTTP_503',
    },
  ])('$case is $kind', async ({ to, arrange, kind, code }) => {
    arrange();
    const outcome = failure(await twilio().send({ to, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind, code });
  });

  it('explains an unsubscribed recipient in words an operator understands', async () => {
    const outcome = failure(await twilio().send({ to: UNSUBSCRIBED, text: 'Hola' }));
    expect(outcome.message).toMatch(/replied STOP/);
  });

  it('a wrong Auth Token is permanent (20003)', async () => {
    const outcome = failure(await twilio({}, { authToken: 'not-the-token' }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'TWILIO_20003' });
    expect(outcome.message).toMatch(/Account SID and Auth Token/);
  });

  it('an unknown Twilio code falls back to its HTTP status (a 400 is permanent)', async () => {
    const outcome = failure(await twilio().send({ to: CLIENT, text: 'x'.repeat(1601) }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'TWILIO_21617' });
  });

  it('takes the earliest retry time from Retry-After on a 429', async () => {
    fake.failNextWith(20429, { 'retry-after': '30' });
    const before = Date.now();
    const outcome = failure(await twilio().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome.retryAfter?.getTime()).toBeGreaterThanOrEqual(before + 30_000);
    expect(outcome.retryAfter?.getTime()).toBeLessThan(before + 35_000);
  });

  it('a Twilio that does not answer in time is a transient timeout', async () => {
    fake.stallNext(1_000);
    const outcome = failure(await twilio({}, {}, { timeoutMs: 150 }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'TWILIO_TIMEOUT' });
  });

  it('an unreachable Twilio is a transient network failure', async () => {
    const gone = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
    await gone.close();
    const outcome = failure(await twilio({ baseUrl: gone.baseUrl }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'TWILIO_NETWORK' });
    expect(outcome.message).toMatch(/ECONNREFUSED/);
  });

  it('a 201 without a message SID is permanent, so the message is not sent twice', async () => {
    fake.replyNextWith({ status: 201, body: { status: 'queued' } });
    const outcome = failure(await twilio().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'TWILIO_UNEXPECTED_RESPONSE' });
  });
});

describe('Twilio SMS: test()', () => {
  it('passes for an active account and reads it with the same credentials', async () => {
    const result = await twilio().test();

    expect(result).toEqual({ ok: true, checks: [{ name: 'Twilio account', ok: true, detail: 'Salon Demo (Full) is active' }] });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', url: `/2010-04-01/Accounts/${ACCOUNT_SID}.json` });
  });

  it('fails for a suspended account, with a hint', async () => {
    const suspended = await startFakeTwilio({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, accountStatus: 'suspended' });
    try {
      const result = await twilio({ baseUrl: suspended.baseUrl }).test();
      expect(result.ok).toBe(false);
      expect(result.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('suspended'), hint: expect.stringContaining('reactivate') });
    } finally {
      await suspended.close();
    }
  });

  it('fails for wrong credentials, pointing at them', async () => {
    const result = await twilio({}, { authToken: 'wrong' }).test();
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('20003'), hint: expect.stringContaining('Auth Token') });
  });
});

describe('Twilio SMS: the Auth Token never leaks', () => {
  it('is scrubbed from outcomes, test() results and log lines, even when Twilio echoes it', async () => {
    const { logger, lines } = captureLogger();
    const channel = twilio({}, {}, { logger, timeoutMs: 150 });
    fake.replyNextWith({ status: 400, body: { code: 21211, message: `Invalid 'To' for token ${AUTH_TOKEN}`, status: 400 } });
    fake.failNextWith(20429);
    fake.stallNext(1_000);
    const produced = [
      await channel.send({ to: CLIENT, text: 'Hola' }),
      await channel.send({ to: CLIENT, text: 'Hola' }),
      await channel.send({ to: CLIENT, text: 'Hola' }),
      await channel.send({ to: UNSUBSCRIBED, text: 'Hola' }),
      // The Account resource Twilio returns includes auth_token.
      await channel.test(),
    ];

    expect(JSON.stringify(produced)).toContain('[redacted]');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(produced)).not.toContain(AUTH_TOKEN);
    expect(lines.join('\n')).not.toContain(AUTH_TOKEN);
  });
});
