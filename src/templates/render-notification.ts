import type { NotificationChannelValue, NotificationTypeValue } from '../notifications/notification.enums.ts';
import { defaultTemplates, withoutWhatsAppBold } from './default-templates.ts';
import { renderTemplate } from './render-template.ts';
import type { TemplateContext } from './template-context.ts';
import { resolveTemplateLocale } from './template-locale.ts';

export interface NotificationTemplateChoice {
  type: NotificationTypeValue;
  /** Any BCP 47 tag; English when it starts with "en", Spanish (es-MX) otherwise. */
  locale: string;
  channel?: NotificationChannelValue;
  /** The tenant's own body for this type/channel/locale, used instead of the default. */
  override?: string | null;
  /** The tenant's own email subject. */
  subjectOverride?: string | null;
}

export interface RenderedNotification {
  text: string;
  /** One line, for email. */
  subject: string;
}

/**
 * Renders a notification from the tenant's template when it has one, else from the system default
 * in the requested language. Build `context` with the same locale so dates read in that language.
 */
export function renderNotification(choice: NotificationTemplateChoice, context: TemplateContext): RenderedNotification {
  const defaults = defaultTemplates[choice.type][resolveTemplateLocale(choice.locale)];
  const plainText = choice.channel === 'EMAIL' || choice.channel === 'SMS';
  const body = choice.override || (plainText ? withoutWhatsAppBold(defaults.body) : defaults.body);
  return {
    text: renderTemplate(body, context),
    subject: renderTemplate(choice.subjectOverride || defaults.subject, context).replace(/\s+/g, ' ').trim(),
  };
}
