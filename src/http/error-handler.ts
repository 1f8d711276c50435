import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAppError } from '../errors.ts';

interface PgError {
  code?: string;
  constraint?: string;
}

/**
 * The one place errors become HTTP responses: `{ code, message, details? }`. Domain errors carry
 * their status; validation errors name the fields; anything unexpected is a 500 whose details
 * stay in the log, never in the response.
 */
export function errorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      field: [error.validationContext, ...String(v.instancePath).split('/').filter(Boolean)].join('.'),
      message: v.message,
    }));
    return reply.status(400).send({
      code: 'VALIDATION_FAILED',
      message: issues.map((i) => `${i.field}: ${i.message}`).join('; '),
      details: { issues },
    });
  }
  if (isAppError(error)) {
    if (error.statusCode >= 500) request.log.error({ err: error }, error.message);
    return reply.status(error.statusCode).send({ code: error.code, message: error.message, details: error.details });
  }
  const pg = (error as unknown as { cause?: PgError }).cause ?? (error as unknown as PgError);
  if (pg.code === '23505') {
    return reply.status(409).send({ code: 'CONFLICT', message: 'A record with these values already exists', details: { constraint: pg.constraint } });
  }
  if (pg.code === '23503') {
    // A composite (tenant_id, id) reference failed: the referenced row is not this tenant's.
    return reply.status(404).send({ code: 'NOT_FOUND', message: 'A referenced record was not found', details: { constraint: pg.constraint } });
  }
  if (error.statusCode && error.statusCode < 500 && !isResponseSerializationError(error)) {
    const code = error.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : error.statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    return reply.status(error.statusCode).send({ code, message: error.message });
  }
  request.log.error({ err: error }, 'unhandled error');
  return reply.status(500).send({ code: 'INTERNAL', message: 'Internal server error' });
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply) {
  return reply.status(404).send({ code: 'NOT_FOUND', message: `Route ${request.method} ${request.url.split('?')[0]} not found` });
}
