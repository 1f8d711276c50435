import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../../src/channels/channel.ts';
import { createProviderChannel, type ProviderOptions } from '../../../src/channels/providers.ts';
import { startFakeWhatsAppCloud, type CloudApiErrorCode, type FakeWhatsAppCloud } from '../../fakes/whatsapp-cloud.fake.ts';
import { captureLogger } from '../capture-logger.ts';

const PHONE_NUMBER_ID = '106540352242922';
const ACCESS_TOKEN = 'EAAGm0PX4ZCpsBAKZAtestTOKEN0123456789abcdefZBZCZD';
const CLIENT = '+5215512345678';
const SILENT_CLIENT = '+5215587654321';

let fake: FakeWhatsAppCloud;

beforeAll(async () => {
  fake = await startFakeWhatsAppCloud({
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: ACCESS_TOKEN,
    verifiedName: 'Estética Luna',
    templates: [{ name: 'appointment_reminder', language: 'es_MX', bodyParams: 2 }],
    outsideWindow: [SILENT_CLIENT],
  });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
});

function cloudApi(settings: Record<string, unknown> = {}, secrets: Record<string, unknown> = {}, options: ProviderOptions = {}) {
  return createProviderChannel(
    'whatsapp_cloud',
    { phoneNumberId: PHONE_NUMBER_ID, apiVersion: 'v21.0', baseUrl: fake.baseUrl, ...settings },
    { accessToken: ACCESS_TOKEN, ...secrets },
    { timeoutMs: 2_000, ...options },
  );
}

