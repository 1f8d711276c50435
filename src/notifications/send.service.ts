/**
 * The send pipeline (DESIGN flow 1): compose → log row (QUEUED, idempotency key) and `deliver`
 * job in one transaction → delivery. Awaited sends (the seed's API, POST /api/notifications)
 * deliver inline right after the commit and still leave the job as a safety net.
 */
import type { AppContext } from '../context.ts';
import type { Tx } from '../db/client.ts';
import { removeJob } from '../db/jobs.ts';
import { composeNotification, type NotificationRequest } from './compose.ts';
import { deliverClaimed, deliverLog } from './deliver.ts';
import { createLogRepository } from './log.repository.ts';
import type { MessageReads } from './message-reads.ts';
import { deliverJobKey, queueNotification } from './queue.ts';
import type { NotificationLogRow } from './notifications.tables.ts';

/** How long an inline send may be silent before the worker's copy of the job takes over. */
const INLINE_SAFETY_NET_MS = 60_000;
/** How long an awaited send waits for pacing (or for a worker that took its row) before answering QUEUED. */
const INLINE_WAIT_BUDGET_MS = 10_000;

/** The seed's result shape, plus the final status. */
export interface SendResult {
  success: boolean;
  logId: string;
  messageId?: string;
  error?: string;
  status: NotificationLogRow['status'];
}

export const toSendResult = (row: NotificationLogRow): SendResult => ({
  success: row.status === 'SENT' || row.status === 'DELIVERED' || row.status === 'READ',
  logId: row.id,
  ...(row.providerMessageId ? { messageId: row.providerMessageId } : {}),
  ...(row.errorMessage && row.status !== 'SENT' ? { error: row.errorMessage } : {}),
  status: row.status,
});

/** Records a message that will not be sent (e.g. a reminder whose time had passed at booking), with the reason. */
export async function recordSkipped(ctx: AppContext, tx: Tx, tenantId: string, req: NotificationRequest, reason: { code: string; message: string }) {
  const values = await composeNotification(ctx, tenantId, req, tx);
  return createLogRepository(tx, tenantId).insertOnce({ ...values, status: 'SKIPPED', errorCode: reason.code, errorMessage: reason.message });
}

/**
 * Composes, logs and delivers now, answering with the outcome (the seed's awaited calls).
 * `fromWorker`: the caller is itself a job (a reminder), so no safety-net job is queued: the row is
 * written already claimed (a crash leaves it SENDING, which recovery puts back with the outcome
 * unknown) and nothing waits for pacing: a row that must wait goes back to the queue with its job,
 * and the worker slot is free at once.
 */
export async function sendNotificationNow(
  ctx: AppContext,
  tenantId: string,
  req: NotificationRequest,
  options: { fromWorker?: boolean; /** Rows the caller already read for this message (message-reads.ts). */ reads?: MessageReads } = {},
): Promise<SendResult> {
  // One message's reads, shared by compose and the inline delivery right after the commit; never by a later attempt.
  const reads: MessageReads = { ...options.reads };
  // From a worker there is no job to commit with the row, so no transaction: the row is one
  // statement, and concurrent reminders' reads and inserts can share statements (db/coalesce.ts).
  const { row, created } = options.fromWorker
    ? await queueNotification(ctx, ctx.db, tenantId, req, { sendNow: true, reads })
    : await ctx.db.transaction((tx) => queueNotification(ctx, tx, tenantId, req, { runAt: new Date(Date.now() + INLINE_SAFETY_NET_MS), reads }));
  if (options.fromWorker) return toSendResult(created && row.status === 'SENDING' ? await deliverClaimed(ctx, row, { reads }) : row);
  if (!created || row.status !== 'QUEUED') return toSendResult(row);
  const final = await deliverAwaited(ctx, tenantId, row, reads);
  // Delivered or failed for good here: the safety-net job has nothing left to do.
  if (final.status !== 'QUEUED' && final.status !== 'SENDING') await removeJob(ctx.db, deliverJobKey(row.id));
  return toSendResult(final);
}

/**
 * A caller awaiting the outcome would rather wait a few seconds for a pacing token (the seed slept
 * between sends) than get "queued": wait for it, and if the worker's copy of the job takes the row
 * meanwhile, wait for that outcome instead. Past the budget the answer is QUEUED (202), and the
 * worker still sends it.
 */
async function deliverAwaited(ctx: AppContext, tenantId: string, row: NotificationLogRow, reads: MessageReads): Promise<NotificationLogRow> {
  const giveUpAt = Date.now() + INLINE_WAIT_BUDGET_MS;
  // Only the first attempt, right after the commit, uses what compose read; a later one (after a pacing wait) reads again.
  let current = (await deliverLog(ctx, tenantId, row.id, { reads })) ?? row;
  for (;;) {
    const paced = current.status === 'QUEUED' && current.errorCode === 'PACED' && current.scheduledAt.getTime() <= giveUpAt;
    const elsewhere = current.status === 'SENDING' && Date.now() < giveUpAt;
    if (!paced && !elsewhere) return current;
    await sleep(paced ? Math.max(0, current.scheduledAt.getTime() - Date.now()) : 100);
    current = (paced ? await deliverLog(ctx, tenantId, row.id) : await createLogRepository(ctx.db, tenantId).find(row.id)) ?? current;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
