/**
 * Delivers one queued log row: the single routine behind inline sends (the seed's awaited API)
 * and the worker's `deliver` task. Claiming is one conditional UPDATE, so however many
 * processes try, only one sends a given row (invariant 2); every outcome is written back to the
 * row (invariant 3).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Channel, DeliveryOutcome, OutgoingMessage } from '../channels/index.ts';
import type { AppContext } from '../context.ts';
import { addJob } from '../db/jobs.ts';
import { createChannelFor } from './channel-for.ts';
import { notificationLogs, type NotificationLogRow } from './notifications.tables.ts';
import { recheckWanted } from './still-wanted.ts';

export const DELIVER_TASK = 'deliver';
export const deliverJobKey = (logId: string) => `deliver:${logId}`;

export interface LogMetadata {
  choices?: Array<{ title: string; value: string }>;
  templateParams?: string[];
  appointmentVersion?: number;
  branchId?: string | null;
  /** Channels still to try, in order, if this one fails for good. */
  fallback?: string[];
  [key: string]: unknown;
}

/** Exponential backoff with full jitter: 5 s, 10 s, 20 s … capped at 10 minutes. */
export function retryDelayMs(attempts: number): number {
  const ceiling = Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 600_000);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

async function claim(ctx: AppContext, tenantId: string, logId: string): Promise<NotificationLogRow | undefined> {
  const [row] = await ctx.db
    .update(notificationLogs)
    .set({ status: 'SENDING', attempts: sql`${notificationLogs.attempts} + 1`, sendingStartedAt: new Date() })
    .where(and(eq(notificationLogs.tenantId, tenantId), eq(notificationLogs.id, logId), eq(notificationLogs.status, 'QUEUED')))
    .returning();
  return row;
}

async function finish(ctx: AppContext, row: NotificationLogRow, patch: Partial<typeof notificationLogs.$inferInsert>) {
  const [updated] = await ctx.db
    .update(notificationLogs)
    .set(patch)
    .where(and(eq(notificationLogs.tenantId, row.tenantId), eq(notificationLogs.id, row.id)))
    .returning();
  return updated;
}

function outgoing(row: NotificationLogRow): OutgoingMessage {
  const meta = row.metadata as LogMetadata;
  return { to: row.recipient, recipientName: row.recipientName ?? undefined, text: row.message, subject: row.subject ?? undefined, choices: meta.choices };
}

/**
 * Sends the row if it is still QUEUED. Returns the row as it ended up (SENT, FAILED, SKIPPED,
 * CANCELLED, or QUEUED again with a retry scheduled), or as found when another process has it.
 */
export async function deliverLog(ctx: AppContext, tenantId: string, logId: string, options: { channel?: Channel } = {}): Promise<NotificationLogRow | undefined> {
  const row = await claim(ctx, tenantId, logId);
  if (!row) {
    const [current] = await ctx.db.select().from(notificationLogs).where(and(eq(notificationLogs.tenantId, tenantId), eq(notificationLogs.id, logId)));
    return current;
  }
  const unwanted = await recheckWanted(ctx, row);
  if (unwanted) return finish(ctx, row, { status: unwanted.status, errorCode: unwanted.code, errorMessage: unwanted.reason });

  const built = options.channel ? { channel: options.channel } : await createChannelFor(ctx, row);
  if ('error' in built) {
    return finish(ctx, row, { status: 'FAILED', errorCode: built.error.code, errorMessage: built.error.message, failedAt: new Date() });
  }
  const started = performance.now();
  const outcome = await built.channel.send(outgoing(row));
  ctx.logger.debug({ logId: row.id, ok: outcome.ok, ms: Math.round(performance.now() - started) }, 'delivery attempt');
  return record(ctx, row, built.channel.provider, outcome);
}

async function record(ctx: AppContext, row: NotificationLogRow, provider: string, outcome: DeliveryOutcome) {
  if (outcome.ok) {
    return finish(ctx, row, {
      status: 'SENT',
      provider,
      providerMessageId: outcome.providerMessageId,
      providerConversationId: outcome.providerConversationId ?? null,
      sentAt: new Date(),
      errorCode: null,
      errorMessage: null,
    });
  }
  const failure = { provider, errorCode: outcome.code, errorMessage: outcome.message };
  if (outcome.kind === 'permanent') return finish(ctx, row, { ...failure, status: 'FAILED', failedAt: new Date() });

  const retryAt = new Date(Math.max(Date.now() + retryDelayMs(row.attempts), outcome.retryAfter?.getTime() ?? 0));
  if (row.deadlineAt && retryAt > row.deadlineAt) {
    return finish(ctx, row, {
      ...failure,
      status: 'FAILED',
      failedAt: new Date(),
      errorMessage: `${outcome.message} (gave up: the next try would be after the message's deadline, ${row.deadlineAt.toISOString()})`,
    });
  }
  // Back to the queue, and the retry job commits with it: nothing is lost if this process dies now.
  return ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(notificationLogs)
      .set({ ...failure, status: 'QUEUED', scheduledAt: retryAt })
      .where(and(eq(notificationLogs.tenantId, row.tenantId), eq(notificationLogs.id, row.id)))
      .returning();
    await addJob(tx, DELIVER_TASK, { tenantId: row.tenantId, logId: row.id }, { runAt: retryAt, jobKey: deliverJobKey(row.id) });
    return updated;
  });
}
