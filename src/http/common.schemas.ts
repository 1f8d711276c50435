/** Building blocks shared by every route's zod schema, so /docs reads the same everywhere. */
import { z } from 'zod';

export const idParam = z.object({ id: z.string().uuid().describe('Resource id (UUID)') });

export const paginationQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).describe('Page size (1-200)'),
  offset: z.coerce.number().int().min(0).default(0).describe('Rows to skip'),
});

export const paginated = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item),
    pagination: z.object({ total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
  });

export const errorBody = z
  .object({
    code: z.string().describe('Stable machine-readable code, e.g. NOT_FOUND, VALIDATION_FAILED'),
    message: z.string().describe('What is wrong and how to fix it'),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .describe('Error');

/** Standard error responses for a route that authenticates. */
export const authErrors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

export const timestamp = z.date().describe('ISO-8601 timestamp');
export const booleanQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
