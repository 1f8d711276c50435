import { asc, eq, gte, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
import { branches, type Branch } from '../tenancy/tenancy.tables.ts';
import { inTenantRows, tenantRowKey, tenantRowPlaceholders, type TenantRowKey } from '../tenancy/tenant-scope.ts';
import { appointments, clients, professionals, services, type Appointment, type AppointmentStatus, type Client, type Professional, type Service } from './booking.tables.ts';
import { paginate, tenantRepository, type Page, type PageRequest } from './tenant-repository.ts';

/** An appointment with the records a message about it needs (name, phone, service, place). */
export interface AppointmentWithDetails {
  appointment: Appointment;
  client: Client;
  service: Service;
  professional: Professional | null;
  branch: Branch | null;
}

export interface AppointmentFilters {
  from?: Date;
  to?: Date;
  status?: AppointmentStatus[];
  clientId?: string;
  serviceId?: string;
  professionalId?: string;
  branchId?: string;
}

// One query with joins rather than a lookup per row. Joining on id alone is enough: the composite
// (tenant_id, id) foreign keys guarantee the joined rows are the appointment's tenant's.
const detailsQuery = (db: DbOrTx) =>
  db
    .select({ appointment: appointments, client: clients, service: services, professional: professionals, branch: branches })
    .from(appointments)
    .innerJoin(clients, eq(clients.id, appointments.clientId))
    .innerJoin(services, eq(services.id, appointments.serviceId))
    .leftJoin(professionals, eq(professionals.id, appointments.professionalId))
    .leftJoin(branches, eq(branches.id, appointments.branchId));

const appointmentIn = inTenantRows(appointments);

// Every message about an appointment reads it so; the five-table join costs more to plan than to
// run (prepared), and concurrent messages share one statement (coalesced).
const detailsByIds = preparedPerDb((db) => detailsQuery(db).where(appointmentIn).prepare('appointments_with_details'));
const detailsOf = coalescedPerDb(async (db, keys: TenantRowKey[]) =>
  alignTo(keys, await detailsByIds(db).execute(tenantRowPlaceholders(keys)), tenantRowKey, (row) => tenantRowKey(row.appointment)),
);

const rowsByIds = preparedPerDb((db) => db.select().from(appointments).where(appointmentIn).prepare('appointment_rows'));
const rowOf = coalescedPerDb(async (db, keys: TenantRowKey[]) => alignTo(keys, await rowsByIds(db).execute(tenantRowPlaceholders(keys)), tenantRowKey, tenantRowKey));

/** The appointment's own row, without its details (what deciding whether a reminder still applies needs). */
export const findAppointmentRow = (db: DbOrTx, key: TenantRowKey): Promise<Appointment | undefined> => rowOf(db, key);

export function createAppointmentsRepository(db: DbOrTx, tenantId: string) {
  const base = tenantRepository(appointments, db, tenantId);
  const withDetails = () => detailsQuery(db);

  return {
    ...base,

    async findWithDetails(id: string): Promise<AppointmentWithDetails | undefined> {
      return detailsOf(db, { tenantId, id });
    },

    /** Sorted by start time: the agenda order. */
    list(filters: AppointmentFilters, page: PageRequest): Promise<Page<AppointmentWithDetails>> {
      const where = base.scope(
        filters.from === undefined ? undefined : gte(appointments.startTime, filters.from),
        filters.to === undefined ? undefined : lt(appointments.startTime, filters.to),
        filters.status === undefined ? undefined : inArray(appointments.status, filters.status),
        filters.clientId === undefined ? undefined : eq(appointments.clientId, filters.clientId),
        filters.serviceId === undefined ? undefined : eq(appointments.serviceId, filters.serviceId),
        filters.professionalId === undefined ? undefined : eq(appointments.professionalId, filters.professionalId),
        filters.branchId === undefined ? undefined : eq(appointments.branchId, filters.branchId),
      );
      const rows = withDetails().where(where).orderBy(asc(appointments.startTime), asc(appointments.id)).limit(page.limit).offset(page.offset);
      return paginate(page, rows, db.$count(appointments, where));
    },
  };
}
