/**
 * Contacts as Chatwoot v4.15.1 treats them (NOTES §B contacts, §E): model validations, per-account
 * uniqueness (phone by validation only), substring search, exact filter, contact inboxes.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { ChatwootHttpError, RecordInvalid, unprocessable, type FieldError } from './sandbox.errors.ts';
import {
  findInbox,
  type AccountRecord,
  type ContactInboxRecord,
  type ContactRecord,
  type InboxRecord,
  type SandboxStore,
} from './sandbox.store.ts';

/** Chatwoot's regex is anchored only at the end (`\z`), so it is here too. */
const E164 = /\+[1-9]\d{1,14}$/;
/** Devise's default `email_regexp`. */
const EMAIL = /^[^@\s]+@[^@\s]+$/;

export const CONTACTS_PER_PAGE = 15;

type Body = Record<string, unknown>;

/** The contact columns a create or update may set, after Chatwoot's normalisation. */
type ContactFields = Partial<
  Pick<ContactRecord, 'name' | 'email' | 'phone_number' | 'identifier' | 'blocked' | 'additional_attributes' | 'custom_attributes'>
>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Blank email/phone/identifier become null (and so skip uniqueness); email is lower-cased. */
function readContactFields(body: Body): ContactFields {
  const fields: ContactFields = {};
  const blankToNull = (v: unknown) => (v === undefined || v === null || String(v).trim() === '' ? null : String(v));
  if ('name' in body) fields.name = body.name == null ? '' : String(body.name);
  if ('email' in body) fields.email = blankToNull(body.email)?.toLowerCase() ?? null;
  if ('phone_number' in body) fields.phone_number = blankToNull(body.phone_number);
  if ('identifier' in body) fields.identifier = blankToNull(body.identifier);
  if ('blocked' in body) fields.blocked = body.blocked === true;
  if (isObject(body.additional_attributes)) fields.additional_attributes = body.additional_attributes;
  if (isObject(body.custom_attributes)) fields.custom_attributes = body.custom_attributes;
  return fields;
}

/** Contact model validations, in Chatwoot's declaration order (email, identifier, phone_number). */
function validateContact(account: AccountRecord, candidate: ContactFields, selfId?: number): FieldError[] {
  const others = [...account.contacts.values()].filter((c) => c.id !== selfId);
  const errors: FieldError[] = [];
  const { email, identifier, phone_number } = candidate;
  if (email) {
    if (others.some((c) => c.email === email)) errors.push({ attribute: 'email', message: 'Email has already been taken' });
    if (!EMAIL.test(email)) errors.push({ attribute: 'email', message: 'Email Invalid email' });
  }
  if (identifier && others.some((c) => c.identifier === identifier)) {
    errors.push({ attribute: 'identifier', message: 'Identifier has already been taken' });
  }
  if (phone_number) {
    if (others.some((c) => c.phone_number === phone_number)) {
      errors.push({ attribute: 'phone_number', message: 'Phone number has already been taken' });
    }
    if (!E164.test(phone_number)) {
      errors.push({ attribute: 'phone_number', message: 'Phone number should be in e164 format' });
    }
  }
  return errors;
}

/**
 * The database's unique indexes on (email, account) and (identifier, account). Phone has none, so
 * two creates that both passed validation produce duplicate phones; a duplicate email or identifier
 * makes the later insert fail with an unhandled error, which Chatwoot answers with 500 (NOTES §E).
 */
function enforceUniqueIndexes(account: AccountRecord, fields: ContactFields): void {
  for (const contact of account.contacts.values()) {
    const clash =
      (fields.email && contact.email === fields.email) || (fields.identifier && contact.identifier === fields.identifier);
    if (clash) throw new ChatwootHttpError(500, { status: 500, error: 'Internal Server Error' });
  }
}

export interface CreateContactOptions {
  /** Widens the gap between validation and insert, so concurrent creates can race (see README). */
  insertDelayMs: number;
}

