import { describe, expect, it } from 'vitest';
import { notificationChannels, notificationTypes } from '../../src/notifications/notification.enums.ts';
import {
  buildTemplateContext,
  defaultTemplates,
  renderNotification,
  templateLocales,
  validateTemplate,
  type TemplateContextInput,
} from '../../src/templates/index.ts';
import { SEED_CONFIRMATION_MESSAGE, SEED_REMINDER_MESSAGE } from '../helpers/seed-messages.ts';

const tenant = { name: 'Estética Bella', timezone: 'America/Mexico_City', locale: 'es-MX' };
const enTenant = { ...tenant, name: 'Bella Salon', locale: 'en' };
/** 14 Nov 2025, 10:00 in Mexico City: the day before the appointments below. */
const now = new Date('2025-11-14T16:00:00Z');
/** 15 Nov 2025, 10:00 in Mexico City. */
const startTime = new Date('2025-11-15T16:00:00Z');

const render = (type: keyof typeof defaultTemplates, input: TemplateContextInput, locale = input.tenant.locale) =>
  renderNotification({ type, locale }, buildTemplateContext(input, now));

describe('default templates in the seed format', () => {
  it("renders the seed's confirmation exactly, from its pre-formatted data", () => {
    const { text } = render('APPOINTMENT_CONFIRMATION', {
      tenant,
      client: { name: 'María González' },
      appointment: { date: '15 de Noviembre, 2025', time: '10:00 AM' },
      service: { name: 'Corte de Cabello Premium' },
      professional: { name: 'Carlos García' },
      branch: { name: 'Sucursal Centro' },
    });
    expect(text).toBe(SEED_CONFIRMATION_MESSAGE);
  });

  it("renders the seed's reminder exactly", () => {
    const { text } = render('APPOINTMENT_REMINDER', {
      tenant,
      client: { name: 'Ana López' },
      appointment: { date: 'mañana', time: '2:00 PM' },
      service: { name: 'Manicure y Pedicure' },
    });
    expect(text).toBe(SEED_REMINDER_MESSAGE);
  });

  it('renders a reminder from the stored appointment with "mañana" and the Mexico City time', () => {
    const { text } = render('APPOINTMENT_REMINDER', {
      tenant,
      client: { firstName: 'Ana', lastName: 'López' },
      appointment: { id: 'apt-1', startTime: new Date('2025-11-15T20:00:00Z') },
      service: { name: 'Manicure y Pedicure' },
      branch: { name: 'Sucursal Centro', address: 'Av. Juárez 123, Guadalajara' },
    });
    expect(text).toBe(
      [
        '⏱ *Recordatorio de Cita*',
        '',
        'Hola Ana López, te recordamos que tienes una cita:',
        '',
        '📅 mañana',
        '⏱ 2:00 p.m.',
        '💼 Manicure y Pedicure',
        '📍 Av. Juárez 123, Guadalajara',
        '',
        '¡No olvides asistir!',
      ].join('\n'),
    );
  });

  it('renders the English confirmation', () => {
    const { text, subject } = render('APPOINTMENT_CONFIRMATION', {
      tenant: enTenant,
      client: { name: 'Mary Jones' },
      appointment: { id: 'apt-1', startTime },
      service: { name: 'Premium Haircut' },
      professional: { name: 'Carl Garcia' },
      branch: { name: 'Downtown', address: '123 Main St' },
    });
    expect(subject).toBe('Appointment confirmed — Bella Salon');
    expect(text).toBe(
      [
        '✅ *Appointment Confirmed*',
        '',
        'Hi Mary Jones, your appointment has been confirmed.',
        '',
        '📅 Date: November 15, 2025',
        '⏰ Time: 10:00 AM',
        '💼 Service: Premium Haircut',
        '💼 Professional: Carl Garcia',
        '💼 Branch: Downtown',
        '📍 Address: 123 Main St',
        '',
        'We look forward to seeing you!',
      ].join('\n'),
    );
  });

  it('renders the English reminder with "tomorrow"', () => {
    const { text } = render('APPOINTMENT_REMINDER', {
      tenant: enTenant,
      client: { name: 'Mary Jones' },
      appointment: { id: 'apt-1', startTime },
      service: { name: 'Manicure' },
    });
    expect(text).toBe(
      [
        '⏱ *Appointment Reminder*',
        '',
        'Hi Mary Jones, this is a reminder of your appointment:',
        '',
        '📅 tomorrow',
        '⏱ 10:00 AM',
        '💼 Manicure',
        '',
        'See you there!',
      ].join('\n'),
    );
  });

  it("renders the cancellation with the seed's reason", () => {
    const { text, subject } = render('APPOINTMENT_CANCELLATION', {
      tenant,
      client: { name: 'Pedro Martínez' },
      appointment: { date: '20 de Noviembre, 2025', time: '3:00 PM', cancelReason: 'El profesional no está disponible' },
    });
    expect(subject).toBe('Cita cancelada — Estética Bella');
    expect(text).toBe(
      [
        '❌ *Cita Cancelada*',
        '',
        'Hola Pedro Martínez, tu cita ha sido cancelada.',
        '',
        '📅 Fecha: 20 de Noviembre, 2025',
        '⏰ Hora: 3:00 PM',
        '📝 Motivo: El profesional no está disponible',
        '',
        'Si deseas agendar una nueva cita, contáctanos.',
      ].join('\n'),
    );
  });

  it('renders the reschedule with the old and the new time', () => {
    const { text } = render('APPOINTMENT_RESCHEDULE', {
      tenant,
      client: { name: 'María González' },
      appointment: { id: 'apt-1', startTime, previousStartTime: new Date('2025-11-14T23:30:00Z') },
      service: { name: 'Corte de Cabello Premium' },
    });
    expect(text).toBe(
      [
        '🔄 *Cita Reagendada*',
        '',
        'Hola María González, tu cita ha sido reagendada.',
        '',
        '🗓 Antes: 14 de noviembre de 2025, 5:30 p.m.',
        '📅 Nueva fecha: 15 de noviembre de 2025',
        '⏰ Nueva hora: 10:00 a.m.',
        '💼 Servicio: Corte de Cabello Premium',
        '',
        '¡Te esperamos!',
      ].join('\n'),
    );
  });

  it("renders the feedback request with the seed's URL", () => {
    const { text } = render('FEEDBACK_REQUEST', {
      tenant,
      client: { name: 'Roberto Sánchez' },
      service: { name: 'Corte de Cabello' },
      feedbackUrl: 'https://citaplanner.com/feedback/apt-789',
    });
    expect(text).toBe(
      [
        '⭐ *¿Cómo fue tu experiencia?*',
        '',
        'Hola Roberto Sánchez, gracias por visitarnos.',
        '',
        '💼 Servicio: Corte de Cabello',
        '',
        'Cuéntanos qué te pareció, solo toma un minuto:',
        '🔗 https://citaplanner.com/feedback/apt-789',
        '',
        '¡Gracias por tu preferencia!',
      ].join('\n'),
    );
  });

  it("renders a campaign message with the client's name, the business and how to opt out", () => {
    const campaignMessage = [
      '🎉 *Oferta Especial para Ti!*',
      '',
      'Regresa con nosotros y obtén:',
      '✨ 25% de descuento en tu próxima cita',
      '',
      '*Términos y condiciones aplican',
    ].join('\n');
    const { text } = render('PROMOTION', { tenant, client: { name: 'Laura Rodríguez' }, message: campaignMessage });
    expect(text).toBe(
      [
        'Hola Laura 👋',
        '',
        '🎉 *Oferta Especial para Ti!*',
        '',
        'Regresa con nosotros y obtén:',
        '✨ 25% de descuento en tu próxima cita',
        '',
        '*Términos y condiciones aplican',
        '',
        '— Estética Bella',
        'Responde BAJA si no deseas recibir promociones.',
      ].join('\n'),
    );
  });

  it('renders a custom message as is', () => {
    const message = 'Hola, ¿cómo estás?\n\n\nLínea con {{ llaves }} y *asteriscos*  ';
    for (const channel of notificationChannels) {
      const context = buildTemplateContext({ tenant, client: { name: 'Juan Pérez' }, message });
      expect(renderNotification({ type: 'CUSTOM', locale: 'es-MX', channel }, context).text).toBe(message);
    }
  });
});

