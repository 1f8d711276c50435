/**
 * The one error type the Chatwoot client throws, and the mapping from what the real server answers
 * (NOTES §A: `{error}` or `{message, attributes}` bodies, 401/404/422/429, not the spec's 400
 * `bad_request_error`) to a kind the caller can act on.
 */

/**
 * - `config`: fix the Chatwoot settings (token, account); retrying will not help.
 * - `validation`: the request was refused (bad phone, duplicate contact…); retrying will not help.
 * - `not_found`: the caller decides: on an account/inbox it is a config error, on a cached
 *   conversation it means "recreate it".
 * - `transient`: try again later (`retryAfter` when the server's window is known).
 */
export type ChatwootErrorKind = 'config' | 'validation' | 'not_found' | 'transient';

export type ChatwootErrorCode =
  | 'CHATWOOT_UNAUTHORIZED'
  | 'CHATWOOT_BOT_TOKEN'
  | 'CHATWOOT_ACCOUNT_SUSPENDED'
  | 'CHATWOOT_NOT_FOUND'
  | 'CHATWOOT_VALIDATION'
  | 'CHATWOOT_FLOOD_GUARD'
  | 'CHATWOOT_RATE_LIMITED'
  | 'CHATWOOT_SERVER_ERROR'
  | 'CHATWOOT_NETWORK'
  | 'CHATWOOT_TIMEOUT';

export interface ChatwootErrorInit {
  kind: ChatwootErrorKind;
  code: ChatwootErrorCode;
  /** HTTP status; absent when no response arrived (network, timeout). */
  status?: number;
  /** Fields a 422 names, e.g. `['phone_number']`. */
  attributes?: string[];
  retryAfter?: Date;
  /** What to change so the call succeeds. */
  hint?: string;
  /** The request, as `METHOD /path/template`. */
  operation: string;
}

/** Never carries the API token: messages are built from the operation and the server's error text only. */
export class ChatwootError extends Error {
  readonly kind: ChatwootErrorKind;
  readonly code: ChatwootErrorCode;
  readonly status?: number;
  readonly attributes: string[];
  readonly retryAfter?: Date;
  readonly hint?: string;
  readonly operation: string;

  constructor(message: string, init: ChatwootErrorInit) {
    super(message);
    this.name = 'ChatwootError';
    this.kind = init.kind;
    this.code = init.code;
    this.status = init.status;
    this.attributes = init.attributes ?? [];
    this.retryAfter = init.retryAfter;
    this.hint = init.hint;
    this.operation = init.operation;
  }
}

export const isChatwootError = (err: unknown): err is ChatwootError => err instanceof ChatwootError;

/** True when the same call may succeed later (5xx, network, timeout, 429, flood guard). */
export const isTransient = (err: unknown): boolean => isChatwootError(err) && err.kind === 'transient';

/** Error bodies as the server sends them (NOTES §A). */
interface ChatwootErrorBody {
  error?: string;
  message?: string;
  attributes?: string[];
}

const MAX_RETRY_JITTER_MS = 2_000;

/**
 * Chatwoot's throttles use fixed windows aligned to the minute and send no `Retry-After`
 * (NOTES §D), so the earliest useful retry is the next minute boundary. The jitter spreads
 * the retries of many workers over the first seconds of the new window.
 */
export function nextMinuteRetryAt(now = Date.now()): Date {
  const nextBoundary = Math.floor(now / 60_000) * 60_000 + 60_000;
  return new Date(nextBoundary + Math.floor(Math.random() * MAX_RETRY_JITTER_MS));
}

/** The 401 texts Chatwoot sends, each with its own code and fix. */
const UNAUTHORIZED_CAUSES: { text: string; code: ChatwootErrorCode; hint: string }[] = [
  {
    text: 'Access to this endpoint is not authorized for bots',
    code: 'CHATWOOT_BOT_TOKEN',
    hint: "This is an agent-bot token. Use a user access token (Chatwoot → Profile settings → Access token).",
  },
  {
    text: 'Account is suspended',
    code: 'CHATWOOT_ACCOUNT_SUSPENDED',
    hint: 'The Chatwoot account is suspended; ask the Chatwoot administrator to reactivate it.',
  },
  {
    text: 'You are not authorized to access this account',
    code: 'CHATWOOT_UNAUTHORIZED',
    hint: "Check the account id, and that the token's user is a member of that account.",
  },
  {
    text: 'You are not authorized to do this action',
    code: 'CHATWOOT_UNAUTHORIZED',
    hint: "The token's user lacks the role for this action; use an administrator's token.",
  },
];

