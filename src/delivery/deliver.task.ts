import type { Task } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../context.ts';
import { deliverLog } from '../notifications/index.ts';

// Checked on entry: jobs queued by an older version of the code may carry an older shape.
const payloadSchema = z.object({ tenantId: z.string().uuid(), logId: z.string().uuid() });

/** Delivers one log row; retries are scheduled by deliverLog itself (with the row's own backoff). */
export const deliverTask =
  (ctx: AppContext): Task =>
  async (payload) => {
    const { tenantId, logId } = payloadSchema.parse(payload);
    await deliverLog(ctx, tenantId, logId);
  };
