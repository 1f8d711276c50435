import type { NotificationTypeValue } from '../notifications/notification.enums.ts';
import type { TemplateContext } from './template-context.ts';

/**
 * The body parameters ({{1}}, {{2}}, …) of the approved WhatsApp template for each type, in order.
 * The tenant's templates in Meta must be written for this order (see README).
 */
const parametersByType: Record<NotificationTypeValue, (context: TemplateContext) => string[]> = {
  APPOINTMENT_CONFIRMATION: ({ client, appointment, service, branch, tenant }) => [
    client.name,
    appointment.date,
    appointment.time,
    service.name,
    branch.name || tenant.name,
  ],
  APPOINTMENT_CANCELLATION: ({ client, appointment, service }) => [client.name, appointment.date, appointment.time, service.name],
  APPOINTMENT_RESCHEDULE: ({ client, appointment, service }) => [
    client.name,
    appointment.previousDateTime,
    appointment.date,
    appointment.time,
    service.name,
  ],
  APPOINTMENT_REMINDER: ({ client, appointment, service }) => [client.name, appointment.date, appointment.time, service.name],
  FEEDBACK_REQUEST: ({ client, service, feedbackUrl }) => [client.name, service.name, feedbackUrl],
  PROMOTION: ({ client, message }) => [client.firstName, message],
  CUSTOM: ({ message }) => [message],
};

/** Meta rejects a template parameter that is empty or holds newlines, tabs or runs of spaces. */
const PLACEHOLDER = '-';

/** The ordered body parameters for the approved WhatsApp template of `type`. */
export function whatsappTemplateParams(type: NotificationTypeValue, context: TemplateContext): string[] {
  return parametersByType[type](context).map((value) => value.replace(/\s+/g, ' ').trim() || PLACEHOLDER);
}
