import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../../src/channels/channel.ts';
import { createProviderChannel, type ProviderOptions } from '../../../src/channels/providers.ts';
import { startFakeEvolution, type FakeEvolution } from '../../fakes/evolution.fake.ts';
import { captureLogger } from '../capture-logger.ts';

const API_KEY = 'evo-global-key-B6D711FCDE4D4FD5936544120E713976';
const CLIENT = '+5215512345678';
const NO_WHATSAPP = '+5215500000009';

let fake: FakeEvolution;

beforeAll(async () => {
  fake = await startFakeEvolution({
    apiKey: API_KEY,
    instances: { 'salon-centro': 'open', 'salon-norte': 'close' },
    notOnWhatsApp: ['5215500000009'],
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function evolution(settings: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}, options: ProviderOptions = {}) {
  return createProviderChannel(
    'evolution',
    { baseUrl: fake.baseUrl, instance: 'salon-centro', ...settings },
    { apiKey: API_KEY, ...secrets },
    { timeoutMs: 2_000, ...options },
  );
}

const failure = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('Evolution API: sending', () => {
  it('posts the number as bare digits and the text, with the apikey header, and returns the message key id', async () => {
    const outcome = await evolution().send({ to: CLIENT, text: 'Hola Ana, tu cita es mañana a las 10:00' });

    expect(outcome).toMatchObject({
      ok: true,
      providerMessageId: expect.stringMatching(/^3EB0[0-9A-F]+$/),
      raw: { remoteJid: '5215512345678@s.whatsapp.net', status: 'PENDING' },
    });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', url: '/message/sendText/salon-centro' });
    expect(request.headers.apikey).toBe(API_KEY);
    expect(request.body).toEqual({ number: '5215512345678', text: 'Hola Ana, tu cita es mañana a las 10:00' });
  });

  it('keeps a base URL path prefix, and a 404 for a wrong URL is not mistaken for a missing instance', async () => {
    // The fake serves from the root, so the prefixed path is an unknown route there.
    const outcome = failure(await evolution({ baseUrl: `${fake.baseUrl}/evolution/` }).send({ to: CLIENT, text: 'Hola' }));
    expect(fake.requests[0].url).toBe('/evolution/message/sendText/salon-centro');
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_HTTP_404' });
  });
});

describe('Evolution API: error classification', () => {
  it('a number without WhatsApp (400, exists:false) is permanent', async () => {
    const outcome = failure(await evolution().send({ to: NO_WHATSAPP, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_NOT_ON_WHATSAPP' });
  });

  it('a wrong API key (401) is permanent', async () => {
    const outcome = failure(await evolution({}, { apiKey: 'wrong' }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_UNAUTHORIZED' });
  });

  it('a 403 is permanent too', async () => {
    fake.failNextWith(403, ['Missing global api key']);
    const outcome = failure(await evolution().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_UNAUTHORIZED' });
  });

  it('an unknown instance (404) is permanent', async () => {
    const outcome = failure(await evolution({ instance: 'salon-sur' }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_INSTANCE_NOT_FOUND' });
    expect(outcome.message).toContain('salon-sur');
  });

  it('another 400 is permanent', async () => {
    fake.failNextWith(400, ['instance requires property "text"']);
    const outcome = failure(await evolution().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_HTTP_400' });
  });

  it('a 500 (e.g. the WhatsApp session dropped) is transient', async () => {
    fake.failNextWith(500, 'Connection Closed');
    const outcome = failure(await evolution().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'EVOLUTION_HTTP_500' });
    expect(outcome.message).toContain('Connection Closed');
  });

  it('a server that does not answer in time is a transient timeout', async () => {
    fake.stallNext(1_000);
    const outcome = failure(await evolution({}, {}, { timeoutMs: 150 }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'EVOLUTION_TIMEOUT' });
  });

  it('refuses a recipient that is not E.164 without calling Evolution', async () => {
    const outcome = failure(await evolution().send({ to: '+52 55 1234', text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'EVOLUTION_INVALID_RECIPIENT' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('Evolution API: test()', () => {
  it('passes when the instance is connected', async () => {
    const result = await evolution().test();
    expect(result).toEqual({ ok: true, checks: [{ name: 'Evolution instance', ok: true, detail: 'instance "salon-centro" is open' }] });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', url: '/instance/connectionState/salon-centro' });
  });

  it('fails when the phone is disconnected, asking for the QR code', async () => {
    const result = await evolution({ instance: 'salon-norte' }).test();
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ ok: false, detail: 'instance "salon-norte" is close', hint: expect.stringContaining('QR') });
  });

  it('fails with a wrong key, pointing at the configuration', async () => {
    const result = await evolution({}, { apiKey: 'wrong' }).test();
    expect(result.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('API key'), hint: expect.stringContaining('API key') });
  });
});

describe('Evolution API: the API key never leaks', () => {
  it('is scrubbed from outcomes and log lines when the server echoes it back', async () => {
    const { logger, lines } = captureLogger();
    const channel = evolution({}, {}, { logger });
    fake.failNextWith(401, `invalid apikey ${API_KEY}`);
    fake.failNextWith(500, { headers: { apikey: API_KEY } });
    const produced = [await channel.send({ to: CLIENT, text: 'Hola' }), await channel.send({ to: CLIENT, text: 'Hola' }), await channel.test()];

    expect(JSON.stringify(produced)).toContain('[redacted]');
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(produced)).not.toContain(API_KEY);
    expect(lines.join('\n')).not.toContain(API_KEY);
  });
});
