import { afterEach, describe, expect, it } from 'vitest';
import { buildTemplateContext, type TemplateContextInput } from '../../src/templates/index.ts';

const tenantIn = (timezone: string, locale = 'es-MX') => ({ name: 'Estética Bella', timezone, locale });

/** The appointment text for one instant, seen by a tenant in `timezone` at `now`. */
function appointmentAt(startTime: string, timezone: string, { now = '2025-01-01T00:00:00Z', locale = 'es-MX' } = {}) {
  return buildTemplateContext(
    { tenant: tenantIn(timezone, locale), client: { name: 'Ana López' }, appointment: { id: 'apt-1', startTime: new Date(startTime) } },
    new Date(now),
  ).appointment;
}

describe('buildTemplateContext: dates and times in the tenant timezone', () => {
  it('formats es-MX dates and times the way Intl writes them for Mexico', () => {
    expect(appointmentAt('2025-11-15T16:00:00Z', 'America/Mexico_City')).toMatchObject({
      date: '15 de noviembre de 2025',
      time: '10:00 a.m.',
      dateTime: '15 de noviembre de 2025, 10:00 a.m.',
    });
    expect(appointmentAt('2025-11-15T20:30:00Z', 'America/Mexico_City').time).toBe('2:30 p.m.');
  });

  it('formats English dates and times', () => {
    expect(appointmentAt('2025-11-15T16:00:00Z', 'America/Mexico_City', { locale: 'en' })).toMatchObject({
      date: 'November 15, 2025',
      time: '10:00 AM',
      dateTime: 'November 15, 2025 at 10:00 AM',
    });
  });

  it('uses plain spaces, never the no-break spaces some ICU versions emit', () => {
    const { time, dateTime } = appointmentAt('2025-11-15T16:00:00Z', 'America/Mexico_City', { locale: 'en' });
    expect(time + dateTime).not.toMatch(/[\u00A0\u202F]/);
  });

  it('keeps Mexico City at UTC-6 all year (no DST since 2022)', () => {
    expect(appointmentAt('2025-07-01T16:00:00Z', 'America/Mexico_City').time).toBe('10:00 a.m.');
    expect(appointmentAt('2025-12-01T16:00:00Z', 'America/Mexico_City').time).toBe('10:00 a.m.');
  });

  it('follows Santiago across its September switch to summer time (UTC-4 → UTC-3)', () => {
    expect(appointmentAt('2025-09-06T14:00:00Z', 'America/Santiago').time).toBe('10:00 a.m.');
    expect(appointmentAt('2025-09-08T13:00:00Z', 'America/Santiago').time).toBe('10:00 a.m.');
  });

  it('follows Santiago across its April switch back (UTC-3 → UTC-4)', () => {
    expect(appointmentAt('2025-04-05T13:00:00Z', 'America/Santiago').time).toBe('10:00 a.m.');
    expect(appointmentAt('2025-04-07T14:00:00Z', 'America/Santiago').time).toBe('10:00 a.m.');
  });

  it('follows Madrid across the March DST switch, in the 24-hour style of es-ES', () => {
    expect(appointmentAt('2025-03-29T09:00:00Z', 'Europe/Madrid', { locale: 'es-ES' })).toMatchObject({
      date: '29 de marzo de 2025',
      time: '10:00',
    });
    expect(appointmentAt('2025-03-31T08:00:00Z', 'Europe/Madrid', { locale: 'es-ES' }).time).toBe('10:00');
  });

  it('shows the tenant date when it differs from the UTC date', () => {
    // 2025-11-16 03:00 UTC is still the evening of the 15th in Mexico City.
    expect(appointmentAt('2025-11-16T03:00:00Z', 'America/Mexico_City')).toMatchObject({
      date: '15 de noviembre de 2025',
      time: '9:00 p.m.',
    });
  });

  describe('server timezone', () => {
    const serverTz = process.env.TZ;
    afterEach(() => {
      process.env.TZ = serverTz;
    });

    it('does not change anything', () => {
      const inUtc = appointmentAt('2025-11-16T03:00:00Z', 'America/Mexico_City', { now: '2025-11-15T12:00:00Z' });
      process.env.TZ = 'Pacific/Kiritimati'; // UTC+14: a different calendar day from Mexico
      expect(appointmentAt('2025-11-16T03:00:00Z', 'America/Mexico_City', { now: '2025-11-15T12:00:00Z' })).toEqual(inUtc);
    });
  });
});

