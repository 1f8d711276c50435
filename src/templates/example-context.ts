import { TZDate } from '@date-fns/tz';
import { assertKnownTimezone } from './appointment-text.ts';
import { buildTemplateContext, type TemplateContext } from './template-context.ts';
import { resolveTemplateLocale } from './template-locale.ts';

/** The seed's example data, in each language. */
const exampleData = {
  'es-MX': {
    tenant: 'Estética Bella',
    branch: { name: 'Sucursal Centro', address: 'Av. Juárez 123, Centro, Guadalajara', phone: '+52 33 1234 5678' },
    service: 'Corte de Cabello Premium',
    cancelReason: 'El profesional no está disponible',
    message: '🎉 *Oferta especial para ti*\n\n✨ 25% de descuento en tu próxima cita',
  },
  en: {
    tenant: 'Bella Salon',
    branch: { name: 'Downtown Branch', address: '123 Main St, Springfield', phone: '+1 415 555 0123' },
    service: 'Premium Haircut',
    cancelReason: 'The professional is not available',
    message: '🎉 *A special offer for you*\n\n✨ 25% off your next appointment',
  },
} as const;

/**
 * A complete context with sample values (an appointment tomorrow at 10:00, moved from today at
 * 10:00), for template previews and for trying a tenant's template before it is saved. Pass the
 * tenant's name and timezone to see the dates as that tenant's clients will read them.
 */
export function exampleTemplateContext(
  locale: string,
  now: Date = new Date(),
  tenant: { name?: string; timezone?: string } = {},
): TemplateContext {
  const data = exampleData[resolveTemplateLocale(locale)];
  const timezone = tenant.timezone ?? 'America/Mexico_City';
  assertKnownTimezone(timezone);
  // 10:00 on the reader's calendar, so the sample always reads "mañana, 10:00 a.m." whatever the
  // hour and the zone (a fixed offset from `now` could land after midnight, the day after tomorrow).
  const today = new TZDate(now.getTime(), timezone);
  const at10 = (dayOffset: number) =>
    new Date(new TZDate(today.getFullYear(), today.getMonth(), today.getDate() + dayOffset, 10, 0, 0, timezone).getTime());
  return buildTemplateContext(
    {
      tenant: { name: tenant.name ?? data.tenant, timezone, locale },
      branch: data.branch,
      client: { firstName: 'María', lastName: 'González' },
      appointment: {
        id: 'apt-789',
        startTime: at10(1),
        previousStartTime: at10(0),
        cancelReason: data.cancelReason,
      },
      service: { name: data.service, durationMinutes: 60 },
      professional: { name: 'Carlos García' },
      feedbackUrl: 'https://citaplanner.com/feedback/apt-789',
      message: data.message,
    },
    now,
  );
}