export async function createContact(
  store: SandboxStore,
  account: AccountRecord,
  body: Body,
  { insertDelayMs }: CreateContactOptions,
): Promise<{ contact: ContactRecord; contactInbox: ContactInboxRecord | null; inbox: InboxRecord | null }> {
  const fields = readContactFields(body);
  const errors = validateContact(account, fields);
  if (errors.length > 0) throw new RecordInvalid(errors);
  if (insertDelayMs > 0) {
    await sleep(insertDelayMs);
    enforceUniqueIndexes(account, fields);
  }
  const now = Date.now();
  const contact: ContactRecord = {
    id: store.nextId('contact'),
    account_id: account.id,
    name: fields.name ?? '',
    email: fields.email ?? null,
    phone_number: fields.phone_number ?? null,
    identifier: fields.identifier ?? null,
    blocked: fields.blocked ?? false,
    additional_attributes: fields.additional_attributes ?? {},
    custom_attributes: fields.custom_attributes ?? {},
    created_at: now,
    last_activity_at: null,
    contact_inboxes: [],
  };
  // Inbox lookup and source-id generation run in the same transaction: a failure leaves no contact.
  const inbox = body.inbox_id == null ? null : findInbox(account, body.inbox_id);
  const sourceId = inbox ? (body.source_id == null ? sourceIdFor(inbox, contact) : String(body.source_id)) : null;
  account.contacts.set(contact.id, contact);
  const contactInbox = inbox && sourceId ? addContactInbox(store, contact, inbox, sourceId) : null;
  return { contact, contactInbox, inbox };
}

/** `custom_attributes` and `additional_attributes` are merged, not replaced (NOTES §B). */
export function updateContact(account: AccountRecord, contact: ContactRecord, body: Body): ContactRecord {
  const fields = readContactFields(body);
  const errors = validateContact(account, { ...contact, ...fields }, contact.id);
  if (errors.length > 0) throw new RecordInvalid(errors);
  const { additional_attributes, custom_attributes, ...columns } = fields;
  Object.assign(contact, columns);
  contact.additional_attributes = { ...contact.additional_attributes, ...additional_attributes };
  contact.custom_attributes = { ...contact.custom_attributes, ...custom_attributes };
  return contact;
}

/** Case-insensitive substring over name, email and phone; case-sensitive on identifier (NOTES §B). */
export function searchContacts(account: AccountRecord, q: unknown): ContactRecord[] {
  const needle = typeof q === 'string' ? q.trim() : '';
  if (!needle) throw unprocessable('Specify search string with parameter q');
  const lower = needle.toLowerCase();
  return [...account.contacts.values()].filter(
    (c) =>
      [c.name, c.email, c.phone_number].some((v) => v?.toLowerCase().includes(lower)) ||
      (c.identifier?.includes(needle) ?? false),
  );
}

type FilterOperator = 'equal_to' | 'not_equal_to' | 'contains' | 'does_not_contain' | 'starts_with';

/** The standard contact attributes the sandbox filters on, with the operators Chatwoot allows. */
const FILTERABLE: Record<string, { operators: FilterOperator[]; caseInsensitive: boolean }> = {
  phone_number: {
    operators: ['equal_to', 'not_equal_to', 'contains', 'does_not_contain', 'starts_with'],
    caseInsensitive: false,
  },
  email: { operators: ['equal_to', 'not_equal_to', 'contains', 'does_not_contain'], caseInsensitive: true },
  identifier: { operators: ['equal_to', 'not_equal_to'], caseInsensitive: true },
  name: { operators: ['equal_to', 'not_equal_to', 'contains', 'does_not_contain'], caseInsensitive: true },
};

interface FilterCondition {
  attribute_key: keyof ContactRecord & keyof typeof FILTERABLE;
  filter_operator: FilterOperator;
  values: string[];
  query_operator: 'AND' | 'OR' | null;
}

