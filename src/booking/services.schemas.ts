import { z } from 'zod';
import { booleanQuery, paginationQuery, timestamp } from '../http/common.schemas.ts';
import type { Service } from './booking.tables.ts';
import { optionalText, searchQuery } from './booking.schemas.ts';

/** Every writable field, none with a default: PATCH sends only what changes, and inserts take the table defaults. */
const serviceFields = z.object({
  name: z.string().trim().min(1).max(200).describe('Name shown to clients, e.g. "Corte de cabello"'),
  description: optionalText(2000),
  durationMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .describe('How long it takes; an appointment booked without an end time lasts this long'),
  priceCents: z.number().int().min(0).nullable().optional().describe('Price in cents, e.g. 35000 = $350.00; null if not shown'),
  currency: z
    .string()
    .regex(/^[A-Za-z]{3}$/, 'must be a three-letter ISO 4217 code such as MXN')
    .transform((c) => c.toUpperCase())
    .describe('Currency of the price (default MXN)'),
  active: z.boolean().describe('false retires the service: kept for history, no new bookings (default true)'),
});

export const serviceCreate = serviceFields.partial().required({ name: true, durationMinutes: true });
export const servicePatch = serviceFields.partial();
export type ServiceCreate = z.infer<typeof serviceCreate>;
export type ServicePatch = z.infer<typeof servicePatch>;

export const serviceListQuery = paginationQuery.extend({
  q: searchQuery.optional().describe('Substring of the name'),
  active: booleanQuery.optional().describe('Only active (true) or retired (false) services'),
});
export type ServiceListQuery = z.infer<typeof serviceListQuery>;

export const serviceResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  durationMinutes: z.number().int(),
  priceCents: z.number().int().nullable(),
  currency: z.string(),
  active: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const toServiceResponse = (s: Service): z.input<typeof serviceResponse> => ({
  id: s.id,
  name: s.name,
  description: s.description,
  durationMinutes: s.durationMinutes,
  priceCents: s.priceCents,
  currency: s.currency,
  active: s.active,
  createdAt: s.createdAt,
  updatedAt: s.updatedAt,
});
