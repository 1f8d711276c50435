import { getAppointmentWithDetails } from '../booking/index.ts';
import type { AppContext } from '../context.ts';
import { AppError, isAppError, notFound } from '../errors.ts';
import type { NotificationChannelValue, NotificationTypeValue } from '../notifications/notification.enums.ts';
import type { NotificationTemplateRow } from '../notifications/notifications.tables.ts';
// Not the notifications index: notifications imports this capability (compose.ts), and its index
// would pull its routes into a cycle. The settings service only reads a table.
import { getNotificationSettings } from '../notifications/settings.service.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { defaultTemplates, withoutWhatsAppBold } from './default-templates.ts';
import { exampleTemplateContext } from './example-context.ts';
import { renderNotification } from './render-notification.ts';
import { renderTemplate } from './render-template.ts';
import { buildTemplateContext, type TemplateContext } from './template-context.ts';
import { templateLocales, type TemplateLocale } from './template-locale.ts';
import type { TemplateCreate, TemplateListQuery, TemplatePatch, TemplatePreview } from './templates.schemas.ts';
import {
  createTenantTemplatesRepository,
  templateKindConstraint,
  templateNameConstraint,
  type TenantTemplateValues,
} from './tenant-templates.repository.ts';
import { validateTemplate } from './validate-template.ts';

type Ctx = Pick<AppContext, 'db'>;
type TemplatesRepository = ReturnType<typeof createTenantTemplatesRepository>;

export interface TemplatePage {
  data: NotificationTemplateRow[];
  pagination: { total: number; limit: number; offset: number };
}

export async function listTemplates(ctx: Ctx, tenantId: string, query: TemplateListQuery): Promise<TemplatePage> {
  const { limit, offset, channel, ...filters } = query;
  const { rows, total } = await createTenantTemplatesRepository(ctx.db, tenantId).list({
    ...filters,
    channel: channel === 'ANY' ? null : channel,
    limit,
    offset,
  });
  return { data: rows, pagination: { total, limit, offset } };
}

export async function getTemplate(ctx: Ctx, tenantId: string, id: string): Promise<NotificationTemplateRow> {
  const row = await createTenantTemplatesRepository(ctx.db, tenantId).find(id);
  if (!row) throw notFound('Template');
  return row;
}

/** Saves a tenant template; a body or subject that would fail (or lose lines) at send time is refused here. */
export async function createTemplate(ctx: Ctx, tenantId: string, input: TemplateCreate): Promise<NotificationTemplateRow> {
  checkTexts(input);
  const repo = createTenantTemplatesRepository(ctx.db, tenantId);
  const values: TenantTemplateValues = { ...input, channel: input.channel ?? null, subject: input.subject ?? null };
  return explainClash(repo, values, () => repo.insert(values));
}

export async function updateTemplate(ctx: Ctx, tenantId: string, id: string, patch: TemplatePatch): Promise<NotificationTemplateRow> {
  const repo = createTenantTemplatesRepository(ctx.db, tenantId);
  const current = await repo.find(id);
  if (!current) throw notFound('Template');
  checkTexts(patch);
  if (Object.keys(patch).length === 0) return current;
  const updated = await explainClash(repo, { ...current, ...patch }, () => repo.update(id, patch));
  if (!updated) throw notFound('Template');
  return updated;
}

/** Deleting an override only brings the system default back for that message. */
export async function deleteTemplate(ctx: Ctx, tenantId: string, id: string): Promise<void> {
  const removed = await createTenantTemplatesRepository(ctx.db, tenantId).remove(id);
  if (!removed) throw notFound('Template');
}

export interface DefaultTemplateView {
  type: NotificationTypeValue;
  locale: TemplateLocale;
  subject: string;
  body: string;
  plainTextBody: string;
}

/** The system templates, as a starting point for a tenant's own. */
export function listDefaultTemplates(filter: { type?: NotificationTypeValue; locale?: TemplateLocale } = {}): DefaultTemplateView[] {
  return Object.entries(defaultTemplates).flatMap(([type, byLocale]) =>
    templateLocales
      .filter((locale) => (filter.type === undefined || filter.type === type) && (filter.locale === undefined || filter.locale === locale))
      .map((locale) => ({
        type: type as NotificationTypeValue,
        locale,
        subject: byLocale[locale].subject,
        body: byLocale[locale].body,
        plainTextBody: withoutWhatsAppBold(byLocale[locale].body),
      })),
  );
}

export interface TemplatePreviewResult {
  text: string;
  subject: string;
  variables: TemplateContext;
  usedDefault: boolean;
  templateId: string | null;
  locale: TemplateLocale;
}

/**
 * Renders a message as a send would: the body given, else the saved template asked for, else the
 * tenant's active template for this type/channel/locale, else the system default. Variables come
 * from one of the tenant's appointments, or from sample data in the tenant's timezone.
 */
