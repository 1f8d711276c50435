/**
 * What the client reads, checked where it arrives (the Chatwoot sandbox): the template rendered
 * through the whole pipeline — empty variables leave no "undefined" and no empty line, a tenant's
 * own template replaces the default, English clients get English — and, with interactive
 * confirmations on, Confirmar / Reagendar / Cancelar choices.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bookingApi } from '../booking/helpers.ts';
import {
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
beforeAll(async () => {
  await configureChatwoot(t, salon.headers, chatwoot.settings());
});

/** The messages one phone received in Chatwoot, oldest first. */
const received = (phone: string) => chatwootThreadsOf(sandbox, accountId, phone).messages;

/** A client (with `clientInput`) booked for 14 March 2030 at 10:00 in Mexico City. */
async function booking(clientInput: Record<string, unknown>, serviceName = 'Corte de cabello') {
  const phone = newPhone();
  const client = await api.newClient({ ...clientInput, phone: phone.written });
  const service = await api.newService({ name: serviceName });
  const appointment = await api.newAppointment({ clientId: client.id, serviceId: service.id, startTime: '2030-03-14T16:00:00Z' });
  return { phone, client, appointment };
}

describe('templates through the pipeline', () => {
  it('a variable with no value renders empty and its line is left out — never "undefined"', async () => {
    const phone = newPhone();
    const res = await sendNotification(t, salon.headers, {
      type: 'APPOINTMENT_CONFIRMATION',
      recipient: phone.written,
      variables: { clientName: 'Ana', appointmentDate: '15 de Noviembre, 2025', appointmentTime: '10:00 AM', serviceName: 'Manicure' },
    });

    expect(res.json()).toMatchObject({ success: true });
    const expected = '✅ *Cita Confirmada*\n\nHola Ana, tu cita ha sido confirmada.\n\n📅 Fecha: 15 de Noviembre, 2025\n⏰ Hora: 10:00 AM\n💼 Servicio: Manicure\n\n¡Te esperamos!';
    expect(received(phone.e164).map((m) => m.content)).toEqual([expected]);
    expect((await readLog(t, salon.headers, res.json().logId)).message).toBe(expected);
  });

  it("the tenant's own template is used instead of the default", async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/templates',
      headers: salon.headers,
      payload: {
        name: 'Confirmación Clínica Roma',
        type: 'APPOINTMENT_CONFIRMATION',
        locale: 'es-MX',
        body: '{{ client.firstName }}, te esperamos el {{ appointment.date }} a las {{ appointment.time }} para tu {{ service.name }}.\nProfesional: {{ professional.name }}\n— Clínica Roma',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { phone, appointment } = await booking({ firstName: 'Lucía', lastName: 'Torres' }, 'Limpieza facial');

    const res = await sendNotification(t, salon.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });

    expect(res.json()).toMatchObject({ success: true });
    expect(received(phone.e164).map((m) => m.content)).toEqual([
      'Lucía, te esperamos el 14 de marzo de 2030 a las 10:00 a.m. para tu Limpieza facial.\n— Clínica Roma',
    ]);
  });

  it('a client whose language is English gets the English text (the Spanish override does not apply)', async () => {
    const { phone, appointment } = await booking({ firstName: 'Emma', lastName: 'Stone', locale: 'en' }, 'Haircut');

    const res = await sendNotification(t, salon.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });

    expect(res.json()).toMatchObject({ success: true });
    expect(received(phone.e164).map((m) => m.content)).toEqual([
      '✅ *Appointment Confirmed*\n\nHi Emma Stone, your appointment has been confirmed.\n\n📅 Date: March 14, 2030\n⏰ Time: 10:00 AM\n💼 Service: Haircut\n\nWe look forward to seeing you!',
    ]);
  });
});

describe('interactive confirmations', () => {
  it('off (the default): the confirmation is plain text', async () => {
    const { phone, appointment } = await booking({ firstName: 'Marta' });
    await sendNotification(t, salon.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });
    expect(received(phone.e164)).toMatchObject([{ content_type: 'text', content_attributes: {} }]);
  });

  it('on: the confirmation goes as input_select with Confirmar / Reagendar / Cancelar, and so does a reminder in the same conversation', async () => {
    const tenant = await t.newTenant({ name: 'Estética Luna' });
    const tenantApi = bookingApi(t, tenant);
    await configureChatwoot(t, tenant.headers, chatwoot.settings());
    const settings = await t.app.inject({ method: 'PUT', url: '/api/settings/notifications', headers: tenant.headers, payload: { interactiveConfirmations: true } });
    expect(settings.json()).toMatchObject({ interactiveConfirmations: true });
    const phone = newPhone();
    const client = await tenantApi.newClient({ firstName: 'Nadia', phone: phone.written });
    const appointment = await tenantApi.newAppointment({ clientId: client.id, startTime: '2030-03-14T16:00:00Z' });

    for (const type of ['APPOINTMENT_CONFIRMATION', 'APPOINTMENT_REMINDER']) {
      const res = await sendNotification(t, tenant.headers, { type, appointmentId: appointment.id });
      expect(res.json(), type).toMatchObject({ success: true });
    }

    const choices = {
      items: [
        { title: 'Confirmar', value: `appt:${appointment.id}:confirm` },
        { title: 'Reagendar', value: `appt:${appointment.id}:reschedule` },
        { title: 'Cancelar', value: `appt:${appointment.id}:cancel` },
      ],
    };
    const { conversations } = chatwootThreadsOf(sandbox, accountId, phone.e164);
    expect(conversations).toHaveLength(1);
    expect(conversations[0].messages).toMatchObject([
      { content_type: 'input_select', content_attributes: choices, content: expect.stringContaining('*Cita Confirmada*') },
      { content_type: 'input_select', content_attributes: choices, content: expect.stringContaining('*Recordatorio de Cita*') },
    ]);
  });

  it('on, for an English client: Confirm / Reschedule / Cancel', async () => {
    const tenant = await t.newTenant({ name: 'Spa Sol' });
    const tenantApi = bookingApi(t, tenant);
    await configureChatwoot(t, tenant.headers, chatwoot.settings());
    await t.app.inject({ method: 'PUT', url: '/api/settings/notifications', headers: tenant.headers, payload: { interactiveConfirmations: true } });
    const phone = newPhone();
    const client = await tenantApi.newClient({ firstName: 'Liam', locale: 'en', phone: phone.written });
    const appointment = await tenantApi.newAppointment({ clientId: client.id });

    await sendNotification(t, tenant.headers, { type: 'APPOINTMENT_CONFIRMATION', appointmentId: appointment.id });

    expect(received(phone.e164)[0].content_attributes).toEqual({
      items: [
        { title: 'Confirm', value: `appt:${appointment.id}:confirm` },
        { title: 'Reschedule', value: `appt:${appointment.id}:reschedule` },
        { title: 'Cancel', value: `appt:${appointment.id}:cancel` },
      ],
    });
  });
});

it('no request left the Chatwoot contract', () => {
  expect(sandbox.contractViolations).toEqual([]);
});
