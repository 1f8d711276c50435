import type { TaskList } from 'graphile-worker';
import type { AppContext } from '../context.ts';
import { DELIVER_TASK } from '../notifications/index.ts';
import { REMINDER_TASK, reminderTask } from '../reminders/index.ts';
import { deliverTask } from './deliver.task.ts';
import { RECOVERY_TASK, recoveryTask } from './recovery.task.ts';

export { startWorker, type WorkerHandle } from './worker.ts';
export { recoverStaleDeliveries } from './recovery.ts';

/** Every background task, bound to the process's context. */
export function workerTasks(ctx: AppContext): TaskList {
  return {
    [DELIVER_TASK]: deliverTask(ctx),
    [REMINDER_TASK]: reminderTask(ctx),
    [RECOVERY_TASK]: recoveryTask(ctx, ctx.config.staleAfterMs),
  };
}
