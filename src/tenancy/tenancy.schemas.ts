import { z } from 'zod';
import { timestamp } from '../http/common.schemas.ts';

export const apiRoleSchema = z.enum(['admin', 'staff', 'viewer']).describe('admin: everything; staff: bookings and sends; viewer: read only');

export const tenantResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  slug: z.string(),
  timezone: z.string().describe('IANA timezone every date is shown in'),
  locale: z.string(),
  defaultCountry: z.string().describe('Country assumed for phones without an international prefix'),
  createdAt: timestamp,
});

export const tenantPatch = z
  .object({
    name: z.string().trim().min(1).max(200),
    timezone: z.string().min(1).describe('IANA timezone, e.g. America/Mexico_City'),
    locale: z.enum(['es-MX', 'en']),
    defaultCountry: z.string().regex(/^[A-Za-z]{2}$/, 'two-letter ISO country code, e.g. MX').transform((c) => c.toUpperCase()),
  })
  .partial();

export const apiKeyResponse = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string().describe('First characters of the key, to tell keys apart'),
  role: apiRoleSchema,
  lastUsedAt: timestamp.nullable(),
  revokedAt: timestamp.nullable(),
  createdAt: timestamp,
});

export const apiKeyCreate = z.object({ name: z.string().trim().min(1).max(100), role: apiRoleSchema.default('staff') });
export const apiKeyCreated = apiKeyResponse.extend({ key: z.string().describe('The key itself: shown only now, store it safely') });
