/**
 * Queues a notification inside the caller's transaction: the log row (QUEUED, idempotency key)
 * and its `deliver` job commit together with the business change that caused them.
 */
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { addJob } from '../db/jobs.ts';
import { composeNotification, type NotificationRequest } from './compose.ts';
import { createLogRepository } from './log.repository.ts';
import type { MessageReads } from './message-reads.ts';

export const DELIVER_TASK = 'deliver';
export const deliverJobKey = (logId: string) => `deliver:${logId}`;

/** A repeated idempotency key returns the existing row and queues nothing. */
export async function queueNotification(
  ctx: AppContext,
  /** The caller's transaction; the bare database only with `sendNow` (no job goes with the row). */
  tx: DbOrTx,
  tenantId: string,
  req: NotificationRequest,
  options: {
    runAt?: Date;
    /**
     * The caller, itself a job, sends the row right after this: no job, and the row is written
     * already claimed (SENDING, first attempt) instead of QUEUED and then claimed by a second
     * write. A crash before the outcome is recorded leaves it SENDING, which recovery handles.
     */
    sendNow?: boolean;
    /** Rows already read for this message; compose adds its own (see message-reads.ts). */
    reads?: MessageReads;
  } = {},
) {
  const values = await composeNotification(ctx, tenantId, req, tx, options.reads);
  const claimed = options.sendNow && values.status === 'QUEUED' ? { status: 'SENDING' as const, attempts: 1, sendingStartedAt: new Date() } : {};
  const { row, created } = await createLogRepository(tx, tenantId).insertOnce({ ...values, ...claimed });
  if (created && row.status === 'QUEUED' && !options.sendNow) {
    await addJob(tx, DELIVER_TASK, { tenantId, logId: row.id }, { runAt: options.runAt ?? row.scheduledAt, jobKey: deliverJobKey(row.id) });
  }
  return { row, created };
}
