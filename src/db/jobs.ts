/**
 * graphile-worker jobs queued through SQL on the caller's connection, so a job is committed (or
 * rolled back) with the business change that caused it: the transactional outbox.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

export interface JobOptions {
  runAt?: Date;
  /** One pending job per key: adding again replaces it (a moved reminder), removeJob deletes it. */
  jobKey?: string;
  /** graphile-worker's own retries are a safety net; our tasks reschedule themselves with backoff. */
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

export async function addJob(db: DbOrTx, task: string, payload: Record<string, unknown>, options: JobOptions = {}): Promise<void> {
  await db.execute(sql`select graphile_worker.add_job(
    ${task}::text,
    ${JSON.stringify(payload)}::json,
    queue_name => ${options.queueName ?? null}::text,
    run_at => ${options.runAt?.toISOString() ?? null}::timestamptz,
    max_attempts => ${options.maxAttempts ?? 10}::int,
    job_key => ${options.jobKey ?? null}::text,
    priority => ${options.priority ?? null}::int,
    job_key_mode => 'replace'
  )`);
}

export async function removeJob(db: DbOrTx, jobKey: string): Promise<void> {
  await db.execute(sql`select graphile_worker.remove_job(${jobKey}::text)`);
}
