import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { DbOrTx } from '../db/client.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { AppError, notFound } from '../errors.ts';
import { notificationSettings } from '../notifications/notifications.tables.ts';
import { isSupportedCountry } from '../phone/index.ts';
import { generateApiKey, hashApiKey, looksLikeApiKey } from './api-keys.ts';
import { apiKeys, tenants, type ApiRole, type Tenant } from './tenancy.tables.ts';

export interface AuthContext {
  tenantId: string;
  keyId: string;
  role: ApiRole;
}

export interface NewTenant {
  name: string;
  timezone: string;
  defaultCountry?: string;
  locale?: string;
  slug?: string;
}

/** The phone country must be one libphonenumber knows, or every client write would fail later. */
export function assertCountry(country: string): string {
  const code = country.toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
    throw new AppError('VALIDATION_FAILED', `"${country}" is not a supported country code; use a two-letter ISO code such as MX`, { field: 'country' });
  }
  return code;
}

export function assertTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new AppError('VALIDATION_FAILED', `"${timezone}" is not an IANA timezone; use a name like America/Mexico_City`, {
      field: 'timezone',
    });
  }
}

const slugify = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40) || 'tenant';

/** Creates a tenant, its default notification settings and a first admin key, in one transaction. */
export async function createTenant(ctx: Pick<AppContext, 'db'>, input: NewTenant): Promise<{ tenant: Tenant; apiKey: string }> {
  assertTimezone(input.timezone);
  const country = assertCountry(input.defaultCountry ?? 'MX');
  const baseSlug = input.slug ?? slugify(input.name);
  return ctx.db.transaction(async (tx) => {
    const slug = await uniqueSlug(tx, baseSlug);
    const [tenant] = await tx
      .insert(tenants)
      .values({ name: input.name, timezone: input.timezone, defaultCountry: country, locale: input.locale ?? 'es-MX', slug })
      .returning();
    await tx.insert(notificationSettings).values({ tenantId: tenant.id });
    const { key } = await insertApiKey(tx, tenant.id, { name: 'admin (initial)', role: 'admin' });
    return { tenant, apiKey: key };
  });
}

async function uniqueSlug(tx: DbOrTx, base: string): Promise<string> {
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base}-${n}`;
    const taken = await tx.select({ id: tenants.id }).from(tenants).where(eq(tenants.slug, slug)).limit(1);
    if (taken.length === 0) return slug;
  }
}

const tenantRows = preparedPerDb((db) =>
  db.select().from(tenants).where(sql`${tenants.id} = any(${sql.placeholder('ids')}::uuid[])`).prepare('tenant_rows'),
);

// Every message reads its tenant (name, timezone, locale): concurrent messages share one statement.
const tenantOf = coalescedPerDb(async (db, ids: string[]) => alignTo(ids, await tenantRows(db).execute({ ids }), (id) => id, (row) => row.id));

export async function getTenant(ctx: Pick<AppContext, 'db'>, tenantId: string): Promise<Tenant> {
  const tenant = await tenantOf(ctx.db, tenantId);
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

export async function updateTenant(
  ctx: Pick<AppContext, 'db'>,
  tenantId: string,
  patch: Partial<Pick<Tenant, 'name' | 'timezone' | 'locale' | 'defaultCountry'>>,
): Promise<Tenant> {
  if (patch.timezone) assertTimezone(patch.timezone);
  if (patch.defaultCountry) patch = { ...patch, defaultCountry: assertCountry(patch.defaultCountry) };
  const [tenant] = await ctx.db.update(tenants).set(patch).where(eq(tenants.id, tenantId)).returning();
  if (!tenant) throw notFound('Tenant');
  return tenant;
}

async function insertApiKey(tx: DbOrTx, tenantId: string, input: { name: string; role: ApiRole }) {
  const { key, prefix, hash } = generateApiKey();
  const [row] = await tx.insert(apiKeys).values({ tenantId, name: input.name, role: input.role, prefix, keyHash: hash }).returning();
  return { key, row };
}

export async function createApiKey(ctx: Pick<AppContext, 'db'>, tenantId: string, input: { name: string; role: ApiRole }) {
  return insertApiKey(ctx.db, tenantId, input);
}

export async function listApiKeys(ctx: Pick<AppContext, 'db'>, tenantId: string) {
  return ctx.db.select().from(apiKeys).where(eq(apiKeys.tenantId, tenantId)).orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(ctx: Pick<AppContext, 'db'>, tenantId: string, keyId: string) {
  const [row] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning();
  if (row) return row;
  const [existing] = await ctx.db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, keyId)));
  if (!existing) throw notFound('API key');
  return existing; // already revoked: revoking again is a no-op
}

/** Resolves a presented key to its tenant and role; null for unknown or revoked keys. */
export async function authenticateApiKey(ctx: Pick<AppContext, 'db'>, presented: string): Promise<AuthContext | null> {
  if (!looksLikeApiKey(presented)) return null;
  const [row] = await ctx.db.select().from(apiKeys).where(eq(apiKeys.keyHash, hashApiKey(presented)));
  if (!row || row.revokedAt) return null;
  // Record use at most once a minute per key, so authentication does not write on every request.
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    await ctx.db.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.id));
  }
  return { tenantId: row.tenantId, keyId: row.id, role: row.role };
}
