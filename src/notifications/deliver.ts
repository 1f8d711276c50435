/**
 * Delivers one queued log row: the single routine behind inline sends (the seed's awaited API)
 * and the worker's `deliver` task. Claiming is one conditional UPDATE, so however many
 * processes try, only one sends a given row (invariant 2); every outcome is written back to the
 * row (invariant 3): SENT, FAILED (and the next channel queued), SKIPPED/CANCELLED with the
 * reason, or QUEUED again with its retry job.
 */
import { and, eq, getTableColumns, sql } from 'drizzle-orm';
import { markReminderSent } from '../booking/index.ts';
import type { Channel, DeliveryOutcome, OutgoingMessage } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { addJob } from '../db/jobs.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { messagesTotal, providerSendSeconds } from '../ops/metrics.ts';
import { inTenantRows, tenantRowKey, tenantRowPlaceholders, type TenantRowKey } from '../tenancy/tenant-scope.ts';
import { isAppError } from '../errors.ts';
import { createChannelFor } from './channel-for.ts';
import { createLogRepository } from './log.repository.ts';
import { renderAgain, type SeedVariables } from './compose.ts';
import type { NotificationChannelValue } from './notification.enums.ts';
import type { MessageReads } from './message-reads.ts';
import { notificationLogs, type NotificationLogRow } from './notifications.tables.ts';
import { DELIVER_TASK, deliverJobKey, queueNotification } from './queue.ts';
import { recheckWanted } from './still-wanted.ts';

export interface LogMetadata {
  choices?: Array<{ title: string; value: string }>;
  templateParams?: string[];
  appointmentVersion?: number;
  branchId?: string | null;
  /** Channels still to try, in order, if this one fails for good. */
  fallback?: NotificationChannelValue[];
  /** The text was given by the caller, not rendered from a template (a fallback keeps it). */
  explicitMessage?: boolean;
  /** A reschedule notice's previous start time (ISO), so a fallback renders it too. */
  previousStartTime?: string;
  /** Set when a crash left the last attempt's outcome unknown: look for the message before re-sending. */
  verifySince?: string;
  /**
   * When the tenant's calendar day the text was rendered on ends (ISO). Set when the text may say
   * "hoy" / "mañana" (a template about an appointment); a delivery after it renders the text again.
   */
  renderedDayEndsAt?: string;
  /** The request's named template and variables, kept so the text is rendered again as it was asked for. */
  templateName?: string;
  variables?: SeedVariables;
  [key: string]: unknown;
}

type LogPatch = Partial<typeof notificationLogs.$inferInsert>;

/** Exponential backoff with jitter: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  const ceiling = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

const claimStatement = preparedPerDb((db) =>
  db
    .update(notificationLogs)
    // Placeholders go through the columns' encoders, as Dates do; updated_at is explicit, as a
    // prepared statement would otherwise keep the time it was built at.
    .set({ status: 'SENDING', attempts: sql`${notificationLogs.attempts} + 1`, sendingStartedAt: sql.placeholder('now') as unknown as Date, updatedAt: sql`now()` })
    .where(and(inTenantRows(notificationLogs), eq(notificationLogs.status, 'QUEUED')))
    .returning()
    .prepare('notification_logs_claim'),
);

// Concurrent deliveries claim their rows in one statement per turn; a row goes to one caller only.
const claimRows = coalescedPerDb(async (db, keys: TenantRowKey[]) =>
  alignTo(keys, await claimStatement(db).execute({ ...tenantRowPlaceholders(keys), now: new Date() }), tenantRowKey, tenantRowKey, { once: true }),
);

async function claim(ctx: AppContext, tenantId: string, logId: string): Promise<NotificationLogRow | undefined> {
  return claimRows(ctx.db, { tenantId, id: logId });
}

/** What a SENT row records. */
interface SentOutcome {
  claimed: NotificationLogRow;
  provider: string;
  providerMessageId: string;
  providerConversationId: string | null;
  sentAt: Date;
}

