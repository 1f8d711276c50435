/**
 * Turns a request to notify someone into the log row that will be delivered: who (a client of the
 * tenant, or an ad-hoc phone/email), on which channel (explicit, or the tenant's fallback order),
 * and what (the tenant's template or the default, rendered in the tenant's locale and timezone).
 */
import { getAppointmentWithDetails, getClient, findClientByPhone, type AppointmentWithDetails } from '../booking/index.ts';
import type { Client } from '../booking/booking.tables.ts';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { AppError } from '../errors.ts';
import { normalizePhone } from '../phone/index.ts';
import { nextMidnight } from '../reminders/quiet-hours.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import type { Tenant } from '../tenancy/tenancy.tables.ts';
import {
  buildTemplateContext,
  confirmationChoices,
  renderNotification,
  renderTemplate,
  whatsappTemplateParams,
  type TemplateContextInput,
} from '../templates/index.ts';
import { createTenantTemplatesRepository } from '../templates/tenant-templates.repository.ts';
import type { LogMetadata } from './deliver.ts';
import type { NewLogRow } from './log.repository.ts';
import type { MessageReads } from './message-reads.ts';
import { NotificationChannel, type NotificationChannelValue, type NotificationTypeValue } from './notification.enums.ts';
import type { NotificationLogRow, NotificationSettingsRow } from './notifications.tables.ts';
import { getNotificationSettings } from './settings.service.ts';

/** Pre-formatted values the seed's API accepts (`appointmentDate: '15 de Noviembre, 2025'`). */
export interface SeedVariables {
  clientName?: string;
  appointmentDate?: string;
  appointmentTime?: string;
  serviceName?: string;
  professionalName?: string;
  branchName?: string;
  reason?: string;
  feedbackUrl?: string;
}

export interface NotificationRequest {
  type: NotificationTypeValue;
  /** Explicit channel; without it the tenant's fallback order decides. */
  channel?: NotificationChannelValue;
  /** With an explicit channel: the channels to try next if it fails for good. */
  fallbackChannels?: NotificationChannelValue[];
  clientId?: string;
  /** Phone (or email for EMAIL) when the recipient is not given as a client. */
  recipient?: string;
  recipientName?: string;
  appointmentId?: string;
  campaignId?: string;
  /** The text to send as is, instead of a template. */
  message?: string;
  /** One of the tenant's templates, by name. */
  templateName?: string;
  variables?: SeedVariables;
  /** Same key, same message: a repeated request sends nothing new. */
  idempotencyKey: string;
  /** For a reschedule notice: the time the appointment had before the move (the template's "Antes: …"). */
  previousStartTime?: Date;
  scheduledAt?: Date;
  deadlineAt?: Date;
}

const reaches = (channel: NotificationChannelValue, client: Pick<Client, 'phoneE164' | 'email'>) =>
  channel === NotificationChannel.EMAIL ? Boolean(client.email) : Boolean(client.phoneE164);

const enabledIn = (settings: NotificationSettingsRow, channel: NotificationChannelValue) =>
  ({ CHATWOOT: settings.chatwootEnabled, WHATSAPP: settings.whatsappEnabled, SMS: settings.smsEnabled, EMAIL: settings.emailEnabled })[channel];

/** The channels to try, in order: the explicit one, or the enabled channels of the fallback order that can reach the client. */
export function channelPlan(settings: NotificationSettingsRow, req: Pick<NotificationRequest, 'channel' | 'fallbackChannels'>, reach: Pick<Client, 'phoneE164' | 'email'>) {
  if (req.channel) return [req.channel, ...(req.fallbackChannels ?? [])];
  return settings.channelOrder.filter((c) => enabledIn(settings, c) && reaches(c, reach));
}

interface Recipient {
  client: Client | null;
  phoneE164: string | null;
  email: string | null;
  name: string;
}

async function resolveRecipient(ctx: AppContext, db: DbOrTx, tenantId: string, country: string, req: NotificationRequest): Promise<Recipient> {
  if (req.clientId) {
    const client = await getClient({ ...ctx, db }, tenantId, req.clientId);
    return { client, phoneE164: client.phoneE164, email: client.email, name: req.recipientName || `${client.firstName} ${client.lastName}`.trim() };
  }
  if (!req.recipient) throw new AppError('VALIDATION_FAILED', 'Say who receives the message: clientId, or recipient (a phone number, or an email for EMAIL)', { field: 'recipient' });
  if (req.channel === NotificationChannel.EMAIL || req.recipient.includes('@')) {
    return { client: null, phoneE164: null, email: req.recipient.trim(), name: req.recipientName ?? req.recipient };
  }
  const { e164 } = normalizePhone(req.recipient, country as never);
  // A known client behind the phone brings its consent, its language and its cached Chatwoot conversation.
  const client = (await findClientByPhone({ ...ctx, db }, tenantId, e164)) ?? null;
  const name = req.recipientName || (client ? `${client.firstName} ${client.lastName}`.trim() : e164);
  return { client, phoneE164: e164, email: client?.email ?? null, name };
}

