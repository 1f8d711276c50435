import { and, asc, count, eq, isNull, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import type { NotificationChannelValue, NotificationTypeValue } from '../notifications/notification.enums.ts';
import { notificationTemplates, type NotificationTemplateRow } from '../notifications/notifications.tables.ts';
import { inTenant } from '../tenancy/tenant-scope.ts';

export type TenantTemplateValues = Omit<typeof notificationTemplates.$inferInsert, 'tenantId' | 'id' | 'createdAt' | 'updatedAt'>;

/** The unique constraints a write can break; the service turns them into a 409 naming the clash. */
export const templateNameConstraint = 'notification_templates_tenant_name_key';
export const templateKindConstraint = 'notification_templates_tenant_kind_key';

export interface TenantTemplateFilter {
  type?: NotificationTypeValue;
  /** A channel, or null for the templates that apply to any channel. */
  channel?: NotificationChannelValue | null;
  locale?: string;
  active?: boolean;
  limit: number;
  offset: number;
}

/** `channel = x`, or `channel is null` for "any channel" (`= null` would match nothing). */
const channelIs = (channel: NotificationChannelValue | null) =>
  channel === null ? isNull(notificationTemplates.channel) : eq(notificationTemplates.channel, channel);

interface OverrideWanted {
  tenantId: string;
  type: NotificationTypeValue;
  channel: NotificationChannelValue | null;
  locale: string;
}

// A tenant has a handful of active templates: reading them all and choosing here lets concurrent
// messages (any tenants, types, channels) share one statement.
const activeTemplatesOf = preparedPerDb((db) =>
  db
    .select()
    .from(notificationTemplates)
    .where(and(sql`${notificationTemplates.tenantId} = any(${sql.placeholder('tenantIds')}::uuid[])`, eq(notificationTemplates.active, true)))
    .prepare('active_templates_of'),
);

const overrideFor = coalescedPerDb(async (db, wanted: OverrideWanted[]) => {
  const rows = await activeTemplatesOf(db).execute({ tenantIds: [...new Set(wanted.map((w) => w.tenantId))] });
  return wanted.map((w) => {
    const fits = rows.filter((r) => r.tenantId === w.tenantId && r.type === w.type && r.locale === w.locale);
    const exact = w.channel === null ? undefined : fits.find((r) => r.channel === w.channel);
    return exact ?? fits.find((r) => r.channel === null);
  });
});

/** A tenant's own templates (overrides of the defaults in code); every query is scoped to the tenant. */
export function createTenantTemplatesRepository(db: DbOrTx, tenantId: string) {
  const scope = (...more: Array<SQL | undefined>) => inTenant(notificationTemplates, tenantId, ...more);
  return {
    async list(filter: TenantTemplateFilter) {
      const where = scope(
        filter.type === undefined ? undefined : eq(notificationTemplates.type, filter.type),
        filter.channel === undefined ? undefined : channelIs(filter.channel),
        filter.locale === undefined ? undefined : eq(notificationTemplates.locale, filter.locale),
        filter.active === undefined ? undefined : eq(notificationTemplates.active, filter.active),
      );
      const [rows, [{ total }]] = await Promise.all([
        db
          .select()
          .from(notificationTemplates)
          .where(where)
          .orderBy(asc(notificationTemplates.type), asc(notificationTemplates.name))
          .limit(filter.limit)
          .offset(filter.offset),
        db.select({ total: count() }).from(notificationTemplates).where(where),
      ]);
      return { rows, total };
    },
    async find(id: string) {
      const [row] = await db.select().from(notificationTemplates).where(scope(eq(notificationTemplates.id, id)));
      return row;
    },
    /** The active template with this name: what a send by `templateName` uses. */
    async findByName(name: string) {
      const [row] = await db.select().from(notificationTemplates).where(scope(eq(notificationTemplates.name, name), eq(notificationTemplates.active, true)));
      return row;
    },
    /** The template holding this name, active or not (names are unique per tenant either way). */
    async findNamed(name: string) {
      const [row] = await db.select().from(notificationTemplates).where(scope(eq(notificationTemplates.name, name)));
      return row;
    },
    /** The template for exactly this type, channel (null: any) and locale, active or not. */
    async findKind(type: NotificationTypeValue, channel: NotificationChannelValue | null, locale: string) {
      const [row] = await db
        .select()
        .from(notificationTemplates)
        .where(scope(eq(notificationTemplates.type, type), channelIs(channel), eq(notificationTemplates.locale, locale)));
      return row;
    },
    /**
     * The active override for a message: one for this exact channel wins over one for any channel.
     * With `channel` null, only an any-channel template matches.
     */
    findFor(type: NotificationTypeValue, channel: NotificationChannelValue | null, locale: string): Promise<NotificationTemplateRow | undefined> {
      return overrideFor(db, { tenantId, type, channel, locale });
    },
    async insert(values: TenantTemplateValues) {
      const [row] = await db.insert(notificationTemplates).values({ ...values, tenantId }).returning();
      return row;
    },
    async update(id: string, values: Partial<TenantTemplateValues>) {
      const [row] = await db.update(notificationTemplates).set(values).where(scope(eq(notificationTemplates.id, id))).returning();
      return row;
    },
    async remove(id: string) {
      const [row] = await db.delete(notificationTemplates).where(scope(eq(notificationTemplates.id, id))).returning();
      return row;
    },
  };
}