const p = (name: string) => sql.placeholder(name);
const recordSentStatement = preparedPerDb((db) =>
  db
    .update(notificationLogs)
    .set({
      status: 'SENT',
      provider: sql`v.provider`,
      providerMessageId: sql`v.provider_message_id`,
      providerConversationId: sql`v.provider_conversation_id`,
      sentAt: sql`v.sent_at`,
      errorCode: null,
      errorMessage: null,
      updatedAt: sql`now()`,
    })
    .from(
      sql`unnest(${p('tenantIds')}::uuid[], ${p('ids')}::uuid[], ${p('startedAt')}::timestamptz[], ${p('providers')}::text[], ${p('messageIds')}::text[], ${p('conversationIds')}::text[], ${p('sentAt')}::timestamptz[])
          as v(tenant_id, id, started_at, provider, provider_message_id, provider_conversation_id, sent_at)`,
    )
    // claimedBy, per row: still SENDING by the attempt that sent it.
    .where(
      sql`${notificationLogs.tenantId} = v.tenant_id and ${notificationLogs.id} = v.id and ${notificationLogs.status} = 'SENDING' and ${notificationLogs.sendingStartedAt} is not distinct from v.started_at`,
    )
    .returning(getTableColumns(notificationLogs))
    .prepare('notification_logs_record_sent'),
);

// Every send ends here: the sends that finish in one turn are recorded by one statement.
const recordSentRows = coalescedPerDb(async (db, sent: SentOutcome[]) => {
  const rows = await recordSentStatement(db).execute({
    tenantIds: sent.map((s) => s.claimed.tenantId),
    ids: sent.map((s) => s.claimed.id),
    startedAt: sent.map((s) => s.claimed.sendingStartedAt),
    providers: sent.map((s) => s.provider),
    messageIds: sent.map((s) => s.providerMessageId),
    conversationIds: sent.map((s) => s.providerConversationId),
    sentAt: sent.map((s) => s.sentAt),
  });
  return alignTo(sent, rows, (s) => tenantRowKey(s.claimed), tenantRowKey);
});

/**
 * The row as this attempt claimed it. If recovery took the row from us (we were slower than
 * DELIVERY_STALE_AFTER_MS), our outcome is not written over the new attempt's; the new attempt
 * looks for our message at the provider before sending, so nothing goes out twice.
 */
const claimedBy = (row: NotificationLogRow) =>
  and(
    eq(notificationLogs.tenantId, row.tenantId),
    eq(notificationLogs.id, row.id),
    eq(notificationLogs.status, 'SENDING'),
    row.sendingStartedAt ? eq(notificationLogs.sendingStartedAt, row.sendingStartedAt) : undefined,
  );

async function current(ctx: AppContext, row: NotificationLogRow): Promise<NotificationLogRow> {
  return (await createLogRepository(ctx.db, row.tenantId).find(row.id))!;
}

async function finish(ctx: AppContext, row: NotificationLogRow, patch: LogPatch): Promise<NotificationLogRow> {
  const [updated] = await ctx.db.update(notificationLogs).set(patch).where(claimedBy(row)).returning();
  if (!updated) return current(ctx, row);
  if (patch.status) messagesTotal.inc({ channel: row.channel, type: row.type, status: patch.status });
  return updated;
}

/** Back to the queue with its job, in one transaction: nothing is lost if this process dies now. */
async function requeue(ctx: AppContext, row: NotificationLogRow, runAt: Date, patch: LogPatch): Promise<NotificationLogRow> {
  const updated = await ctx.db.transaction(async (tx) => {
    const [requeued] = await tx.update(notificationLogs).set({ ...patch, status: 'QUEUED', scheduledAt: runAt }).where(claimedBy(row)).returning();
    if (requeued) await addJob(tx, DELIVER_TASK, { tenantId: row.tenantId, logId: row.id }, { runAt, jobKey: deliverJobKey(row.id) });
    return requeued;
  });
  if (!updated) return current(ctx, row);
  messagesTotal.inc({ channel: row.channel, type: row.type, status: patch.errorCode === 'PACED' ? 'PACED' : 'RETRY' });
  return updated;
}

function outgoing(row: NotificationLogRow): OutgoingMessage {
  const meta = row.metadata as LogMetadata;
  return { to: row.recipient, recipientName: row.recipientName ?? undefined, text: row.message, subject: row.subject ?? undefined, choices: meta.choices };
}

type SendOptions = { channel?: Channel; reads?: MessageReads };

/**
 * Sends the row if it is still QUEUED. Returns the row as it ended up, or as found when another
 * process has it or it is already done.
 * `reads`: only from the call that composed and queued this row, right after its commit (inline
 * sends): the last look uses those rows instead of reading them again. Deliveries that run later
 * (the `deliver` job, retries, recovery) pass nothing and read everything again.
 */
