/**
 * Finds or creates the Chatwoot contact for a phone (DESIGN flow 2). Chatwoot does not enforce
 * phone uniqueness in its database (NOTES §E), so concurrent creates for one phone are serialised
 * here with a PostgreSQL advisory lock shared by every process; a 422 "taken" still means someone
 * else (outside our lock, e.g. an inbound WhatsApp message) created it first: look again.
 */
import type pg from 'pg';
import type { ChatwootClient } from './chatwoot.client.ts';
import { ChatwootError } from './chatwoot.errors.ts';
import type { ChatwootContact } from './chatwoot.types.ts';

export interface ContactIdentity {
  name: string;
  phoneE164: string;
  email?: string | null;
  /** Our ids, stored as contact custom attributes so agents can tell who the contact is. */
  customAttributes?: Record<string, string>;
}

async function withAdvisoryLock<T>(pool: pg.Pool, key: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [key]);
    try {
      return await fn();
    } finally {
      await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [key]);
    }
  } finally {
    client.release();
  }
}

const taken = (err: unknown, field: string) =>
  err instanceof ChatwootError && err.kind === 'validation' && err.attributes.includes(field) && /taken/i.test(err.message);

/** An exact phone match; several (possible in Chatwoot) resolve to the oldest, deterministically. */
const pickContact = (contacts: ChatwootContact[]) => [...contacts].sort((a, b) => a.id - b.id)[0];

export async function findOrCreateContact(
  pool: pg.Pool,
  client: ChatwootClient,
  scope: { baseUrl: string; accountId: number; inboxId: number },
  identity: ContactIdentity,
  /** Called before a call beyond the usual filter + create (after a 422 "taken"): pacing; may throw to stop. */
  beforeMoreCalls?: (calls: number) => Promise<void>,
): Promise<ChatwootContact> {
  const lockKey = `chatwoot-contact:${scope.baseUrl}:${scope.accountId}:${identity.phoneE164}`;
  return withAdvisoryLock(pool, lockKey, async () => {
    const found = pickContact(await client.filterContactsByPhone(identity.phoneE164));
    if (found) return found;
    const input = {
      name: identity.name,
      phone_number: identity.phoneE164,
      inbox_id: scope.inboxId,
      ...(identity.email ? { email: identity.email } : {}),
      ...(identity.customAttributes ? { custom_attributes: identity.customAttributes } : {}),
    };
    try {
      return (await client.createContact(input)).contact;
    } catch (err) {
      if (taken(err, 'phone_number')) {
        await beforeMoreCalls?.(1);
        const again = pickContact(await client.filterContactsByPhone(identity.phoneE164));
        if (again) return again;
      }
      // Another contact already has this email: the phone is what we message, so create without it.
      if (taken(err, 'email') && input.email) {
        await beforeMoreCalls?.(1);
        const { email: _dropped, ...withoutEmail } = input;
        return (await client.createContact(withoutEmail)).contact;
      }
      throw err;
    }
  });
}
