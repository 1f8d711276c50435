/**
 * A tenant whose Chatwoot inbox is a WhatsApp inbox: outside the 24-hour window (and a new
 * conversation is always outside it) WhatsApp only delivers approved templates, so a message
 * goes as `template_params` when the tenant mapped a template to its type, and fails for good,
 * saying how to fix it, when it did not. Never a "success" that WhatsApp then drops.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bookingApi } from '../booking/helpers.ts';
import {
  callsDuring,
  chatwootThreadsOf,
  configureChatwoot,
  newPhone,
  readLog,
  sendNotification,
  clinicTestbed,
} from '../helpers/chatwoot-sandbox.ts';

const { t, chatwoot, sandbox, accountId } = await clinicTestbed();

const salon = await t.newTenant({ name: 'Clínica Roma' });
const api = bookingApi(t, salon);
const threadsOf = (phone: string) => chatwootThreadsOf(sandbox, accountId, phone);

beforeAll(async () => {
  await configureChatwoot(
    t,
    salon.headers,
    chatwoot.settings({
      inboxId: chatwoot.whatsappInbox.id,
      whatsappTemplates: { APPOINTMENT_REMINDER: { name: 'appointment_reminder', language: 'es_MX' } },
    }),
  );
});

/** A client with an appointment on 14 March 2030 at 10:00 in Mexico City. */
async function bookedClient() {
  const phone = newPhone();
  const client = await api.newClient({ firstName: 'Ana', lastName: 'López', phone: phone.written });
  const service = await api.newService({ name: 'Corte de cabello' });
  const appointment = await api.newAppointment({ clientId: client.id, serviceId: service.id, startTime: '2030-03-14T16:00:00Z' });
  return { phone, client, appointment };
}

describe('WhatsApp inbox, outside the 24-hour window', () => {
  it('a first message of a type with no template mapped fails with WHATSAPP_TEMPLATE_REQUIRED and says how to fix it', async () => {
    const { phone, appointment } = await bookedClient();
    const res = await sendNotification(t, salon.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });

    expect(res.statusCode).toBe(200);
    const expectedError =
      'This WhatsApp conversation is outside the 24-hour window, so only an approved template can be sent, and none is configured for this notification type. Add it under whatsappTemplates in PUT /api/settings/chatwoot.';
    expect(res.json()).toEqual({ success: false, logId: expect.any(String), error: expectedError, status: 'FAILED' });
    expect(await readLog(t, salon.headers, res.json().logId)).toMatchObject({
      status: 'FAILED',
      errorCode: 'WHATSAPP_TEMPLATE_REQUIRED',
      errorMessage: expectedError,
      providerMessageId: null,
    });
    expect(threadsOf(phone.e164).conversations).toEqual([]);
  });

  it('a type with a mapped template goes as template_params with its numbered body parameters, and WhatsApp accepts it', async () => {
    const { phone, appointment } = await bookedClient();
    const res = await sendNotification(t, salon.headers, { type: 'APPOINTMENT_REMINDER', appointmentId: appointment.id });

    expect(res.json()).toMatchObject({ success: true, status: 'SENT' });
    const { conversations } = threadsOf(phone.e164);
    expect(conversations).toHaveLength(1);
    expect(conversations[0].inboxId).toBe(chatwoot.whatsappInbox.id);
    const [message] = conversations[0].messages;
    expect(message.additional_attributes).toEqual({
      template_params: {
        name: 'appointment_reminder',
        language: 'es_MX',
        processed_params: { body: { '1': 'Ana López', '2': '14 de marzo de 2030', '3': '10:00 a.m.', '4': 'Corte de cabello' } },
      },
    });
    // The sandbox, like Chatwoot's send job, marks a message WhatsApp refused as failed.
    expect(message.status).toBe('sent');
    expect(message.content_attributes).not.toHaveProperty('external_error');
    expect(message.content).toBe(
      '⏱ *Recordatorio de Cita*\n\nHola Ana López, te recordamos que tienes una cita:\n\n📅 14 de marzo de 2030\n⏱ 10:00 a.m.\n💼 Corte de cabello\n\n¡No olvides asistir!',
    );
    expect(res.json().messageId).toBe(String(message.id));
  });

  it('an existing conversation whose window is closed still needs a template: nothing is sent without one', async () => {
    const { phone, client, appointment } = await bookedClient();
    await sendNotification(t, salon.headers, { type: 'APPOINTMENT_REMINDER', appointmentId: appointment.id });

    const { result: res, calls } = await callsDuring(sandbox, () =>
      sendNotification(t, salon.headers, { type: 'CUSTOM', clientId: client.id, message: 'Texto libre' }),
    );

    expect(res.json()).toMatchObject({ success: false, status: 'FAILED' });
    expect((await readLog(t, salon.headers, res.json().logId)).errorCode).toBe('WHATSAPP_TEMPLATE_REQUIRED');
    expect(calls).toEqual([]);
    expect(threadsOf(phone.e164).messages).toHaveLength(1);
  });

  it('the connection test counts the approved templates and the mapped ones', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/settings/chatwoot/test', headers: salon.headers });
    expect(res.json().checks.at(-1)).toEqual({
      name: 'inbox',
      ok: true,
      detail: 'Inbox "Clinic WhatsApp" (Channel::Whatsapp): 1 approved WhatsApp templates, 1 mapped to notification types',
    });
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