describe('renderNotification', () => {
  const context = buildTemplateContext(
    { tenant, client: { name: 'Ana López' }, appointment: { id: 'apt-1', startTime }, service: { name: 'Manicure' } },
    now,
  );

  it("uses the tenant's body and subject when it has them", () => {
    const rendered = renderNotification(
      {
        type: 'APPOINTMENT_REMINDER',
        locale: 'es-MX',
        override: '{{ client.firstName }}, te esperamos {{ appointment.relativeDay }} a las {{ appointment.time }}.',
        subjectOverride: 'Tu cita en {{ tenant.name }}',
      },
      context,
    );
    expect(rendered).toEqual({ text: 'Ana, te esperamos mañana a las 10:00 a.m..', subject: 'Tu cita en Estética Bella' });
  });

  it('falls back to the default when the override is empty', () => {
    const rendered = renderNotification({ type: 'APPOINTMENT_REMINDER', locale: 'es-MX', override: '' }, context);
    expect(rendered.text.startsWith('⏱ *Recordatorio de Cita*')).toBe(true);
  });

  it('drops WhatsApp *bold* from the default body for email and SMS', () => {
    for (const channel of ['EMAIL', 'SMS'] as const) {
      const { text } = renderNotification({ type: 'APPOINTMENT_REMINDER', locale: 'es-MX', channel }, context);
      expect(text.split('\n')[0]).toBe('⏱ Recordatorio de Cita');
    }
    for (const channel of ['CHATWOOT', 'WHATSAPP'] as const) {
      const { text } = renderNotification({ type: 'APPOINTMENT_REMINDER', locale: 'es-MX', channel }, context);
      expect(text.split('\n')[0]).toBe('⏱ *Recordatorio de Cita*');
    }
  });

  it('picks Spanish for any non-English locale and English for en-*', () => {
    const title = (locale: string) => renderNotification({ type: 'APPOINTMENT_REMINDER', locale }, context).text.split('\n')[0];
    expect(title('es')).toBe('⏱ *Recordatorio de Cita*');
    expect(title('es-CO')).toBe('⏱ *Recordatorio de Cita*');
    expect(title('pt-BR')).toBe('⏱ *Recordatorio de Cita*');
    expect(title('en-US')).toBe('⏱ *Appointment Reminder*');
  });

  it("writes every subject on one line, with the business's name", () => {
    for (const type of notificationTypes) {
      for (const locale of templateLocales) {
        const { subject } = renderNotification({ type, locale }, context);
        expect(subject).not.toContain('\n');
        expect(subject).toContain('Estética Bella');
      }
    }
  });
});

describe('every default template', () => {
  const bare = buildTemplateContext({ tenant, client: { firstName: 'Ana' } }, now);
  const cases = notificationTypes.flatMap((type) =>
    templateLocales.flatMap((locale) => [undefined, ...notificationChannels].map((channel) => ({ type, locale, channel }))),
  );

  it.each(cases)('$type/$locale/$channel never prints undefined, null or a double blank line', (choice) => {
    const { text, subject } = renderNotification(choice, bare);
    expect(text + subject).not.toMatch(/undefined|null|NaN|\[object/);
    expect(text).not.toMatch(/\n\s*\n\s*\n/);
    expect(text).not.toMatch(/^\s|\s$/);
  });

  it.each(notificationTypes.flatMap((type) => templateLocales.map((locale) => ({ type, locale }))))(
    '$type/$locale passes the validation tenant templates go through',
    ({ type, locale }) => {
      expect(() => validateTemplate(defaultTemplates[type][locale].body)).not.toThrow();
      expect(() => validateTemplate(defaultTemplates[type][locale].subject)).not.toThrow();
    },
  );
});
