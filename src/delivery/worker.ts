/**
 * The graphile-worker runner: jobs live in PostgreSQL, so any number of worker processes share
 * them, and a job queued inside a business transaction exists exactly when that change commits.
 */
import { Logger as WorkerLogger, run, type Runner, type TaskList } from 'graphile-worker';
import type { AppContext } from '../context.ts';
import { RECOVERY_TASK } from './recovery.task.ts';

export interface WorkerHandle {
  stop(): Promise<void>;
}

export async function startWorker(ctx: AppContext, options: { concurrency: number; tasks: TaskList }): Promise<WorkerHandle> {
  const logger = new WorkerLogger((scope) => (level, message, meta) => {
    // graphile-worker warns when the pool is smaller than the concurrency, assuming each job holds a
    // connection; ours don't (the statements of the jobs in flight are shared, db/coalesce.ts).
    const expected = message.includes('maxPoolSize') && message.includes('smaller than concurrency');
    const method = level === 'error' ? 'error' : level === 'warning' && !expected ? 'warn' : 'debug';
    ctx.logger[method]({ worker: scope, ...meta }, message);
  });
  const runner: Runner = await run({
    pgPool: ctx.pool,
    concurrency: options.concurrency,
    taskList: options.tasks,
    noHandleSignals: true,
    logger,
    // A job that falls due (a reminder at 09:00) starts within a quarter of a second instead of a
    // whole one; an idle worker pays for it with four cheap index lookups a second.
    pollInterval: 250,
    preset: {
      worker: {
        // Reminders fall due in bursts (a morning's at once): jobs are fetched and locked a batch at
        // a time, and their completions written a batch at a time. A batch a crashed worker held
        // stays locked until recovery (recovery.ts) re-queues it.
        localQueue: { size: options.concurrency },
        completeJobBatchDelay: 0,
        failJobBatchDelay: 0,
      },
    },
    // Every minute, rows whose worker died go back to the queue (recovery.ts).
    crontab: `* * * * * ${RECOVERY_TASK}`,
  });
  await runner.addJob(RECOVERY_TASK, {}, { jobKey: RECOVERY_TASK });
  return {
    // Graceful: running jobs finish (or are released for another worker) before we return.
    stop: () => runner.stop(),
  };
}
