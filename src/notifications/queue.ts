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
  /** The caller's transaction; the bare database only without a job (`withJob: false`). */
  tx: DbOrTx,
  tenantId: string,
  req: NotificationRequest,
  options: {
    runAt?: Date;
    /** false: the caller delivers it right away inside a job of its own (recovery covers a crash). */
    withJob?: boolean;
    /** Rows already read for this message; compose adds its own (see message-reads.ts). */
    reads?: MessageReads;
  } = {},
) {
  const values = await composeNotification(ctx, tenantId, req, tx, options.reads);
  const { row, created } = await createLogRepository(tx, tenantId).insertOnce(values);
  if (created && row.status === 'QUEUED' && options.withJob !== false) {
    await addJob(tx, DELIVER_TASK, { tenantId, logId: row.id }, { runAt: options.runAt ?? row.scheduledAt, jobKey: deliverJobKey(row.id) });
  }
  return { row, created };
}