/**
 * Builds the log row(s) values for a request; the first channel of the plan is used, the rest are its fallback.
 * `reads`: rows the caller already read for this same message (used instead of reading them again); what
 * compose reads is added to it, for the same call's inline delivery (see message-reads.ts).
 */
export async function composeNotification(ctx: AppContext, tenantId: string, req: NotificationRequest, db: DbOrTx = ctx.db, reads: MessageReads = {}): Promise<NewLogRow> {
  const tenant = (reads.tenant ??= await getTenant({ db }, tenantId));
  const settings = (reads.settings ??= await getNotificationSettings(db, tenantId));
  const details = req.appointmentId ? await getAppointmentWithDetails({ ...ctx, db }, tenantId, req.appointmentId) : null;
  if (details) reads.details = details;
  if (details && req.clientId && details.client.id !== req.clientId) {
    throw new AppError('VALIDATION_FAILED', 'The appointment belongs to another client', { field: 'appointmentId' });
  }
  const recipient = details && !req.clientId && !req.recipient
    ? { client: details.client, phoneE164: details.client.phoneE164, email: details.client.email, name: `${details.client.firstName} ${details.client.lastName}`.trim() }
    : await resolveRecipient(ctx, db, tenantId, tenant.defaultCountry, req);

  const plan = channelPlan(settings, req, { phoneE164: recipient.phoneE164, email: recipient.email });
  const channel = plan[0] ?? req.channel ?? settings.channelOrder[0];
  const rendered = await renderText(db, req, { tenant, settings, details, reader: recipient, channel }, new Date());

  const address = channel === NotificationChannel.EMAIL ? recipient.email : recipient.phoneE164;
  const metadata: LogMetadata = {
    ...rendered.metadata,
    ...(details ? { appointmentVersion: details.appointment.version, branchId: details.appointment.branchId } : {}),
    // Fallback needs a client to reach on another channel; an ad-hoc address has only the one.
    fallback: recipient.client ? plan.slice(1) : [],
    ...(req.message ? { explicitMessage: true } : {}),
    // Kept so a fallback channel renders the same "Antes: …" line.
    ...(req.previousStartTime ? { previousStartTime: req.previousStartTime.toISOString() } : {}),
  };
  return {
    type: req.type,
    channel,
    // A recipient the channel cannot reach is still logged, as FAILED with the reason (not an exception).
    status: address ? 'QUEUED' : 'FAILED',
    ...(address ? {} : { errorCode: 'NO_ADDRESS', errorMessage: `The recipient has no ${channel === 'EMAIL' ? 'email address' : 'usable phone number'} for ${channel}`, failedAt: new Date() }),
    recipient: address ?? '',
    recipientName: recipient.name,
    clientId: recipient.client?.id ?? null,
    appointmentId: details?.appointment.id ?? null,
    campaignId: req.campaignId ?? null,
    subject: rendered.subject,
    message: rendered.message,
    idempotencyKey: req.idempotencyKey,
    metadata,
    scheduledAt: req.scheduledAt ?? new Date(),
    deadlineAt: req.deadlineAt ?? null,
  };
}

/** Who reads the text: their client row (language, name) when there is one, else the name to greet. */
type Reader = Pick<Recipient, 'client' | 'name'>;

/** What a text is rendered from besides its request: read by compose, and again by renderAgain. */
interface TextSources {
  tenant: Tenant;
  settings: NotificationSettingsRow;
  details: AppointmentWithDetails | null;
  reader: Reader;
  channel: NotificationChannelValue;
}

/** The parts of a request that decide its text. */
type TextRequest = Pick<NotificationRequest, 'type' | 'message' | 'templateName' | 'variables' | 'previousStartTime'>;

interface RenderedText {
  subject: string;
  message: string;
  metadata: Pick<LogMetadata, 'templateParams' | 'choices' | 'renderedDayEndsAt' | 'templateName' | 'variables'>;
}