const INVALID_TOKEN_HINT =
  'Check the API access token (Chatwoot → Profile settings → Access token); it may have been reset.';

function readBody(body: unknown): ChatwootErrorBody {
  if (typeof body === 'string') return { error: body.trim() };
  if (body && typeof body === 'object') return body as ChatwootErrorBody;
  return {};
}

/**
 * Maps a non-2xx answer to a `ChatwootError`. `redact` removes secrets from server-supplied text,
 * which is untrusted (a proxy error page could echo request headers).
 */
export function errorFromResponse(
  operation: string,
  status: number,
  rawBody: unknown,
  redact: (text: string) => string,
): ChatwootError {
  const body = readBody(rawBody);
  const serverText = redact(body.message ?? body.error ?? '');
  const describe = (detail: string) => `Chatwoot ${operation} failed with ${status}: ${detail}`;

  if (status === 401 || status === 403) {
    const cause = UNAUTHORIZED_CAUSES.find((c) => serverText.includes(c.text));
    const hint = cause?.hint ?? INVALID_TOKEN_HINT;
    return new ChatwootError(`${describe(serverText || 'unauthorized')}. ${hint}`, {
      kind: 'config',
      code: cause?.code ?? 'CHATWOOT_UNAUTHORIZED',
      status,
      hint,
      operation,
    });
  }
  if (status === 404) {
    return new ChatwootError(describe(serverText || 'not found'), {
      kind: 'not_found',
      code: 'CHATWOOT_NOT_FOUND',
      status,
      operation,
    });
  }
  if (status === 429) {
    return new ChatwootError(describe('rate limited'), {
      kind: 'transient',
      code: 'CHATWOOT_RATE_LIMITED',
      status,
      retryAfter: nextMinuteRetryAt(),
      operation,
    });
  }
  if (status >= 500) {
    return new ChatwootError(describe(serverText || 'server error'), {
      kind: 'transient',
      code: 'CHATWOOT_SERVER_ERROR',
      status,
      operation,
    });
  }
  // The per-conversation flood guard is a 422 but clears within a minute (NOTES §D).
  if (serverText.includes('Too many messages')) {
    return new ChatwootError(describe(serverText), {
      kind: 'transient',
      code: 'CHATWOOT_FLOOD_GUARD',
      status,
      retryAfter: nextMinuteRetryAt(),
      operation,
    });
  }
  const attributes = (body.attributes ?? []).map(redact);
  const fields = attributes.length > 0 ? ` (fields: ${attributes.join(', ')})` : '';
  return new ChatwootError(describe((serverText || 'request refused') + fields), {
    kind: 'validation',
    code: 'CHATWOOT_VALIDATION',
    status,
    attributes,
    operation,
  });
}

/** Maps a call that produced no usable response (refused connection, DNS, timeout, garbled body). */
export function errorFromFetchFailure(operation: string, host: string, failure: unknown): ChatwootError {
  if (failure instanceof SyntaxError) {
    return new ChatwootError(`Chatwoot ${operation} answered with a body that is not JSON`, {
      kind: 'transient',
      code: 'CHATWOOT_SERVER_ERROR',
      operation,
    });
  }
  if (failure instanceof Error && failure.name === 'TimeoutError') {
    return new ChatwootError(`Chatwoot ${operation} timed out waiting for ${host}`, {
      kind: 'transient',
      code: 'CHATWOOT_TIMEOUT',
      operation,
    });
  }
  // undici puts the socket error (ECONNREFUSED, ENOTFOUND…) in `cause`; only its code is kept.
  const cause = failure instanceof Error ? (failure.cause as { code?: unknown } | undefined) : undefined;
  const reason = typeof cause?.code === 'string' ? cause.code : 'network error';
  return new ChatwootError(`Chatwoot ${operation} could not reach ${host} (${reason})`, {
    kind: 'transient',
    code: 'CHATWOOT_NETWORK',
    operation,
  });
}
