/** What the seed-compatible facades share: tenant lookup by id or slug, and errors as results. */
import { randomUUID } from 'node:crypto';
import { eq, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { AppError, isAppError } from '../errors.ts';
import { sendNotificationNow, type NotificationRequest } from '../notifications/index.ts';
import { tenants } from '../tenancy/tenancy.tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The seed passes ids like 'tenant-123': accept a tenant's id or its slug. */
export async function tenantIdOf(ctx: AppContext, ref: string): Promise<string> {
  const [row] = await ctx.db
    .select({ id: tenants.id })
    .from(tenants)
    .where(UUID.test(ref) ? or(eq(tenants.id, ref), eq(tenants.slug, ref)) : eq(tenants.slug, ref));
  if (!row) throw new AppError('NOT_FOUND', `Tenant "${ref}" not found`);
  return row.id;
}

/** The seed's result shape: failures are results, not exceptions. */
export interface FacadeResult {
  success: boolean;
  logId?: string;
  messageId?: string;
  error?: string;
  status?: string;
}

/** Bad input (unknown tenant, unparseable phone…) becomes `{ success: false, error }`; bugs still throw. */
export async function asResult(fn: () => Promise<FacadeResult>): Promise<FacadeResult> {
  try {
    return await fn();
  } catch (err) {
    if (isAppError(err) && err.statusCode < 500) return { success: false, error: err.message };
    throw err;
  }
}

/**
 * One awaited send for a tenant given by id or slug. Each library call is a new message (the
 * seed's API has no idempotency key), so each gets a fresh key.
 */
export const sendForTenant = (ctx: AppContext, tenantRef: string, req: Omit<NotificationRequest, 'idempotencyKey'>): Promise<FacadeResult> =>
  asResult(async () => sendNotificationNow(ctx, await tenantIdOf(ctx, tenantRef), { ...req, idempotencyKey: `library:${randomUUID()}` }));
