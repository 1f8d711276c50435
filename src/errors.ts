/**
 * Domain errors. Services throw these; the HTTP error handler and the CLI map them to a status
 * or exit code. `code` is stable and documented; `message` is for humans and never carries a secret.
 */
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'INVALID_PHONE'
  | 'CONFIGURATION_MISSING'
  | 'RATE_LIMITED'
  | 'DISABLED'
  | 'INTERNAL';

const statusByCode: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  INVALID_PHONE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  DISABLED: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  CONFIGURATION_MISSING: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  /** Extra, safe-to-show details (e.g. which field failed). */
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.statusCode = statusByCode[code];
    this.details = details;
  }
}

export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} not found`);

export const isAppError = (err: unknown): err is AppError => err instanceof AppError;
