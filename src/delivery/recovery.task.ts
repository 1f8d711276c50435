import type { Task } from 'graphile-worker';
import type { AppContext } from '../context.ts';
import { recoverStaleDeliveries } from './recovery.ts';

export const RECOVERY_TASK = 'recover_stale_deliveries';

/** Runs every minute (the worker's crontab) and once when a worker starts. */
export const recoveryTask =
  (ctx: AppContext, staleAfterMs?: number): Task =>
  async () => {
    const result = await recoverStaleDeliveries(ctx, staleAfterMs);
    if (result.resent || result.requeued || result.reminders) ctx.logger.warn(result, 'recovered stale deliveries');
  };