export async function deliverLog(
  ctx: AppContext,
  tenantId: string,
  logId: string,
  options: SendOptions = {},
): Promise<NotificationLogRow | undefined> {
  const row = await claim(ctx, tenantId, logId);
  // Not QUEUED: another process has it, or it is done; answer with the row as it is.
  if (!row) return createLogRepository(ctx.db, tenantId).find(logId);
  return deliverClaimed(ctx, row, options);
}

/** Sends a row this caller holds (SENDING, claimed by it or written claimed), and records the outcome. */
export async function deliverClaimed(ctx: AppContext, row: NotificationLogRow, options: SendOptions = {}): Promise<NotificationLogRow> {
  const now = new Date();
  const verdict = await recheckWanted(ctx, row, now, options.reads);
  if (verdict?.status === 'DEFERRED') {
    return requeue(ctx, row, verdict.until, { attempts: row.attempts - 1, errorCode: verdict.code, errorMessage: verdict.reason });
  }
  if (verdict) return finish(ctx, row, { status: verdict.status, errorCode: verdict.code, errorMessage: verdict.reason, ...(verdict.status === 'FAILED' ? { failedAt: new Date() } : {}) });
  if (renderedOnAnEarlierDay(row, now)) return renderForTodayAndSend(ctx, row, now, options);
  return send(ctx, row, options);
}

/**
 * A text that says "mañana" is true only until the reader's midnight: a 24 h reminder rendered at
 * 22:30 and held by quiet hours (or an outage) until the morning would say it on the day of the
 * appointment. Not when an earlier attempt may have sent the text (verifySince): the look for that
 * message at the provider needs the text it had. No read: the day's end was stored with the text,
 * so a delivery on the same day costs nothing.
 */
function renderedOnAnEarlierDay(row: NotificationLogRow, now: Date): boolean {
  const { renderedDayEndsAt, verifySince } = row.metadata as LogMetadata;
  return renderedDayEndsAt !== undefined && !verifySince && now.getTime() >= new Date(renderedDayEndsAt).getTime();
}

/** The text rendered again for today and written to the row (while this attempt still holds it), then sent. */
async function renderForTodayAndSend(ctx: AppContext, row: NotificationLogRow, now: Date, options: SendOptions): Promise<NotificationLogRow> {
  let patch;
  try {
    patch = await renderAgain(ctx, row, now);
  } catch (err) {
    if (!isAppError(err)) throw err;
    // Better no message than one naming the wrong day: a client told "mañana" on the day may not come.
    return finish(ctx, row, {
      status: 'FAILED',
      errorCode: 'RERENDER_FAILED',
      errorMessage: `Rendered on an earlier day, so its "today"/"tomorrow" may be wrong, and it could not be rendered again: ${err.message}`,
      failedAt: now,
    });
  }
  const [reworded] = await ctx.db.update(notificationLogs).set(patch).where(claimedBy(row)).returning();
  return reworded ? send(ctx, reworded, options) : current(ctx, row);
}

/** Builds the channel and sends the row as it is (checking first for an earlier attempt's message), and records the outcome. */
async function send(ctx: AppContext, row: NotificationLogRow, options: SendOptions): Promise<NotificationLogRow> {
  const built = options.channel ? { channel: options.channel } : await createChannelFor(ctx, row);
  if ('error' in built) return failForGood(ctx, row, null, { code: built.error.code, message: built.error.message });
  const message = outgoing(row);
  const meta = row.metadata as LogMetadata;
  if (meta.verifySince && built.channel.findSent) {
    let earlier;
    try {
      earlier = await built.channel.findSent(message, new Date(meta.verifySince));
    } catch (err) {
      // Not knowing is not "not sent": sending now could deliver the message twice (invariant 2).
      return retryLater(ctx, row, built.channel.provider, checkFailed(err));
    }
    if (earlier) return recordSent(ctx, row, built.channel.provider, { ok: true, ...earlier });
  }
  const started = performance.now();
  const outcome = await built.channel.send(message);
  providerSendSeconds.observe({ provider: built.channel.provider, outcome: outcome.ok ? 'sent' : outcome.kind }, (performance.now() - started) / 1000);
  if (outcome.ok) return recordSent(ctx, row, built.channel.provider, outcome);
  if (outcome.kind === 'permanent') return failForGood(ctx, row, built.channel.provider, outcome);
  return retryLater(ctx, row, built.channel.provider, outcome);
}

