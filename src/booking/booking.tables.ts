import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, id, tstz, updatedAt } from '../db/columns.ts';
import { branches, tenants } from '../tenancy/tenancy.tables.ts';

export const appointmentStatus = pgEnum('appointment_status', ['PENDING', 'CONFIRMED', 'COMPLETED', 'CANCELLED', 'NO_SHOW']);

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

export const clients = pgTable(
  'clients',
  {
    id: id(),
    tenantId: tenantId(),
    firstName: text('first_name').notNull(),
    lastName: text('last_name').notNull().default(''),
    email: text('email'),
    /** The phone as the business typed it, kept for display. */
    phoneRaw: text('phone_raw'),
    /** Strict E.164, what Chatwoot and the SMS/WhatsApp providers accept. */
    phoneE164: text('phone_e164'),
    active: boolean('active').notNull().default(true),
    marketingConsent: boolean('marketing_consent').notNull().default(false),
    optedOutAt: tstz('opted_out_at'),
    locale: text('locale'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    notes: text('notes'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('clients_tenant_id_id_key').on(t.tenantId, t.id),
    unique('clients_tenant_phone_key').on(t.tenantId, t.phoneE164),
    index('clients_tenant_name_idx').on(t.tenantId, t.lastName, t.firstName),
    index('clients_tenant_email_idx').on(t.tenantId, sql`lower(${t.email})`),
  ],
);

export const services = pgTable(
  'services',
  {
    id: id(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    description: text('description'),
    durationMinutes: integer('duration_minutes').notNull(),
    priceCents: integer('price_cents'),
    currency: text('currency').notNull().default('MXN'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('services_tenant_id_id_key').on(t.tenantId, t.id),
    index('services_tenant_name_idx').on(t.tenantId, t.name),
    check('services_duration_positive', sql`${t.durationMinutes} > 0`),
  ],
);

export const professionals = pgTable(
  'professionals',
  {
    id: id(),
    tenantId: tenantId(),
    branchId: uuid('branch_id'),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    active: boolean('active').notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('professionals_tenant_id_id_key').on(t.tenantId, t.id),
    index('professionals_tenant_name_idx').on(t.tenantId, t.name),
    foreignKey({
      name: 'professionals_branch_fk',
      columns: [t.tenantId, t.branchId],
      foreignColumns: [branches.tenantId, branches.id],
    }),
  ],
);

export const appointments = pgTable(
  'appointments',
  {
    id: id(),
    tenantId: tenantId(),
    branchId: uuid('branch_id'),
    clientId: uuid('client_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    professionalId: uuid('professional_id'),
    startTime: tstz('start_time').notNull(),
    endTime: tstz('end_time').notNull(),
    status: appointmentStatus('status').notNull().default('PENDING'),
    notes: text('notes'),
    cancelReason: text('cancel_reason'),
    confirmedAt: tstz('confirmed_at'),
    cancelledAt: tstz('cancelled_at'),
    completedAt: tstz('completed_at'),
    /** Set when the last reminder for the current start time went out (the seed's field). */
    reminderSentAt: tstz('reminder_sent_at'),
    /** Bumped on every time change, so messages about an older time can be told apart. */
    version: integer('version').notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('appointments_tenant_id_id_key').on(t.tenantId, t.id),
    index('appointments_tenant_start_idx').on(t.tenantId, t.startTime),
    index('appointments_tenant_client_idx').on(t.tenantId, t.clientId, t.startTime),
    index('appointments_tenant_professional_idx').on(t.tenantId, t.professionalId, t.startTime),
    index('appointments_due_idx').on(t.startTime).where(sql`${t.status} in ('PENDING', 'CONFIRMED')`),
    check('appointments_time_order', sql`${t.endTime} > ${t.startTime}`),
    foreignKey({ name: 'appointments_branch_fk', columns: [t.tenantId, t.branchId], foreignColumns: [branches.tenantId, branches.id] }),
    foreignKey({ name: 'appointments_client_fk', columns: [t.tenantId, t.clientId], foreignColumns: [clients.tenantId, clients.id] }),
    foreignKey({ name: 'appointments_service_fk', columns: [t.tenantId, t.serviceId], foreignColumns: [services.tenantId, services.id] }),
    foreignKey({
      name: 'appointments_professional_fk',
      columns: [t.tenantId, t.professionalId],
      foreignColumns: [professionals.tenantId, professionals.id],
    }),
  ],
);

export type Client = typeof clients.$inferSelect;
export type Service = typeof services.$inferSelect;
export type Professional = typeof professionals.$inferSelect;
export type Appointment = typeof appointments.$inferSelect;
export type AppointmentStatus = (typeof appointmentStatus.enumValues)[number];
