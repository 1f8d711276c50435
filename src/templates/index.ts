/**
 * Templates: the system default messages (es-MX, en), Liquid rendering that is safe for
 * tenant-written text, the template variables, WhatsApp template parameters and reply choices.
 */
export { buildTemplateContext, type AppointmentInput, type TemplateContext, type TemplateContextInput } from './template-context.ts';
export { exampleTemplateContext } from './example-context.ts';
export { renderTemplate } from './render-template.ts';
export { renderNotification, type NotificationTemplateChoice, type RenderedNotification } from './render-notification.ts';
export { validateTemplate } from './validate-template.ts';
export { MAX_TEMPLATE_LENGTH } from './liquid-engine.ts';
export { defaultTemplates, type DefaultTemplate } from './default-templates.ts';
export { whatsappTemplateParams } from './whatsapp-template-params.ts';
export { confirmationChoices, parseChoiceValue, type ChoiceAction, type InteractiveChoice } from './confirmation-choices.ts';
export { resolveTemplateLocale, templateLocales, type TemplateLocale } from './template-locale.ts';
export { createTenantTemplatesRepository, type TenantTemplateValues } from './tenant-templates.repository.ts';
export { templatesRoutes } from './templates.routes.ts';