/** The check for an earlier delivery failed (a 429, 5xx, timeout…): a transient outcome with the error's code and retry time. */
function checkFailed(err: unknown): Extract<DeliveryOutcome, { ok: false }> {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; message?: unknown; retryAfter?: unknown };
  return {
    ok: false,
    kind: 'transient',
    code: typeof e.code === 'string' ? e.code : 'SENT_CHECK_FAILED',
    message: `Could not check whether the earlier attempt reached the provider, so nothing was sent: ${typeof e.message === 'string' ? e.message : String(err)}`,
    retryAfter: e.retryAfter instanceof Date ? e.retryAfter : undefined,
  };
}

async function recordSent(ctx: AppContext, row: NotificationLogRow, provider: string, outcome: Extract<DeliveryOutcome, { ok: true }>) {
  const sent = await recordSentRows(ctx.db, {
    claimed: row,
    provider,
    providerMessageId: outcome.providerMessageId,
    providerConversationId: outcome.providerConversationId ?? null,
    sentAt: new Date(),
  });
  if (!sent) return current(ctx, row);
  messagesTotal.inc({ channel: row.channel, type: row.type, status: 'SENT' });
  const version = (row.metadata as LogMetadata).appointmentVersion;
  if (row.type === 'APPOINTMENT_REMINDER' && row.appointmentId && version !== undefined) {
    await markReminderSent(ctx, row.tenantId, row.appointmentId, version);
  }
  return sent;
}

/** FAILED with the reason; when the tenant's fallback order has another channel, it is queued now. */
async function failForGood(ctx: AppContext, row: NotificationLogRow, provider: string | null, error: { code: string; message: string }) {
  const [next, ...rest] = (row.metadata as LogMetadata).fallback ?? [];
  const failed = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(notificationLogs)
      .set({ status: 'FAILED', provider, errorCode: error.code, errorMessage: error.message, failedAt: new Date() })
      .where(claimedBy(row))
      .returning();
    if (updated && next && row.clientId) {
      const meta = row.metadata as LogMetadata;
      await queueNotification(ctx, tx, row.tenantId, {
        type: row.type,
        clientId: row.clientId,
        appointmentId: row.appointmentId ?? undefined,
        campaignId: row.campaignId ?? undefined,
        message: meta.explicitMessage ? row.message : undefined,
        previousStartTime: meta.previousStartTime ? new Date(meta.previousStartTime) : undefined,
        channel: next,
        fallbackChannels: rest,
        idempotencyKey: `${row.idempotencyKey}>${next}`,
        deadlineAt: row.deadlineAt ?? undefined,
      });
    }
    return updated;
  });
  if (!failed) return current(ctx, row);
  messagesTotal.inc({ channel: row.channel, type: row.type, status: 'FAILED' });
  return failed;
}

async function retryLater(ctx: AppContext, row: NotificationLogRow, provider: string, outcome: Extract<DeliveryOutcome, { ok: false }>) {
  // Waiting for our own pacing is not a failed attempt: come back exactly when the token is there.
  const paced = outcome.code === 'PACED';
  const retryAt = paced && outcome.retryAfter ? outcome.retryAfter : new Date(Math.max(Date.now() + retryDelayMs(row.attempts), outcome.retryAfter?.getTime() ?? 0));
  if (row.deadlineAt && retryAt > row.deadlineAt) {
    return failForGood(ctx, row, provider, {
      code: outcome.code,
      message: `${outcome.message} (gave up: the next try would be after the message's deadline, ${row.deadlineAt.toISOString()})`,
    });
  }
  // A timeout or a server error may hide a message the provider did create: check before re-sending.
  const meta = row.metadata as LogMetadata;
  const outcomeUnknown = /_(TIMEOUT|SERVER_ERROR|NETWORK)$/.test(outcome.code);
  const metadata = outcomeUnknown && !meta.verifySince ? { ...meta, verifySince: (row.sendingStartedAt ?? new Date()).toISOString() } : meta;
  return requeue(ctx, row, retryAt, { provider, errorCode: outcome.code, errorMessage: outcome.message, metadata, ...(paced ? { attempts: row.attempts - 1 } : {}) });
}