describe('buildTemplateContext: relativeDay', () => {
  it.each([
    ['later the same day', 'America/Mexico_City', '2025-11-15T14:00:00Z', '2025-11-15T16:00:00Z', 'hoy'],
    ['the next day', 'America/Mexico_City', '2025-11-14T16:00:00Z', '2025-11-15T16:00:00Z', 'mañana'],
    [
      'tomorrow in Mexico City although the same day in UTC',
      'America/Mexico_City',
      '2025-11-15T05:30:00Z', // 14 Nov, 23:30 local
      '2025-11-15T16:00:00Z', // 15 Nov, 10:00 local
      'mañana',
    ],
    [
      'today in Madrid although tomorrow in UTC',
      'Europe/Madrid',
      '2025-11-14T23:30:00Z', // 15 Nov, 00:30 local
      '2025-11-15T09:00:00Z', // 15 Nov, 10:00 local
      'hoy',
    ],
    ['tomorrow across Santiago\'s spring-forward night', 'America/Santiago', '2025-09-06T16:00:00Z', '2025-09-07T13:00:00Z', 'mañana'],
    [
      'the date, not "mañana", when 24 elapsed hours span two Santiago midnights',
      'America/Santiago',
      '2025-09-07T03:30:00Z', // 6 Sep, 23:30 (UTC-4)
      '2025-09-08T03:30:00Z', // 8 Sep, 00:30 (UTC-3)
      '8 de septiembre de 2025',
    ],
    [
      'tomorrow across Madrid\'s fall-back night (24.5 elapsed hours)',
      'Europe/Madrid',
      '2025-10-25T21:30:00Z', // 25 Oct, 23:30 CEST
      '2025-10-26T22:00:00Z', // 26 Oct, 23:00 CET
      'mañana',
    ],
    ['the date two days ahead', 'America/Mexico_City', '2025-11-13T16:00:00Z', '2025-11-15T16:00:00Z', '15 de noviembre de 2025'],
    ['the date for a past appointment', 'America/Mexico_City', '2025-11-16T16:00:00Z', '2025-11-15T16:00:00Z', '15 de noviembre de 2025'],
  ])('%s', (_, timezone, now, startTime, relativeDay) => {
    expect(appointmentAt(startTime, timezone, { now }).relativeDay).toBe(relativeDay);
  });

  it('speaks English for English tenants', () => {
    const at = (now: string) => appointmentAt('2025-11-15T16:00:00Z', 'America/Mexico_City', { now, locale: 'en' }).relativeDay;
    expect(at('2025-11-15T14:00:00Z')).toBe('today');
    expect(at('2025-11-14T14:00:00Z')).toBe('tomorrow');
    expect(at('2025-11-10T14:00:00Z')).toBe('November 15, 2025');
  });
});

describe('buildTemplateContext: everything else', () => {
  const seedConfirmation: TemplateContextInput = {
    tenant: tenantIn('America/Mexico_City'),
    client: { name: 'María González' },
    appointment: { date: '15 de Noviembre, 2025', time: '10:00 AM' },
    service: { name: 'Corte de Cabello Premium' },
    professional: { name: 'Carlos García' },
    branch: { name: 'Sucursal Centro' },
  };

  it("keeps the seed API's pre-formatted date and time verbatim", () => {
    expect(buildTemplateContext(seedConfirmation).appointment).toMatchObject({
      date: '15 de Noviembre, 2025',
      time: '10:00 AM',
      dateTime: '15 de Noviembre, 2025, 10:00 AM',
      relativeDay: '15 de Noviembre, 2025',
    });
  });

  it("uses a pre-formatted 'mañana' as the relative day, as the seed's reminder did", () => {
    const context = buildTemplateContext({ ...seedConfirmation, appointment: { date: 'mañana', time: '2:00 PM' } });
    expect(context.appointment).toMatchObject({ relativeDay: 'mañana', time: '2:00 PM' });
  });

  it('formats the previous time of a rescheduled appointment', () => {
    const context = buildTemplateContext(
      {
        tenant: tenantIn('America/Mexico_City'),
        client: { firstName: 'Ana' },
        appointment: {
          startTime: new Date('2025-11-15T16:00:00Z'),
          previousStartTime: new Date('2025-11-14T23:00:00Z'),
          cancelReason: null,
        },
      },
      new Date('2025-11-01T00:00:00Z'),
    );
    expect(context.appointment).toMatchObject({
      previousDate: '14 de noviembre de 2025',
      previousTime: '5:00 p.m.',
      previousDateTime: '14 de noviembre de 2025, 5:00 p.m.',
      cancelReason: '',
    });
  });

  it('builds the client name from its parts, and the first name from a full name', () => {
    const named = (client: TemplateContextInput['client']) => buildTemplateContext({ ...seedConfirmation, client }).client;
    expect(named({ firstName: 'María', lastName: 'González' })).toEqual({ firstName: 'María', lastName: 'González', name: 'María González' });
    expect(named({ firstName: 'María', lastName: null })).toEqual({ firstName: 'María', lastName: '', name: 'María' });
    expect(named({ name: 'María González' })).toEqual({ firstName: 'María', lastName: '', name: 'María González' });
  });

  it('fills every missing field with "" (or null for the duration), never undefined', () => {
    const context = buildTemplateContext({ tenant: tenantIn('America/Mexico_City'), client: { firstName: 'Ana' } });
    expect(context).toEqual({
      tenant: { name: 'Estética Bella', timezone: 'America/Mexico_City', locale: 'es-MX' },
      branch: { name: '', address: '', phone: '' },
      client: { firstName: 'Ana', lastName: '', name: 'Ana' },
      appointment: {
        id: '',
        date: '',
        time: '',
        dateTime: '',
        relativeDay: '',
        previousDate: '',
        previousTime: '',
        previousDateTime: '',
        cancelReason: '',
      },
      service: { name: '', durationMinutes: null },
      professional: { name: '' },
      feedbackUrl: '',
      message: '',
    });
  });

  it('rejects an unknown timezone with a message that says what to use', () => {
    expect(() => buildTemplateContext({ tenant: tenantIn('Mexico/Guadalajara_City'), client: { name: 'Ana' } })).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: 'Unknown timezone "Mexico/Guadalajara_City"; use an IANA name such as America/Mexico_City',
      }),
    );
  });
});
