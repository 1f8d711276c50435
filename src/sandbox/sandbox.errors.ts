/**
 * The errors the sandbox answers with, in the exact bodies the real Chatwoot sends (NOTES §A).
 * Handlers throw them; the server's error handler writes `status` + `body`.
 */
export class ChatwootHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    super(typeof body === 'string' ? body : JSON.stringify(body));
  }
}

export const notFound = () => new ChatwootHttpError(404, { error: 'Resource could not be found' });

export const unauthorized = (error: string) => new ChatwootHttpError(401, { error });

/** A 422 for a failure outside model validation (missing parameter, bad filter, message errors). */
export const unprocessable = (error: string) => new ChatwootHttpError(422, { error });

export interface FieldError {
  attribute: string;
  /** The Rails full message, e.g. "Phone number should be in e164 format". */
  message: string;
}

/**
 * A failed model validation (Rails `ActiveRecord::RecordInvalid`). Rendered as
 * `{message, attributes}` by default; message create renders it as `{error:"Validation failed: …"}`.
 */
export class RecordInvalid extends ChatwootHttpError {
  constructor(readonly errors: FieldError[]) {
    super(422, {
      message: errors.map((e) => e.message).join(', '),
      attributes: [...new Set(errors.map((e) => e.attribute))],
    });
  }

  get exceptionMessage(): string {
    return `Validation failed: ${this.errors.map((e) => e.message).join(', ')}`;
  }
}
