/**
 * Invariant 3: nothing stays QUEUED or SENDING forever. A row left SENDING by a worker that died
 * goes back to the queue marked "outcome unknown" (the next attempt first looks for the message at
 * the provider, so it is not sent twice); a QUEUED row whose job was lost, or is still locked by a
 * dead worker, gets its job again; so does a reminder whose job a dead worker held (it has no row
 * yet: the job was taken, or fetched into the worker's local batch, and never ran to the end).
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { addJob } from '../db/jobs.ts';
import { DELIVER_TASK, deliverJobKey } from '../notifications/index.ts';
import { REMINDER_TASK } from '../reminders/index.ts';

/** Longer than any delivery can take (four calls with a 10 s timeout each, plus margin). */
export const DEFAULT_STALE_AFTER_MS = 2 * 60_000;
const BATCH = 500;

export async function recoverStaleDeliveries(
  ctx: AppContext,
  staleAfterMs = DEFAULT_STALE_AFTER_MS,
): Promise<{ resent: number; requeued: number; reminders: number }> {
  const cutoff = new Date(Date.now() - staleAfterMs).toISOString();
  return ctx.db.transaction(async (tx) => {
    const stuck = await tx.execute<{ tenant_id: string; id: string; scheduled_at: string }>(sql`
      update notification_logs
         set status = 'QUEUED',
             error_code = 'OUTCOME_UNKNOWN',
             error_message = 'The worker stopped while sending; the provider is checked before any new attempt',
             metadata = metadata || jsonb_build_object('verifySince', coalesce(metadata->>'verifySince', to_jsonb(sending_started_at)#>>'{}')),
             scheduled_at = now()
       where id in (select id from notification_logs
                     where status = 'SENDING' and sending_started_at < ${cutoff}::timestamptz
                     order by sending_started_at limit ${BATCH} for update skip locked)
      returning tenant_id, id, scheduled_at`);
    const orphaned = await tx.execute<{ tenant_id: string; id: string; scheduled_at: string }>(sql`
      select l.tenant_id, l.id, l.scheduled_at from notification_logs l
       where l.status = 'QUEUED' and l.scheduled_at < ${cutoff}::timestamptz
         -- A job locked since before the cutoff belongs to a worker that died between taking it and
         -- claiming the row (a live one claims within milliseconds); graphile-worker would only free
         -- it after 4 hours, so it counts as lost. add_job below detaches it and queues a fresh one.
         and not exists (select 1 from graphile_worker.jobs j
                          where j.key = 'deliver:' || l.id::text
                            and (j.locked_at is null or j.locked_at >= ${cutoff}::timestamptz))
       order by l.scheduled_at limit ${BATCH}`);
    for (const row of [...stuck.rows, ...orphaned.rows]) {
      await addJob(tx, DELIVER_TASK, { tenantId: row.tenant_id, logId: row.id }, { jobKey: deliverJobKey(row.id) });
    }
    // graphile-worker frees a dead worker's jobs only after 4 hours, past most appointments. Queued
    // again under the same key (add_job detaches the locked one), the reminder runs now; if the dead
    // worker did send it, its idempotency key makes the new run a no-op.
    const heldReminders = await tx.execute<{ key: string; payload: Record<string, unknown> }>(sql`
      select j.key, j.payload
        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id -- the public view has no payload
       where t.identifier = ${REMINDER_TASK} and j.key is not null and j.locked_at < ${cutoff}::timestamptz
       order by j.locked_at limit ${BATCH}`);
    for (const job of heldReminders.rows) await addJob(tx, REMINDER_TASK, job.payload, { jobKey: job.key });
    return { resent: stuck.rows.length, requeued: orphaned.rows.length, reminders: heldReminders.rows.length };
  });
}
