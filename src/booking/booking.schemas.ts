/** Schema pieces shared by the booking resources (the app-wide ones are in src/http/common.schemas.ts). */
import { z } from 'zod';

/** A date-time must carry its offset: "15:00" alone would depend on the server's timezone. */
export const isoDateTime = z.iso
  .datetime({ offset: true, error: 'must be an ISO-8601 date-time with a UTC offset or Z, e.g. 2025-11-20T15:00:00-06:00' })
  .transform((s) => new Date(s));

export const searchQuery = z.string().trim().min(1).max(100);

export const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const email = z.string().trim().toLowerCase().pipe(z.email('must be an email address such as ana@example.com'));

/** A query parameter that takes one or several values: `?status=A&status=B` or `?status=A,B`. */
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v), z.array(item).min(1));
