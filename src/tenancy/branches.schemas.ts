import { z } from 'zod';
import { optionalText, searchQuery } from '../booking/booking.schemas.ts';
import { booleanQuery, paginationQuery, timestamp } from '../http/common.schemas.ts';
import type { Branch } from './tenancy.tables.ts';

/** Every writable field, none with a default: PATCH sends only what changes, and inserts take the table defaults. */
const branchFields = z.object({
  name: z.string().trim().min(1).max(200).describe('Name shown to clients, e.g. "Sucursal Centro"'),
  address: optionalText(500).describe('Street address, used in appointment messages'),
  phone: optionalText(40).describe('Front-desk phone, shown to clients as written'),
  active: z.boolean().describe('false retires the branch: kept for history, no new bookings (default true)'),
});

export const branchCreate = branchFields.partial().required({ name: true });
export const branchPatch = branchFields.partial();
export type BranchCreate = z.infer<typeof branchCreate>;
export type BranchPatch = z.infer<typeof branchPatch>;

export const branchListQuery = paginationQuery.extend({
  q: searchQuery.optional().describe('Substring of the name or address'),
  active: booleanQuery.optional().describe('Only active (true) or retired (false) branches'),
});
export type BranchListQuery = z.infer<typeof branchListQuery>;

export const branchResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toBranchResponse = (b: Branch): z.input<typeof branchResponse> => ({
  id: b.id,
  name: b.name,
  address: b.address,
  phone: b.phone,
  active: b.active,
  createdAt: b.createdAt,
  updatedAt: b.updatedAt,
});
