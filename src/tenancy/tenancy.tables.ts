import { sql } from 'drizzle-orm';
import { boolean, index, pgEnum, pgTable, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, tstz, updatedAt } from '../db/columns.ts';

export const apiRole = pgEnum('api_role', ['admin', 'staff', 'viewer']);

export const tenants = pgTable('tenants', {
  id: id(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique('tenants_slug_key'),
  /** IANA zone: every date shown to this tenant's clients is computed in it. */
  timezone: text('timezone').notNull(),
  locale: text('locale').notNull().default('es-MX'),
  /** Country assumed for phones written without an international prefix. */
  defaultCountry: text('default_country').notNull().default('MX'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const branches = pgTable(
  'branches',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    address: text('address'),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('branches_tenant_id_id_key').on(t.tenantId, t.id), index('branches_tenant_name_idx').on(t.tenantId, t.name)],
);

export const users = pgTable(
  'users',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: apiRole('role').notNull().default('staff'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('users_tenant_id_id_key').on(t.tenantId, t.id), uniqueIndex('users_tenant_email_key').on(t.tenantId, sql`lower(${t.email})`)],
);

export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** First characters of the key, shown in listings so a person can tell keys apart. */
    prefix: text('prefix').notNull(),
    /** SHA-256 of the whole key; the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull().unique('api_keys_key_hash_key'),
    role: apiRole('role').notNull(),
    lastUsedAt: tstz('last_used_at'),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [unique('api_keys_tenant_id_id_key').on(t.tenantId, t.id), index('api_keys_tenant_idx').on(t.tenantId, t.createdAt)],
);

export type Tenant = typeof tenants.$inferSelect;
export type Branch = typeof branches.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type ApiRole = (typeof apiRole.enumValues)[number];
