import { eq, or } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { AppError } from '../errors.ts';
import { tenants, type Tenant } from '../tenancy/tenancy.tables.ts';

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `--tenant` accepts the tenant's id or its slug. */
export async function resolveTenant(ctx: AppContext, ref: string): Promise<Tenant> {
  const where = uuidPattern.test(ref) ? or(eq(tenants.id, ref), eq(tenants.slug, ref)) : eq(tenants.slug, ref);
  const [tenant] = await ctx.db.select().from(tenants).where(where);
  if (!tenant) throw new AppError('NOT_FOUND', `No tenant with id or slug "${ref}" (list them with: citaplanner tenant list)`);
  return tenant;
}
