import { afterAll, describe, expect, it } from 'vitest';
import { bookingApi } from '../booking/helpers.ts';
import { createTestContext, type TestTenant } from '../helpers/context.ts';

const t = await createTestContext();
afterAll(() => t.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Headers = { authorization: string };

const call = (headers: Headers, method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: Json) =>
  t.app.inject({ method, url, headers, payload });

const reminder = {
  name: 'Recordatorio',
  type: 'APPOINTMENT_REMINDER',
  locale: 'es-MX',
  subject: 'Tu cita en {{ tenant.name }}',
  body: 'Hola {{ client.firstName }}\n\nTe esperamos {{ appointment.relativeDay }} a las {{ appointment.time }}.',
};

async function createTemplate(tenant: Pick<TestTenant, 'headers'>, payload: Json): Promise<Json> {
  const res = await call(tenant.headers, 'POST', '/api/templates', payload);
  if (res.statusCode !== 201) throw new Error(`POST /api/templates answered ${res.statusCode}: ${res.body}`);
  return res.json();
}

describe('template CRUD', () => {
  it('creates, reads, changes and deletes a template', async () => {
    const a = await t.newTenant();
    const created = await call(a.headers, 'POST', '/api/templates', { ...reminder, channel: 'WHATSAPP' });
    expect(created.statusCode).toBe(201);
    const row = created.json();
    expect(row).toMatchObject({ ...reminder, channel: 'WHATSAPP', active: true });
    expect(row.id).toMatch(/^[0-9a-f-]{36}$/);

    const got = await call(a.headers, 'GET', `/api/templates/${row.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual(row);

    const patched = await call(a.headers, 'PATCH', `/api/templates/${row.id}`, { name: 'Recordatorio corto', channel: null, subject: null, active: false });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Recordatorio corto', channel: null, subject: null, active: false, body: reminder.body });

    const deleted = await call(a.headers, 'DELETE', `/api/templates/${row.id}`);
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe('');
    expect((await call(a.headers, 'GET', `/api/templates/${row.id}`)).statusCode).toBe(404);
    expect((await call(a.headers, 'DELETE', `/api/templates/${row.id}`)).statusCode).toBe(404);
  });

  it('a template without a channel is for every channel, and an empty subject means the default one', async () => {
    const a = await t.newTenant();
    const row = await createTemplate(a, { name: 'Cancelación', type: 'APPOINTMENT_CANCELLATION', locale: 'en', subject: '  ', body: 'Cancelled: {{ appointment.date }}' });
    expect(row).toMatchObject({ channel: null, subject: null, locale: 'en', active: true });
  });

  it('an empty PATCH changes nothing and answers the template', async () => {
    const a = await t.newTenant();
    const row = await createTemplate(a, reminder);
    const res = await call(a.headers, 'PATCH', `/api/templates/${row.id}`, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(row);
  });

  it('rejects a language other than es-MX or en', async () => {
    const a = await t.newTenant();
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, locale: 'fr' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().message).toContain('body.locale');
  });
});

describe('listing templates', () => {
  const fixture = async () => {
    const a = await t.newTenant();
    await createTemplate(a, { name: 'B reminder', type: 'APPOINTMENT_REMINDER', locale: 'es-MX', channel: 'SMS', body: 'Recuerda: {{ appointment.time }}' });
    await createTemplate(a, { name: 'A reminder', type: 'APPOINTMENT_REMINDER', locale: 'es-MX', body: 'Recordatorio {{ appointment.time }}' });
    await createTemplate(a, { name: 'Confirm', type: 'APPOINTMENT_CONFIRMATION', locale: 'en', body: 'Confirmed {{ appointment.date }}', active: false });
    return a;
  };
  const names = (res: { json(): Json }) => res.json().data.map((r: Json) => r.name);

  it('pages through the templates sorted by type then name, with the total', async () => {
    const a = await fixture();
    const first = await call(a.headers, 'GET', '/api/templates?limit=2');
    expect(first.statusCode).toBe(200);
    expect(names(first)).toEqual(['Confirm', 'A reminder']);
    expect(first.json().pagination).toEqual({ total: 3, limit: 2, offset: 0 });
    const second = await call(a.headers, 'GET', '/api/templates?limit=2&offset=2');
    expect(names(second)).toEqual(['B reminder']);
    expect(second.json().pagination).toEqual({ total: 3, limit: 2, offset: 2 });
  });

  it('filters by type, channel, "any channel", language and active', async () => {
    const a = await fixture();
    expect(names(await call(a.headers, 'GET', '/api/templates?type=APPOINTMENT_REMINDER'))).toEqual(['A reminder', 'B reminder']);
    expect(names(await call(a.headers, 'GET', '/api/templates?channel=SMS'))).toEqual(['B reminder']);
    expect(names(await call(a.headers, 'GET', '/api/templates?channel=ANY'))).toEqual(['Confirm', 'A reminder']);
    expect(names(await call(a.headers, 'GET', '/api/templates?locale=en'))).toEqual(['Confirm']);
    const inactive = await call(a.headers, 'GET', '/api/templates?active=false');
    expect(names(inactive)).toEqual(['Confirm']);
    expect(inactive.json().pagination.total).toBe(1);
    expect(names(await call(a.headers, 'GET', '/api/templates?active=true&type=APPOINTMENT_REMINDER&channel=ANY'))).toEqual(['A reminder']);
  });
});

describe('a template that does not parse is rejected with its line and nothing is saved', () => {
  it('an unclosed {% if %} on line 3 of the body', async () => {
    const a = await t.newTenant();
    const body = 'Hola {{ client.name }}\n\n{% if professional.name %}Te atiende {{ professional.name }}\n\n¡Te esperamos!';
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, body });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      code: 'VALIDATION_FAILED',
      message: 'body: Template error on line 3: {% if professional.name %} is never closed: add {% endif %}',
      details: { field: 'body', line: 3, column: 1, reason: '{% if professional.name %} is never closed: add {% endif %}' },
    });
    expect((await call(a.headers, 'GET', '/api/templates')).json().pagination.total).toBe(0);
  });

  it('a misspelt variable on line 2 names the variable and where it is', async () => {
    const a = await t.newTenant();
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, body: 'Recordatorio\nHola {{ client.nmae }}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toMatchObject({ field: 'body', line: 2, column: 9, reason: 'unknown variable "client.nmae"' });
    expect(res.json().details.knownVariables).toContain('client.name');
    expect((await call(a.headers, 'GET', '/api/templates')).json().data).toEqual([]);
  });

  it('an unknown filter in the subject is reported for the subject', async () => {
    const a = await t.newTenant();
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, subject: 'Cita {{ tenant.name | shout }}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toBe('subject: Template error on line 1: unknown filter "shout"');
    expect(res.json().details).toMatchObject({ field: 'subject', line: 1, reason: 'unknown filter "shout"' });
    expect((await call(a.headers, 'GET', '/api/templates')).json().pagination.total).toBe(0);
  });

  it('an empty body is rejected', async () => {
    const a = await t.newTenant();
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, body: '  \n ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual({ field: 'body', line: 1, column: 1, reason: 'empty' });
  });

  it('a bad PATCH leaves the saved template as it was', async () => {
    const a = await t.newTenant();
    const row = await createTemplate(a, reminder);
    const res = await call(a.headers, 'PATCH', `/api/templates/${row.id}`, { name: 'Otro', body: 'Hola\n{{ client.name | nope }}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toMatchObject({ field: 'body', line: 2, reason: 'unknown filter "nope"' });
    expect((await call(a.headers, 'GET', `/api/templates/${row.id}`)).json()).toEqual(row);
  });
});

describe('conflicts', () => {
  it('a second template with the same name is a 409 naming the existing one', async () => {
    const a = await t.newTenant();
    const first = await createTemplate(a, reminder);
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, type: 'APPOINTMENT_CONFIRMATION' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toEqual({
      code: 'CONFLICT',
      message: `name: another template is already called "Recordatorio" (id ${first.id}); choose another name`,
      details: { field: 'name', existingId: first.id, existingName: 'Recordatorio' },
    });
  });

  it('a second template for the same type, channel and language is a 409 naming the existing one', async () => {
    const a = await t.newTenant();
    const first = await createTemplate(a, reminder);
    const res = await call(a.headers, 'POST', '/api/templates', { ...reminder, name: 'Otro recordatorio' });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      `type: template "Recordatorio" (id ${first.id}) is already the APPOINTMENT_REMINDER template for every channel in es-MX; change or delete that one instead`,
    );
    expect(res.json().details).toEqual({ field: 'type', existingId: first.id, existingName: 'Recordatorio' });
    expect((await call(a.headers, 'GET', '/api/templates')).json().pagination.total).toBe(1);
  });

  it('the same message may have one template per channel and one per language', async () => {
    const a = await t.newTenant();
    await createTemplate(a, reminder);
    await createTemplate(a, { ...reminder, name: 'Recordatorio SMS', channel: 'SMS' });
    await createTemplate(a, { ...reminder, name: 'Reminder', locale: 'en' });
    const sms = await call(a.headers, 'POST', '/api/templates', { ...reminder, name: 'Recordatorio SMS 2', channel: 'SMS' });
    expect(sms.statusCode).toBe(409);
    expect(sms.json().message).toContain('for the SMS channel in es-MX');
  });

  it('a PATCH that would clash is a 409 and changes nothing', async () => {
    const a = await t.newTenant();
    const first = await createTemplate(a, reminder);
    const second = await createTemplate(a, { ...reminder, name: 'Reminder', locale: 'en' });
    const res = await call(a.headers, 'PATCH', `/api/templates/${second.id}`, { locale: 'es-MX' });
    expect(res.statusCode).toBe(409);
    expect(res.json().details).toEqual({ field: 'type', existingId: first.id, existingName: 'Recordatorio' });
    const renamed = await call(a.headers, 'PATCH', `/api/templates/${second.id}`, { name: 'Recordatorio' });
    expect(renamed.statusCode).toBe(409);
    expect(renamed.json().details).toEqual({ field: 'name', existingId: first.id, existingName: 'Recordatorio' });
    expect((await call(a.headers, 'GET', `/api/templates/${second.id}`)).json()).toEqual(second);
  });
});

describe('default templates', () => {
  it('lists every type in both languages', async () => {
    const a = await t.newTenant();
    const res = await call(await a.as('viewer'), 'GET', '/api/templates/defaults');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toHaveLength(14);
  });

  it('filters by type and language, with the plain-text body email and SMS use', async () => {
    const a = await t.newTenant();
    const res = await call(a.headers, 'GET', '/api/templates/defaults?type=APPOINTMENT_REMINDER&locale=es-MX');
    expect(res.json()).toEqual([
      {
        type: 'APPOINTMENT_REMINDER',
        locale: 'es-MX',
        subject: 'Recordatorio de tu cita — {{ tenant.name }}',
        body:
          '⏱ *Recordatorio de Cita*\n\nHola {{ client.name }}, te recordamos que tienes una cita:\n\n📅 {{ appointment.relativeDay }}\n' +
          '⏱ {{ appointment.time }}\n💼 {{ service.name }}\n📍 {{ branch.address }}\n\n¡No olvides asistir!',
        plainTextBody:
          '⏱ Recordatorio de Cita\n\nHola {{ client.name }}, te recordamos que tienes una cita:\n\n📅 {{ appointment.relativeDay }}\n' +
          '⏱ {{ appointment.time }}\n💼 {{ service.name }}\n📍 {{ branch.address }}\n\n¡No olvides asistir!',
      },
    ]);
  });
});

describe('preview', () => {
  const preview = (headers: Headers, payload: Json) => call(headers, 'POST', '/api/templates/preview', payload);

  it('renders an unsaved body with sample data and the tenant name', async () => {
    const a = await t.newTenant({ name: 'Estética Luna' });
    const res = await preview(a.headers, {
      type: 'CUSTOM',
      locale: 'es-MX',
      body: 'Hola {{ client.name }}\n{{ service.name }} con {{ professional.name }}\nEn {{ tenant.name }}',
      subject: 'Hola de {{ tenant.name }}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      text: 'Hola María González\nCorte de Cabello Premium con Carlos García\nEn Estética Luna',
      subject: 'Hola de Estética Luna',
      usedDefault: false,
      templateId: null,
      locale: 'es-MX',
    });
    expect(res.json().variables).toMatchObject({
      tenant: { name: 'Estética Luna', timezone: 'America/Mexico_City', locale: 'es-MX' },
      client: { firstName: 'María', lastName: 'González', name: 'María González' },
      appointment: { relativeDay: 'mañana', time: '10:00 a.m.', previousTime: '10:00 a.m.' },
    });
  });

  it("renders the sample in the tenant's timezone: tomorrow at 10:00 there", async () => {
    const a = await t.newTenant({ timezone: 'Asia/Kathmandu', locale: 'en' });
    const res = await preview(a.headers, { type: 'CUSTOM', body: '{{ appointment.relativeDay }} at {{ appointment.time }}\n{{ "now" | date: "%z" }}' });
    expect(res.statusCode).toBe(200);
    expect(res.json().locale).toBe('en');
    expect(res.json().variables.tenant.timezone).toBe('Asia/Kathmandu');
    // Kathmandu is UTC+5:45 all year.
    expect(res.json().text).toBe('tomorrow at 10:00 AM\n+0545');
  });

  it('without a body it renders the default and says so; email drops the *bold*', async () => {
    const a = await t.newTenant({ name: 'Bella' });
    const res = await preview(a.headers, { type: 'APPOINTMENT_REMINDER', locale: 'en' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ usedDefault: true, templateId: null, subject: 'Appointment reminder — Bella' });
    expect(res.json().text.split('\n').slice(0, 4)).toEqual([
      '⏱ *Appointment Reminder*',
      '',
      'Hi María González, this is a reminder of your appointment:',
      '',
    ]);
    expect(res.json().text).toContain('📅 tomorrow\n⏱ 10:00 AM\n');
    const email = await preview(a.headers, { type: 'APPOINTMENT_REMINDER', locale: 'en', channel: 'EMAIL' });
    expect(email.json().text.split('\n')[0]).toBe('⏱ Appointment Reminder');
  });

  it('previews a saved template by id, with its subject', async () => {
    const a = await t.newTenant({ name: 'Luna' });
    const row = await createTemplate(a, { ...reminder, active: false });
    const res = await preview(await a.as('viewer'), { templateId: row.id });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      text: 'Hola María\n\nTe esperamos mañana a las 10:00 a.m..',
      subject: 'Tu cita en Luna',
      usedDefault: false,
      templateId: row.id,
      locale: 'es-MX',
    });
  });

  it("without a body or id it uses the tenant's active template for the message, as a send would", async () => {
    const a = await t.newTenant();
    const row = await createTemplate(a, { name: 'Confirmación', type: 'APPOINTMENT_CONFIRMATION', locale: 'es-MX', body: 'Confirmada, {{ client.firstName }}' });
    const used = await preview(a.headers, { type: 'APPOINTMENT_CONFIRMATION', locale: 'es-MX', channel: 'WHATSAPP' });
    expect(used.json()).toMatchObject({ text: 'Confirmada, María', templateId: row.id, usedDefault: false });
    await call(a.headers, 'PATCH', `/api/templates/${row.id}`, { active: false });
    const inactive = await preview(a.headers, { type: 'APPOINTMENT_CONFIRMATION', locale: 'es-MX' });
    expect(inactive.json()).toMatchObject({ templateId: null, usedDefault: true });
    expect(inactive.json().text.split('\n')[0]).toBe('✅ *Cita Confirmada*');
  });

  it('fills the variables from one of the tenant’s appointments', async () => {
    const a = await t.newTenant();
    const booking = bookingApi(t, a);
    const client = await booking.newClient({ firstName: 'Ana', lastName: 'López' });
    const service = await booking.newService({ name: 'Manicure', durationMinutes: 30 });
    // Tomorrow 16:00 UTC: 10:00 in Mexico City (UTC-6 all year).
    const appointment = await booking.newAppointment({ clientId: client.id, serviceId: service.id });
    const res = await preview(a.headers, {
      type: 'APPOINTMENT_CONFIRMATION',
      appointmentId: appointment.id,
      body: '{{ client.name }} · {{ service.name }} · {{ appointment.time }} · {{ appointment.id }}',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().text).toBe(`Ana López · Manicure · 10:00 a.m. · ${appointment.id}`);
    expect(res.json().variables.service).toEqual({ name: 'Manicure', durationMinutes: 30 });
  });

  it("fills {{ feedbackUrl }} from the tenant's feedback link pattern, as a send would", async () => {
    const a = await t.newTenant();
    const appointment = await bookingApi(t, a).newAppointment();
    const settings = await call(a.headers, 'PUT', '/api/settings/notifications', { feedbackUrlTemplate: 'https://luna.example/opina/{{ appointment.id }}' });
    expect(settings.statusCode).toBe(200);
    const sample = await preview(a.headers, { type: 'FEEDBACK_REQUEST', body: '{{ feedbackUrl }}' });
    expect(sample.json().text).toBe('https://luna.example/opina/apt-789');
    const real = await preview(a.headers, { type: 'FEEDBACK_REQUEST', body: '{{ feedbackUrl }}', appointmentId: appointment.id });
    expect(real.json().text).toBe(`https://luna.example/opina/${appointment.id}`);
  });

  it('uses the message given for {{ message }}', async () => {
    const a = await t.newTenant();
    const res = await preview(a.headers, { type: 'CUSTOM', locale: 'es-MX', message: '2x1 en cortes este sábado' });
    expect(res.json()).toMatchObject({ text: '2x1 en cortes este sábado', usedDefault: true });
  });

  it('a bad template is a 400 with its line, as when saving', async () => {
    const a = await t.newTenant();
    const res = await preview(a.headers, { type: 'CUSTOM', body: 'Hola\n\n{% for x in %}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
    expect(res.json().details).toMatchObject({ field: 'body', line: 3 });
    expect(res.json().message).toMatch(/^body: Template error on line 3: /);
  });

  it('needs a type unless a saved template is given', async () => {
    const a = await t.newTenant();
    const res = await preview(a.headers, { body: 'Hola' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual({ field: 'type' });
  });
});

describe('tenant isolation', () => {
  it("tenant A cannot read, change, delete or preview tenant B's templates", async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    const mine = await createTemplate(a, { ...reminder, name: 'Mine' });
    const theirs = await createTemplate(b, reminder);

    const list = await call(a.headers, 'GET', '/api/templates');
    expect(list.json().data.map((r: Json) => r.id)).toEqual([mine.id]);
    expect(list.json().pagination.total).toBe(1);

    expect((await call(a.headers, 'GET', `/api/templates/${theirs.id}`)).statusCode).toBe(404);
    expect((await call(a.headers, 'PATCH', `/api/templates/${theirs.id}`, { body: 'Hackeado' })).statusCode).toBe(404);
    expect((await call(a.headers, 'DELETE', `/api/templates/${theirs.id}`)).statusCode).toBe(404);
    const peek = await call(a.headers, 'POST', '/api/templates/preview', { templateId: theirs.id });
    expect(peek.statusCode).toBe(404);
    expect(peek.body).not.toContain('Te esperamos');

    expect((await call(b.headers, 'GET', `/api/templates/${theirs.id}`)).json()).toEqual(theirs);
  });

  it("B's active template is not used in A's preview, and B's appointment cannot fill it", async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    await createTemplate(b, { name: 'Solo B', type: 'APPOINTMENT_CONFIRMATION', locale: 'es-MX', body: 'Plantilla de B' });
    const res = await call(a.headers, 'POST', '/api/templates/preview', { type: 'APPOINTMENT_CONFIRMATION', locale: 'es-MX' });
    expect(res.json()).toMatchObject({ usedDefault: true, templateId: null });
    const theirAppointment = await bookingApi(t, b).newAppointment();
    const peek = await call(a.headers, 'POST', '/api/templates/preview', { type: 'CUSTOM', body: '{{ client.name }}', appointmentId: theirAppointment.id });
    expect(peek.statusCode).toBe(404);
    expect(peek.body).not.toContain('López');
  });

  it('two tenants may use the same template name', async () => {
    const a = await t.newTenant();
    const b = await t.newTenant();
    await createTemplate(a, reminder);
    expect((await call(b.headers, 'POST', '/api/templates', reminder)).statusCode).toBe(201);
  });
});

describe('roles', () => {
  it('a viewer may read and preview but not write; staff may not write either (403)', async () => {
    const a = await t.newTenant();
    const row = await createTemplate(a, reminder);
    for (const role of ['viewer', 'staff'] as const) {
      const headers = await a.as(role);
      expect((await call(headers, 'GET', '/api/templates')).statusCode, role).toBe(200);
      expect((await call(headers, 'GET', `/api/templates/${row.id}`)).statusCode, role).toBe(200);
      expect((await call(headers, 'POST', '/api/templates/preview', { templateId: row.id })).statusCode, role).toBe(200);
      const create = await call(headers, 'POST', '/api/templates', { ...reminder, name: `by ${role}`, locale: 'en' });
      expect(create.statusCode, role).toBe(403);
      expect(create.json().message).toBe(`This action needs the admin role; this key has the ${role} role`);
      expect((await call(headers, 'PATCH', `/api/templates/${row.id}`, { body: 'x' })).statusCode, role).toBe(403);
      expect((await call(headers, 'DELETE', `/api/templates/${row.id}`)).statusCode, role).toBe(403);
    }
    expect((await call(a.headers, 'GET', `/api/templates/${row.id}`)).json()).toEqual(row);
    expect((await call(a.headers, 'GET', '/api/templates')).json().pagination.total).toBe(1);
  });

  it('without a key the API answers 401', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/templates/preview', payload: { type: 'CUSTOM' } });
    expect(res.statusCode).toBe(401);
  });
});