export async function previewTemplate(ctx: Ctx, tenantId: string, input: TemplatePreview): Promise<TemplatePreviewResult> {
  const repo = createTenantTemplatesRepository(ctx.db, tenantId);
  // The repository is tenant-scoped: another tenant's template id is simply not found (404).
  const saved = input.templateId ? await repo.find(input.templateId) : undefined;
  if (input.templateId && !saved) throw notFound('Template');
  const type = input.type ?? saved?.type;
  if (!type) {
    throw new AppError('VALIDATION_FAILED', 'type: say which message to preview (type), or preview a saved template (templateId)', { field: 'type' });
  }
  checkTexts(input);

  const tenant = await getTenant(ctx, tenantId);
  // Scoped to the tenant as well: another tenant's appointment is a 404.
  const details = input.appointmentId ? await getAppointmentWithDetails(ctx, tenantId, input.appointmentId) : null;
  const locale = asTemplateLocale(input.locale ?? saved?.locale ?? details?.client.locale ?? tenant.locale);
  const channel: NotificationChannelValue | null = input.channel ?? saved?.channel ?? null;
  const own = saved ?? (input.body === undefined ? await repo.findFor(type, channel, locale) : undefined);

  const sample = exampleTemplateContext(locale, new Date(), { name: tenant.name, timezone: tenant.timezone });
  const context = details
    ? buildTemplateContext({
        tenant: { name: tenant.name, timezone: tenant.timezone, locale },
        branch: details.branch,
        client: { firstName: details.client.firstName, lastName: details.client.lastName },
        appointment: { id: details.appointment.id, startTime: details.appointment.startTime, cancelReason: details.appointment.cancelReason },
        service: details.service,
        professional: details.professional,
      })
    : sample;
  context.message = input.message ?? sample.message;
  const settings = await getNotificationSettings(ctx.db, tenantId);
  // Like a send: the tenant's feedback link pattern, filled in with this appointment.
  if (settings.feedbackUrlTemplate) context.feedbackUrl = renderTemplate(settings.feedbackUrlTemplate, context);

  const body = input.body ?? own?.body;
  const subject = input.subject !== undefined ? input.subject : own?.subject;
  const choice = { type, locale, channel: channel ?? undefined };
  // Rendered separately so a render-time error names the field it comes from.
  return {
    text: asField('body', () => renderNotification({ ...choice, override: body }, context).text),
    subject: asField('subject', () => renderNotification({ ...choice, subjectOverride: subject }, context).subject),
    variables: context,
    usedDefault: !body,
    templateId: own?.id ?? null,
    locale,
  };
}

/** Saved and previewed texts pass the same check, so a preview that works means a save that works. */
function checkTexts(input: { body?: string; subject?: string | null }): void {
  if (input.body !== undefined) asField('body', () => validateTemplate(input.body!));
  if (input.subject != null) asField('subject', () => validateTemplate(input.subject!));
}

/** A template error, with `field` added to its `{ line, column, reason }` and named in the message. */
function asField<T>(field: 'body' | 'subject', run: () => T): T {
  try {
    return run();
  } catch (err) {
    if (!isAppError(err) || err.code !== 'VALIDATION_FAILED') throw err;
    throw new AppError('VALIDATION_FAILED', `${field}: ${err.message}`, { field, ...err.details });
  }
}

function asTemplateLocale(locale: string): TemplateLocale {
  return (templateLocales as readonly string[]).includes(locale) ? (locale as TemplateLocale) : locale.startsWith('en') ? 'en' : 'es-MX';
}

interface TemplateKind {
  name: string;
  type: NotificationTypeValue;
  channel?: NotificationChannelValue | null;
  locale?: string;
}

/** A duplicate name, or a second template for the same message, is a 409 that names the existing template. */
async function explainClash<R>(repo: TemplatesRepository, values: TemplateKind, write: () => Promise<R>): Promise<R> {
  try {
    return await write();
  } catch (err) {
    const constraint = uniqueViolation(err);
    if (constraint === templateNameConstraint) {
      const existing = await repo.findNamed(values.name);
      throw new AppError('CONFLICT', `name: another template is already called "${values.name}" (id ${existing?.id}); choose another name`, {
        field: 'name',
        existingId: existing?.id,
        existingName: existing?.name,
      });
    }
    if (constraint === templateKindConstraint) {
      const channel = values.channel ?? null;
      const locale = values.locale ?? 'es-MX';
      const existing = await repo.findKind(values.type, channel, locale);
      throw new AppError(
        'CONFLICT',
        `type: template "${existing?.name}" (id ${existing?.id}) is already the ${values.type} template for ` +
          `${channel ? `the ${channel} channel` : 'every channel'} in ${locale}; change or delete that one instead`,
        { field: 'type', existingId: existing?.id, existingName: existing?.name },
      );
    }
    throw err;
  }
}

/** The unique constraint a write broke, if that is the error (Drizzle wraps the driver's error in `cause`). */
function uniqueViolation(err: unknown): string | undefined {
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const pg = e?.cause?.code ? e.cause : e;
  return pg?.code === '23505' ? pg.constraint : undefined;
}
