import { sql } from 'drizzle-orm';
import { AppError, notFound } from '../errors.ts';
import { getTenant } from '../tenancy/tenancy.service.ts';
import { clients, type Client } from './booking.tables.ts';
import { toClientPhone, toE164, type ClientPhone } from './client-phone.ts';
import type { ClientCreate, ClientListQuery, ClientPatch } from './clients.schemas.ts';
import { clientPhoneUniqueConstraint, createClientsRepository } from './clients.repository.ts';
import { deleteUnlessInUse } from './delete-unless-in-use.ts';
import { isUniqueViolation } from './pg-errors.ts';
import type { DbContext, Page } from './tenant-repository.ts';

export async function listClients(ctx: DbContext, tenantId: string, query: ClientListQuery): Promise<Page<Client>> {
  const { limit, offset, phone, ...filters } = query;
  const phoneE164 = phone === undefined ? undefined : toE164(phone, await defaultCountry(ctx, tenantId));
  return createClientsRepository(ctx.db, tenantId).list({ ...filters, phoneE164 }, { limit, offset });
}

/** The tenant's client, or null (removed, or another tenant's). */
export async function findClient(ctx: DbContext, tenantId: string, id: string): Promise<Client | null> {
  return (await createClientsRepository(ctx.db, tenantId).findById(id)) ?? null;
}

export async function getClient(ctx: DbContext, tenantId: string, id: string): Promise<Client> {
  const client = await findClient(ctx, tenantId, id);
  if (!client) throw notFound('Client');
  return client;
}

/** The tenant's client with this E.164 phone (the inbound matcher's exact lookup), or null. */
export async function findClientByPhone(ctx: DbContext, tenantId: string, e164: string): Promise<Client | null> {
  return (await createClientsRepository(ctx.db, tenantId).findByPhone(e164)) ?? null;
}

export async function createClient(ctx: DbContext, tenantId: string, input: ClientCreate): Promise<Client> {
  const { phone, optedOut, ...fields } = input;
  const phoneColumns = phone === undefined ? undefined : toClientPhone(phone, await defaultCountry(ctx, tenantId));
  const repo = createClientsRepository(ctx.db, tenantId);
  return withUniquePhone(repo, phoneColumns, undefined, () =>
    repo.insert({ ...fields, ...phoneColumns, optedOutAt: optedOut ? new Date() : undefined }),
  );
}

export async function updateClient(ctx: DbContext, tenantId: string, id: string, patch: ClientPatch): Promise<Client> {
  const { phone, optedOut, ...fields } = patch;
  const phoneColumns = phone === undefined ? undefined : toClientPhone(phone, await defaultCountry(ctx, tenantId));
  const repo = createClientsRepository(ctx.db, tenantId);
  const updated = await withUniquePhone(repo, phoneColumns, id, () =>
    repo.update(id, {
      ...fields,
      ...phoneColumns,
      // Opting out again keeps the date of the first request: that is when consent was withdrawn.
      optedOutAt: optedOut === undefined ? undefined : optedOut ? sql`coalesce(${clients.optedOutAt}, now())` : null,
    }),
  );
  if (!updated) throw notFound('Client');
  return updated;
}

export async function deleteClient(ctx: DbContext, tenantId: string, id: string): Promise<Client> {
  const repo = createClientsRepository(ctx.db, tenantId);
  return deleteUnlessInUse({ name: 'Client', path: '/api/clients', id }, () => repo.delete(id));
}

async function defaultCountry(ctx: DbContext, tenantId: string): Promise<string> {
  return (await getTenant(ctx, tenantId)).defaultCountry;
}

/**
 * A phone is unique per tenant: the 409 names it and, when known, the client that has it. The
 * check comes first because a failed insert would abort a caller's transaction; the constraint
 * still decides when two requests race for the same phone.
 */
async function withUniquePhone<R>(
  repo: ReturnType<typeof createClientsRepository>,
  phone: ClientPhone | undefined,
  selfId: string | undefined,
  write: () => Promise<R>,
): Promise<R> {
  const e164 = phone?.phoneE164;
  if (!e164) return write();
  const holder = await repo.findByPhone(e164);
  if (holder && holder.id !== selfId) throw duplicatePhone(phone, holder.id);
  try {
    return await write();
  } catch (err) {
    if (isUniqueViolation(err, clientPhoneUniqueConstraint)) throw duplicatePhone(phone);
    throw err;
  }
}

const duplicatePhone = (phone: ClientPhone, clientId?: string) =>
  new AppError('CONFLICT', `phone: another client already has the phone ${phone.phoneE164} ("${phone.phoneRaw}")`, {
    field: 'phone',
    phoneE164: phone.phoneE164,
    clientId,
  });
