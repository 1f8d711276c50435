import { z } from 'zod';
import { booleanQuery, paginationQuery, timestamp } from '../http/common.schemas.ts';
import type { Professional } from './booking.tables.ts';
import { email, optionalText, searchQuery } from './booking.schemas.ts';

/** Every writable field, none with a default: PATCH sends only what changes, and inserts take the table defaults. */
const professionalFields = z.object({
  name: z.string().trim().min(1).max(200).describe('Name shown to clients, e.g. "Carlos García"'),
  branchId: z.string().uuid().nullable().optional().describe('Home branch; appointments with this professional default to it'),
  email: email.nullable().optional(),
  phone: optionalText(40).describe('Contact phone, kept as written (not used for messages to clients)'),
  active: z.boolean().describe('false retires the professional: kept for history, no new bookings (default true)'),
});

export const professionalCreate = professionalFields.partial().required({ name: true });
export const professionalPatch = professionalFields.partial();
export type ProfessionalCreate = z.infer<typeof professionalCreate>;
export type ProfessionalPatch = z.infer<typeof professionalPatch>;

export const professionalListQuery = paginationQuery.extend({
  q: searchQuery.optional().describe('Substring of the name'),
  branchId: z.string().uuid().optional().describe('Only professionals of this branch'),
  active: booleanQuery.optional().describe('Only active (true) or retired (false) professionals'),
});
export type ProfessionalListQuery = z.infer<typeof professionalListQuery>;

export const professionalResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toProfessionalResponse = (p: Professional): z.input<typeof professionalResponse> => ({
  id: p.id,
  name: p.name,
  branchId: p.branchId,
  email: p.email,
  phone: p.phone,
  active: p.active,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});