function readConditions(payload: unknown): FilterCondition[] {
  if (!Array.isArray(payload) || payload.length === 0) throw unprocessable('Invalid filter payload');
  return payload.map((raw: Record<string, unknown>) => {
    const key = String(raw?.attribute_key);
    const rule = FILTERABLE[key];
    if (!rule) {
      throw new ChatwootHttpError(501, `sandbox does not implement contact filters on "${key}"`);
    }
    const operator = raw.filter_operator as FilterOperator;
    if (!rule.operators.includes(operator)) {
      throw unprocessable(`Invalid operator. The allowed operators for ${key} are [${rule.operators.join(',')}].`);
    }
    if (!Array.isArray(raw.values) || raw.values.length === 0) {
      throw unprocessable(`Invalid value. The values provided for ${key} are invalid`);
    }
    const queryOperator = raw.query_operator == null ? null : String(raw.query_operator).toUpperCase();
    if (queryOperator !== null && queryOperator !== 'AND' && queryOperator !== 'OR') {
      throw unprocessable(`Invalid query operator. The allowed query operators are [AND,OR].`);
    }
    return {
      attribute_key: key as FilterCondition['attribute_key'],
      filter_operator: operator,
      values: raw.values.map(String),
      query_operator: queryOperator,
    };
  });
}

function matches(contact: ContactRecord, condition: FilterCondition): boolean {
  const { caseInsensitive } = FILTERABLE[condition.attribute_key];
  const fold = (v: string) => (caseInsensitive ? v.toLowerCase() : v);
  const actual = contact[condition.attribute_key];
  const value = typeof actual === 'string' ? fold(actual) : null;
  const values = condition.values.map(fold);
  switch (condition.filter_operator) {
    case 'equal_to':
      return value !== null && values.includes(value);
    case 'not_equal_to':
      return value === null || !values.includes(value);
    case 'contains':
      return value !== null && values.some((v) => value.includes(v));
    case 'does_not_contain':
      return value === null || !values.some((v) => value.includes(v));
    case 'starts_with':
      return value !== null && values.some((v) => value.startsWith(v));
  }
}

/**
 * Conditions joined by each one's `query_operator`, with SQL precedence (AND binds tighter than OR).
 * Like index, filter only sees "resolved" contacts: those with an email, phone or identifier.
 */
export function filterContacts(account: AccountRecord, payload: unknown): ContactRecord[] {
  const conditions = readConditions(payload);
  const orGroups: FilterCondition[][] = [[]];
  conditions.forEach((condition, i) => {
    orGroups[orGroups.length - 1].push(condition);
    if (i < conditions.length - 1 && condition.query_operator === 'OR') orGroups.push([]);
  });
  return [...account.contacts.values()].filter(
    (c) =>
      (c.email || c.phone_number || c.identifier) &&
      orGroups.some((group) => group.every((condition) => matches(c, condition))),
  );
}

/** The source id Chatwoot generates when none is given (ContactInboxBuilder). */
export function sourceIdFor(inbox: InboxRecord, contact: ContactRecord): string {
  const requirePhone = () => {
    if (!contact.phone_number) throw unprocessable('param is missing or the value is empty: contact phone number');
    return contact.phone_number;
  };
  switch (inbox.channel_type) {
    case 'Channel::Whatsapp':
      return requirePhone().replace('+', '');
    case 'Channel::Sms':
    case 'Channel::TwilioSms':
      return requirePhone();
    case 'Channel::Email':
      if (!contact.email) throw unprocessable('param is missing or the value is empty: contact email');
      return contact.email;
    case 'Channel::Api':
    case 'Channel::WebWidget':
      return randomUUID();
  }
}

/** Find-or-create on (contact, inbox, source_id): idempotent only when the source id is stable. */
export function addContactInbox(
  store: SandboxStore,
  contact: ContactRecord,
  inbox: InboxRecord,
  sourceId: string,
): ContactInboxRecord {
  const existing = contact.contact_inboxes.find((ci) => ci.inbox_id === inbox.id && ci.source_id === sourceId);
  if (existing) return existing;
  const contactInbox: ContactInboxRecord = {
    id: store.nextId('contactInbox'),
    contact_id: contact.id,
    inbox_id: inbox.id,
    source_id: sourceId,
    created_at: Date.now(),
  };
  contact.contact_inboxes.push(contactInbox);
  return contactInbox;
}

export function findContactInboxBySourceId(account: AccountRecord, sourceId: string) {
  for (const contact of account.contacts.values()) {
    const contactInbox = contact.contact_inboxes.find((ci) => ci.source_id === sourceId);
    if (contactInbox) return { contact, contactInbox };
  }
  return undefined;
}