const failure = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('WhatsApp Cloud API: sending', () => {
  it('posts a text message with the Bearer token and returns the wamid', async () => {
    const outcome = await cloudApi().send({ to: CLIENT, text: 'Hola Ana, tu cita es *mañana* a las 10:00' });

    expect(outcome).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^wamid\./), raw: { waId: '5215512345678' } });
    const [request] = fake.requests;
    expect(request).toMatchObject({ method: 'POST', url: `/v21.0/${PHONE_NUMBER_ID}/messages` });
    expect(request.headers.authorization).toBe(`Bearer ${ACCESS_TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: CLIENT,
      type: 'text',
      text: { body: 'Hola Ana, tu cita es *mañana* a las 10:00' },
    });
  });

  it('sends the approved template, with its body parameters, when one is given', async () => {
    const outcome = await cloudApi().send({
      to: SILENT_CLIENT,
      text: 'Recordatorio de cita',
      whatsappTemplate: { name: 'appointment_reminder', language: 'es_MX', bodyParams: ['Ana', 'mañana 10:00'] },
    });

    expect(outcome).toMatchObject({ ok: true, raw: { status: 'accepted' } });
    expect(fake.requests[0].body).toMatchObject({
      type: 'template',
      template: {
        name: 'appointment_reminder',
        language: { code: 'es_MX' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: 'mañana 10:00' }] }],
      },
    });
  });

  it('renders up to three choices as reply buttons, ids carrying the values and titles cut to 20 characters', async () => {
    const outcome = await cloudApi().send({
      to: CLIENT,
      text: '¿Confirmas tu cita de mañana?',
      choices: [
        { title: 'Confirmar', value: 'confirm' },
        { title: 'Cancelar mi cita por favor', value: 'cancel' },
      ],
    });

    expect(outcome.ok).toBe(true);
    expect(fake.requests[0].body).toMatchObject({
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: '¿Confirmas tu cita de mañana?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'confirm', title: 'Confirmar' } },
            { type: 'reply', reply: { id: 'cancel', title: 'Cancelar mi cita po…' } },
          ],
        },
      },
    });
  });

  it('sends the text alone when there are more choices than buttons', async () => {
    const choices = ['1', '2', '3', '4'].map((value) => ({ title: `Opción ${value}`, value }));
    const outcome = await cloudApi().send({ to: CLIENT, text: 'Responde 1, 2, 3 o 4', choices });

    expect(outcome.ok).toBe(true);
    expect(fake.requests[0].body).toMatchObject({ type: 'text', text: { body: 'Responde 1, 2, 3 o 4' } });
  });
});

describe('WhatsApp Cloud API: error classification', () => {
  it.each<{ code: CloudApiErrorCode; kind: 'transient' | 'permanent' }>([
    { code: 130429, kind: 'transient' },
    { code: 131048, kind: 'transient' },
    { code: 131056, kind: 'transient' },
    { code: 1, kind: 'transient' },
    { code: 2, kind: 'transient' },
    { code: 4, kind: 'transient' },
    { code: 80007, kind: 'transient' },
    { code: 131000, kind: 'transient' },
    { code: 190, kind: 'permanent' },
    { code: 100, kind: 'permanent' },
    { code: 131026, kind: 'permanent' },
    { code: 132000, kind: 'permanent' },
    { code: 132001, kind: 'permanent' },
    { code: 133010, kind: 'permanent' },
  ])('Meta error $code is $kind', async ({ code, kind }) => {
    fake.failNextWith(code);
    const outcome = failure(await cloudApi().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind, code: `WHATSAPP_CLOUD_${code}` });
    expect(outcome.message).toMatch(/fbtrace_id/);
  });

  it('outside the 24-hour window (131047) is permanent and says a template is needed', async () => {
    const outcome = failure(await cloudApi().send({ to: SILENT_CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_131047' });
    expect(outcome.message).toMatch(/template/);
  });

  it('a template with the wrong number of parameters is permanent (132000)', async () => {
    const outcome = failure(
      await cloudApi().send({
        to: CLIENT,
        text: 'Recordatorio',
        whatsappTemplate: { name: 'appointment_reminder', language: 'es_MX', bodyParams: ['Ana'] },
      }),
    );
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_132000' });
  });

  it('a template that is not approved in that language is permanent (132001)', async () => {
    const outcome = failure(
      await cloudApi().send({ to: CLIENT, text: 'Reminder', whatsappTemplate: { name: 'appointment_reminder', language: 'en_US', bodyParams: ['Ana', 'x'] } }),
    );
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_132001' });
  });

  it('an invalid access token is permanent (190)', async () => {
    const outcome = failure(await cloudApi({}, { accessToken: 'EAAexpired' }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_190' });
    expect(outcome.message).toMatch(/access token/);
  });

  it('an unknown phone number id is an invalid parameter (100)', async () => {
    const outcome = failure(await cloudApi({ phoneNumberId: '999' }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_100' });
  });

  it('an unknown code falls back to the HTTP status', async () => {
    fake.replyNextWith({ status: 400, body: { error: { message: '(#131009) Parameter value is not valid', code: 131009 } } });
    const outcome = failure(await cloudApi().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_131009' });
  });

  it('a gateway error without a Graph body is transient', async () => {
    fake.replyNextWith({ status: 502, body: 'Bad Gateway' });
    const outcome = failure(await cloudApi().send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'WHATSAPP_CLOUD_HTTP_502' });
  });

  it('a Graph API that does not answer in time is a transient timeout', async () => {
    fake.stallNext(1_000);
    const outcome = failure(await cloudApi({}, {}, { timeoutMs: 150 }).send({ to: CLIENT, text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'WHATSAPP_CLOUD_TIMEOUT' });
  });

  it('refuses a recipient that is not E.164 without calling Meta', async () => {
    const outcome = failure(await cloudApi().send({ to: '5512345678', text: 'Hola' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'WHATSAPP_CLOUD_INVALID_RECIPIENT' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('WhatsApp Cloud API: test()', () => {
  it('passes and names the business number it sends as', async () => {
    const result = await cloudApi().test();

    expect(result).toEqual({
      ok: true,
      checks: [{ name: 'WhatsApp phone number', ok: true, detail: 'Sending as +52 55 1234 5678 (Estética Luna), quality GREEN' }],
    });
    expect(fake.requests[0]).toMatchObject({ method: 'GET', url: expect.stringMatching(new RegExp(`^/v21\\.0/${PHONE_NUMBER_ID}\\?fields=`)) });
  });

  it('fails with an expired token and says what to check', async () => {
    const result = await cloudApi({}, { accessToken: 'EAAexpired' }).test();
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('190'), hint: expect.stringContaining('access token') });
  });

  it('fails softly when Meta is down: the hint is to try again', async () => {
    fake.failNextWith(2);
    const result = await cloudApi().test();
    expect(result.checks[0]).toMatchObject({ ok: false, hint: expect.stringContaining('try again') });
  });
});

describe('WhatsApp Cloud API: the access token never leaks', () => {
  it('is scrubbed from outcomes and log lines when Meta echoes it back', async () => {
    const { logger, lines } = captureLogger();
    const channel = cloudApi({}, {}, { logger });
    fake.replyNextWith({
      status: 400,
      body: { error: { message: `Malformed access token ${ACCESS_TOKEN}`, type: 'OAuthException', code: 190, fbtrace_id: 'x' } },
    });
    fake.replyNextWith({ status: 400, body: { error: { message: `(#100) bad token ${encodeURIComponent(ACCESS_TOKEN)}`, code: 100 } } });
    const produced = [await channel.send({ to: CLIENT, text: 'Hola' }), await channel.send({ to: CLIENT, text: 'Hola' })];

    expect(JSON.stringify(produced)).toContain('[redacted]');
    expect(lines).toHaveLength(2);
    expect(JSON.stringify(produced)).not.toContain(ACCESS_TOKEN);
    expect(lines.join('\n')).not.toContain(ACCESS_TOKEN);
  });
});
