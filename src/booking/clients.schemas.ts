import { z } from 'zod';
import { booleanQuery, paginationQuery, timestamp } from '../http/common.schemas.ts';
import type { Client } from './booking.tables.ts';
import { email, optionalText, searchQuery } from './booking.schemas.ts';

const phone = z
  .string()
  .trim()
  .max(40)
  .describe(
    'Phone in any common written form ("+52 1 33 1234 5678", "044 33 1234 5678", "(33) 1234-5678"); numbers without an ' +
      "international prefix are read in the tenant's default country. Stored as written and as E.164.",
  );

/** Every writable field, none with a default: PATCH sends only what changes, and inserts take the table defaults. */
const clientFields = z.object({
  firstName: z.string().trim().min(1).max(100).describe('First name, as the client is greeted in messages'),
  lastName: z.string().trim().max(100).describe('Last name; empty if unknown'),
  email: email.nullable().optional().describe('Email for the email channel'),
  phone: phone.nullable().optional(),
  active: z.boolean().describe('false retires the client: kept for history, no new bookings (default true)'),
  marketingConsent: z.boolean().describe('The client agreed to receive promotions (default false)'),
  optedOut: z.boolean().describe('The client asked not to be messaged; sets optedOutAt (default false)'),
  locale: z.enum(['es-MX', 'en']).nullable().optional().describe("Language of the client's messages; null uses the tenant's"),
  tags: z.array(z.string().trim().min(1).max(50)).max(50).describe('Free labels such as "vip", matched exactly'),
  notes: optionalText(2000).describe('Internal notes, never sent to the client'),
});

export const clientCreate = clientFields.partial().required({ firstName: true });
export const clientPatch = clientFields.partial();
export type ClientCreate = z.infer<typeof clientCreate>;
export type ClientPatch = z.infer<typeof clientPatch>;

export const clientListQuery = paginationQuery.extend({
  q: searchQuery.optional().describe('Substring of the name, email or phone'),
  phone: z.string().trim().min(1).max(40).optional().describe('Exact phone, in any written form (normalised before matching)'),
  active: booleanQuery.optional().describe('Only active (true) or retired (false) clients'),
  tag: z.string().trim().min(1).max(50).optional().describe('Only clients carrying this tag'),
  optedOut: booleanQuery.optional().describe('Only clients who opted out (true) or did not (false)'),
});
export type ClientListQuery = z.infer<typeof clientListQuery>;

export const clientResponse = z.object({
  id: z.string().uuid(),
  firstName: z.string(),
  lastName: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable().describe('The phone as it was written'),
  phoneE164: z.string().nullable().describe('The phone in E.164, e.g. +523312345678'),
  active: z.boolean(),
  marketingConsent: z.boolean(),
  optedOut: z.boolean(),
  optedOutAt: timestamp.nullable(),
  locale: z.string().nullable(),
  tags: z.array(z.string()),
  notes: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toClientResponse = (c: Client): z.input<typeof clientResponse> => ({
  id: c.id,
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phoneRaw,
  phoneE164: c.phoneE164,
  active: c.active,
  marketingConsent: c.marketingConsent,
  optedOut: c.optedOutAt !== null,
  optedOutAt: c.optedOutAt,
  locale: c.locale,
  tags: c.tags,
  notes: c.notes,
  createdAt: c.createdAt,
  updatedAt: c.updatedAt,
});
