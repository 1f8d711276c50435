import { arrayContains, asc, eq, isNotNull, isNull, like, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { clients, type Client } from './booking.tables.ts';
import { contains, tenantRepository, type PageRequest } from './tenant-repository.ts';

export interface ClientFilters {
  q?: string;
  phoneE164?: string;
  active?: boolean;
  tag?: string;
  optedOut?: boolean;
}

export const clientPhoneUniqueConstraint = 'clients_tenant_phone_key';

export function createClientsRepository(db: DbOrTx, tenantId: string) {
  const base = tenantRepository(clients, db, tenantId);
  return {
    ...base,

    async findByPhone(e164: string): Promise<Client | undefined> {
      const [row] = await db.select().from(clients).where(base.scope(eq(clients.phoneE164, e164)));
      return row;
    },

    list(filters: ClientFilters, page: PageRequest) {
      return base.list({
        filters: [
          filters.q === undefined ? undefined : matchesText(filters.q),
          filters.phoneE164 === undefined ? undefined : eq(clients.phoneE164, filters.phoneE164),
          filters.active === undefined ? undefined : eq(clients.active, filters.active),
          filters.tag === undefined ? undefined : arrayContains(clients.tags, [filters.tag]),
          filters.optedOut === undefined ? undefined : filters.optedOut ? isNotNull(clients.optedOutAt) : isNull(clients.optedOutAt),
        ],
        orderBy: [asc(clients.lastName), asc(clients.firstName)],
        page,
      });
    },
  };
}

/**
 * Name, email or phone as written. Digits are also looked for in the E.164 form, so "3312345678"
 * finds a client whose phone was written "(33) 1234-5678".
 */
function matchesText(q: string) {
  const digits = q.replace(/[\s().+-]/g, '');
  return or(
    contains(sql`${clients.firstName} || ' ' || ${clients.lastName}`, q),
    contains(clients.email, q),
    contains(clients.phoneRaw, q),
    /^\d{3,}$/.test(digits) ? like(clients.phoneE164, `%${digits}%`) : undefined,
  )!;
}