/** The tenant's template (or the default) rendered for the reader, their language and the tenant's zone, on the reader's day at `now`. */
async function renderText(db: DbOrTx, req: TextRequest, { tenant, settings, details, reader, channel }: TextSources, now: Date): Promise<RenderedText> {
  const locale = reader.client?.locale ?? tenant.locale;
  const v = req.variables ?? {};
  const contextInput: TemplateContextInput = {
    tenant: { name: tenant.name, timezone: tenant.timezone, locale },
    branch: details?.branch ?? (v.branchName ? { name: v.branchName } : null),
    // A name the caller passed (the seed's clientName) is what they want said; else the client's own.
    client: v.clientName ? { name: v.clientName } : reader.client ? { firstName: reader.client.firstName, lastName: reader.client.lastName } : { name: reader.name },
    appointment: details
      ? {
          id: details.appointment.id,
          startTime: details.appointment.startTime,
          previousStartTime: req.previousStartTime ?? null,
          cancelReason: details.appointment.cancelReason ?? v.reason,
        }
      : v.appointmentDate
        ? { date: v.appointmentDate, time: v.appointmentTime, cancelReason: v.reason }
        : v.reason ? { date: '', cancelReason: v.reason } : null,
    service: details?.service ?? (v.serviceName ? { name: v.serviceName } : null),
    professional: details?.professional ?? (v.professionalName ? { name: v.professionalName } : null),
    feedbackUrl: v.feedbackUrl,
    message: req.message,
  };
  const context = buildTemplateContext(contextInput, now);
  if (settings.feedbackUrlTemplate && !v.feedbackUrl) context.feedbackUrl = renderTemplate(settings.feedbackUrlTemplate, context);

  const templates = createTenantTemplatesRepository(db, tenant.id);
  let text: string;
  let subject: string;
  if (req.message && req.type !== 'PROMOTION') {
    text = req.message;
    subject = renderNotification({ type: req.type, locale, channel }, context).subject;
  } else {
    const own = req.templateName ? await templates.findByName(req.templateName) : await templates.findFor(req.type, channel, locale);
    if (req.templateName && !own) throw new AppError('NOT_FOUND', `Template "${req.templateName}" not found (GET /api/templates lists them)`);
    ({ text, subject } = renderNotification({ type: req.type, locale, channel, override: own?.body, subjectOverride: own?.subject }, context));
  }

  const interactive = settings.interactiveConfirmations && details && (req.type === 'APPOINTMENT_CONFIRMATION' || req.type === 'APPOINTMENT_REMINDER');
  // A template about an appointment may say "hoy" / "mañana", true only until the reader's midnight;
  // a caller's own text is theirs to word, and a written date (the seed's) reads the same any day.
  const dayRelative = details && !req.message;
  return {
    subject,
    message: text,
    metadata: {
      templateParams: whatsappTemplateParams(req.type, context),
      ...(interactive ? { choices: confirmationChoices(locale, details.appointment.id) } : {}),
      ...(dayRelative
        ? {
            renderedDayEndsAt: nextMidnight(now, tenant.timezone).toISOString(),
            ...(req.templateName ? { templateName: req.templateName } : {}),
            ...(req.variables ? { variables: req.variables } : {}),
          }
        : {}),
    },
  };
}

/**
 * A row's text rendered again for `now`, from what the row kept of its request: its type, reader,
 * appointment, named template, variables and "Antes: …" time, on the row's own channel, with the
 * tenant's templates and settings as they are now. For a row whose text compose rendered from a
 * template (it has `renderedDayEndsAt`); deliver.ts uses it when that day has ended.
 */
export async function renderAgain(ctx: AppContext, row: NotificationLogRow, now: Date): Promise<Pick<NewLogRow, 'subject' | 'message' | 'metadata'>> {
  const meta = row.metadata as LogMetadata;
  const [tenant, settings, details] = await Promise.all([
    getTenant(ctx, row.tenantId),
    getNotificationSettings(ctx.db, row.tenantId),
    row.appointmentId ? getAppointmentWithDetails(ctx, row.tenantId, row.appointmentId) : null,
  ]);
  // The client compose found: the appointment's, the one asked for by id, or the one behind the phone.
  const client = !row.clientId ? null : details?.client.id === row.clientId ? details.client : await getClient(ctx, row.tenantId, row.clientId);
  const req: TextRequest = {
    type: row.type,
    templateName: meta.templateName,
    variables: meta.variables,
    previousStartTime: meta.previousStartTime ? new Date(meta.previousStartTime) : undefined,
  };
  const rendered = await renderText(ctx.db, req, { tenant, settings, details, reader: { client, name: row.recipientName ?? '' }, channel: row.channel }, now);
  // Reply choices follow today's settings, as the text does: dropped if they were turned off.
  const { choices: _before, ...kept } = meta;
  return { subject: rendered.subject, message: rendered.message, metadata: { ...kept, ...rendered.metadata } };
}
