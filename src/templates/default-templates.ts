import type { NotificationTypeValue } from '../notifications/notification.enums.ts';
import type { TemplateLocale } from './template-locale.ts';

export interface DefaultTemplate {
  /** Email subject. */
  subject: string;
  /** Message body, formatted for WhatsApp/Chatwoot (`*bold*`). */
  body: string;
}

/*
 * The system templates. The layout is the seed's, which clients already know: bold title with an
 * emoji, blank line, greeting, blank line, one line per field with its emoji, blank line, closing.
 * A field line whose variable is empty disappears (see line-omission.ts), so optional fields
 * (professional, branch, address, reason) need no {% if %}.
 */
export const defaultTemplates: Record<NotificationTypeValue, Record<TemplateLocale, DefaultTemplate>> = {
  APPOINTMENT_CONFIRMATION: {
    'es-MX': {
      subject: 'Cita confirmada — {{ tenant.name }}',
      body: `✅ *Cita Confirmada*

Hola {{ client.name }}, tu cita ha sido confirmada.

📅 Fecha: {{ appointment.date }}
⏰ Hora: {{ appointment.time }}
💼 Servicio: {{ service.name }}
💼 Profesional: {{ professional.name }}
💼 Sucursal: {{ branch.name }}
📍 Dirección: {{ branch.address }}

¡Te esperamos!`,
    },
    en: {
      subject: 'Appointment confirmed — {{ tenant.name }}',
      body: `✅ *Appointment Confirmed*

Hi {{ client.name }}, your appointment has been confirmed.

📅 Date: {{ appointment.date }}
⏰ Time: {{ appointment.time }}
💼 Service: {{ service.name }}
💼 Professional: {{ professional.name }}
💼 Branch: {{ branch.name }}
📍 Address: {{ branch.address }}

We look forward to seeing you!`,
    },
  },
  APPOINTMENT_CANCELLATION: {
    'es-MX': {
      subject: 'Cita cancelada — {{ tenant.name }}',
      body: `❌ *Cita Cancelada*

Hola {{ client.name }}, tu cita ha sido cancelada.

📅 Fecha: {{ appointment.date }}
⏰ Hora: {{ appointment.time }}
💼 Servicio: {{ service.name }}
📝 Motivo: {{ appointment.cancelReason }}

Si deseas agendar una nueva cita, contáctanos.`,
    },
    en: {
      subject: 'Appointment cancelled — {{ tenant.name }}',
      body: `❌ *Appointment Cancelled*

Hi {{ client.name }}, your appointment has been cancelled.

📅 Date: {{ appointment.date }}
⏰ Time: {{ appointment.time }}
💼 Service: {{ service.name }}
📝 Reason: {{ appointment.cancelReason }}

If you would like to book a new appointment, please contact us.`,
    },
  },
  APPOINTMENT_RESCHEDULE: {
    'es-MX': {
      subject: 'Cita reagendada — {{ tenant.name }}',
      body: `🔄 *Cita Reagendada*

Hola {{ client.name }}, tu cita ha sido reagendada.

🗓 Antes: {{ appointment.previousDateTime }}
📅 Nueva fecha: {{ appointment.date }}
⏰ Nueva hora: {{ appointment.time }}
💼 Servicio: {{ service.name }}
💼 Profesional: {{ professional.name }}
💼 Sucursal: {{ branch.name }}

¡Te esperamos!`,
    },
    en: {
      subject: 'Appointment rescheduled — {{ tenant.name }}',
      body: `🔄 *Appointment Rescheduled*

Hi {{ client.name }}, your appointment has been rescheduled.

🗓 Previously: {{ appointment.previousDateTime }}
📅 New date: {{ appointment.date }}
⏰ New time: {{ appointment.time }}
💼 Service: {{ service.name }}
💼 Professional: {{ professional.name }}
💼 Branch: {{ branch.name }}

We look forward to seeing you!`,
    },
  },
  APPOINTMENT_REMINDER: {
    'es-MX': {
      subject: 'Recordatorio de tu cita — {{ tenant.name }}',
      body: `⏱ *Recordatorio de Cita*

Hola {{ client.name }}, te recordamos que tienes una cita:

📅 {{ appointment.relativeDay }}
⏱ {{ appointment.time }}
💼 {{ service.name }}
📍 {{ branch.address }}

¡No olvides asistir!`,
    },
    en: {
      subject: 'Appointment reminder — {{ tenant.name }}',
      body: `⏱ *Appointment Reminder*

Hi {{ client.name }}, this is a reminder of your appointment:

📅 {{ appointment.relativeDay }}
⏱ {{ appointment.time }}
💼 {{ service.name }}
📍 {{ branch.address }}

See you there!`,
    },
  },
  FEEDBACK_REQUEST: {
    'es-MX': {
      subject: '¿Cómo fue tu experiencia? — {{ tenant.name }}',
      body: `⭐ *¿Cómo fue tu experiencia?*

Hola {{ client.name }}, gracias por visitarnos.

💼 Servicio: {{ service.name }}
💼 Profesional: {{ professional.name }}

Cuéntanos qué te pareció, solo toma un minuto:
🔗 {{ feedbackUrl }}

¡Gracias por tu preferencia!`,
    },
    en: {
      subject: 'How was your visit? — {{ tenant.name }}',
      body: `⭐ *How was your visit?*

Hi {{ client.name }}, thank you for visiting us.

💼 Service: {{ service.name }}
💼 Professional: {{ professional.name }}

Tell us how it went, it only takes a minute:
🔗 {{ feedbackUrl }}

Thank you for choosing us!`,
    },
  },
  PROMOTION: {
    'es-MX': {
      subject: 'Una promoción para ti — {{ tenant.name }}',
      body: `Hola {{ client.firstName }} 👋

{{ message }}

— {{ tenant.name }}
Responde BAJA si no deseas recibir promociones.`,
    },
    en: {
      subject: 'A special offer for you — {{ tenant.name }}',
      body: `Hi {{ client.firstName }} 👋

{{ message }}

— {{ tenant.name }}
Reply STOP if you no longer want to receive offers.`,
    },
  },
  CUSTOM: {
    'es-MX': { subject: 'Mensaje de {{ tenant.name }}', body: '{{ message }}' },
    en: { subject: 'Message from {{ tenant.name }}', body: '{{ message }}' },
  },
};

/** Email and SMS do not render WhatsApp's `*bold*`; their default bodies drop the asterisks. */
export function withoutWhatsAppBold(body: string): string {
  return body.replace(/\*([^*\n]+)\*/g, '$1');
}
