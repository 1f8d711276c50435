import { describe, expect, it } from 'vitest';
import { notificationTypes } from '../../src/notifications/notification.enums.ts';
import {
  buildTemplateContext,
  confirmationChoices,
  parseChoiceValue,
  whatsappTemplateParams,
} from '../../src/templates/index.ts';

const context = buildTemplateContext(
  {
    tenant: { name: 'Estética Bella', timezone: 'America/Mexico_City', locale: 'es-MX' },
    branch: { name: 'Sucursal Centro' },
    client: { firstName: 'Ana', lastName: 'López' },
    appointment: { id: 'apt-1', startTime: new Date('2025-11-15T20:00:00Z'), previousStartTime: new Date('2025-11-14T16:00:00Z') },
    service: { name: 'Manicure y Pedicure' },
    feedbackUrl: 'https://citaplanner.com/feedback/apt-1',
    message: '🎉 *Oferta*\n\n✨ 25%     de descuento',
  },
  new Date('2025-11-14T12:00:00Z'),
);

describe('whatsappTemplateParams', () => {
  it.each([
    ['APPOINTMENT_CONFIRMATION', ['Ana López', '15 de noviembre de 2025', '2:00 p.m.', 'Manicure y Pedicure', 'Sucursal Centro']],
    ['APPOINTMENT_CANCELLATION', ['Ana López', '15 de noviembre de 2025', '2:00 p.m.', 'Manicure y Pedicure']],
    ['APPOINTMENT_RESCHEDULE', ['Ana López', '14 de noviembre de 2025, 10:00 a.m.', '15 de noviembre de 2025', '2:00 p.m.', 'Manicure y Pedicure']],
    ['APPOINTMENT_REMINDER', ['Ana López', '15 de noviembre de 2025', '2:00 p.m.', 'Manicure y Pedicure']],
    ['FEEDBACK_REQUEST', ['Ana López', 'Manicure y Pedicure', 'https://citaplanner.com/feedback/apt-1']],
    ['PROMOTION', ['Ana', '🎉 *Oferta* ✨ 25% de descuento']],
    ['CUSTOM', ['🎉 *Oferta* ✨ 25% de descuento']],
  ] as const)('%s → the documented order', (type, params) => {
    expect(whatsappTemplateParams(type, context)).toEqual(params);
  });

  it('never sends an empty parameter or one with newlines or runs of spaces, which Meta rejects', () => {
    const bare = buildTemplateContext({ tenant: { name: 'Estética Bella', timezone: 'UTC', locale: 'es-MX' }, client: { name: '' } });
    for (const type of notificationTypes) {
      for (const param of [...whatsappTemplateParams(type, bare), ...whatsappTemplateParams(type, context)]) {
        expect(param).not.toBe('');
        expect(param).not.toMatch(/[\n\t]| {2,}/);
      }
    }
    expect(whatsappTemplateParams('APPOINTMENT_CONFIRMATION', bare).at(-1)).toBe('Estética Bella');
  });
});

describe('confirmationChoices', () => {
  it('offers confirm, reschedule and cancel in Spanish', () => {
    expect(confirmationChoices('es-MX', 'apt-1')).toEqual([
      { title: 'Confirmar', value: 'appt:apt-1:confirm' },
      { title: 'Reagendar', value: 'appt:apt-1:reschedule' },
      { title: 'Cancelar', value: 'appt:apt-1:cancel' },
    ]);
  });

  it('offers them in English', () => {
    expect(confirmationChoices('en-US', 'apt-1').map((choice) => choice.title)).toEqual(['Confirm', 'Reschedule', 'Cancel']);
  });

  it.each(['es-MX', 'en'])('%s titles fit a WhatsApp button and are distinct', (locale) => {
    const titles = confirmationChoices(locale, 'apt-1').map((choice) => choice.title);
    for (const title of titles) expect(title.length).toBeLessThanOrEqual(20);
    expect(new Set(titles.map((title) => title.toLowerCase())).size).toBe(titles.length);
  });

  it('reads its own values back', () => {
    const id = '5f0c6f1e-8a5b-4c1e-9a7b-2d3c4e5f6a7b';
    for (const choice of confirmationChoices('es-MX', id)) {
      expect(parseChoiceValue(choice.value)).toEqual({ appointmentId: id, action: choice.value.split(':').at(-1) });
    }
    expect(parseChoiceValue('confirm')).toBeUndefined();
    expect(parseChoiceValue('appt::confirm')).toBeUndefined();
    expect(parseChoiceValue('appt:apt-1:delete')).toBeUndefined();
  });
});
