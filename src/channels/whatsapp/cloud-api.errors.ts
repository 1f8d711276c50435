/**
 * WhatsApp Cloud API errors: Graph API's `{ error: { message, type, code, error_data: { details },
 * error_subcode, fbtrace_id } }`. Meta answers most of them with HTTP 400 — rate limits included —
 * so the code decides (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
import type { FailureKind, ProviderError } from '../delivery-failure.ts';
import { classifyByStatus, kindOfStatus } from '../http-provider.ts';

const CODE_PREFIX = 'WHATSAPP_CLOUD';

/**
 * Codes whose meaning we explain ourselves; others fall back to the HTTP status (131000 and 131016
 * come as 500/503). Exported for whoever reads the same codes in Meta's status webhooks.
 */
export const cloudApiErrorCodes: Record<number, { kind: FailureKind; explanation: string }> = {
  1: { kind: 'transient', explanation: 'Meta reported an unknown, possibly temporary, API error' },
  2: { kind: 'transient', explanation: 'the Cloud API is temporarily unavailable or overloaded' },
  4: { kind: 'transient', explanation: 'the Meta app reached its API call rate limit' },
  80007: { kind: 'transient', explanation: 'the WhatsApp Business Account reached its rate limit' },
  130429: { kind: 'transient', explanation: 'Cloud API throughput limit reached for this phone number' },
  131048: { kind: 'transient', explanation: 'spam rate limit: too many recent messages from this number were blocked or reported' },
  131056: { kind: 'transient', explanation: 'too many messages to this client in a short time (pair rate limit)' },
  100: { kind: 'permanent', explanation: 'the request has an invalid or unsupported parameter' },
  190: { kind: 'permanent', explanation: 'the access token is invalid or expired: generate a new System User token' },
  131026: {
    kind: 'permanent',
    explanation: 'undeliverable: the number is not on WhatsApp, has an outdated app, or has not accepted the current terms',
  },
  131047: {
    kind: 'permanent',
    explanation:
      'more than 24 hours have passed since the client last wrote: only an approved message template can reach them now',
  },
  132000: { kind: 'permanent', explanation: 'the number of template parameters does not match the approved template' },
  132001: { kind: 'permanent', explanation: 'the template does not exist in this language or is not approved' },
  133010: { kind: 'permanent', explanation: 'the business phone number is not registered with the Cloud API' },
};

interface GraphError {
  message?: string;
  code?: number;
  error_subcode?: number;
  error_data?: { details?: string };
  fbtrace_id?: string;
}

const graphError = (body: unknown): GraphError =>
  typeof body === 'object' && body !== null && 'error' in body && typeof body.error === 'object' && body.error !== null
    ? (body.error as GraphError)
    : {};

export function classifyCloudApiError(status: number, body: unknown): ProviderError {
  const error = graphError(body);
  const metaSays = [error.message ?? (typeof body === 'string' && body ? body : `HTTP ${status}`), error.error_data?.details]
    .filter(Boolean)
    .join(' — ');
  // fbtrace_id is what Meta support asks for.
  const trace = error.fbtrace_id ? ` [fbtrace_id ${error.fbtrace_id}]` : '';
  if (typeof error.code !== 'number') {
    return classifyByStatus(CODE_PREFIX, status, `Meta answered HTTP ${status}: ${metaSays}${trace}`);
  }

  const known = cloudApiErrorCodes[error.code];
  const subcode = error.error_subcode ? `/${error.error_subcode}` : '';
  return {
    kind: known?.kind ?? kindOfStatus(status),
    code: `${CODE_PREFIX}_${error.code}`,
    message: `${known ? `${known.explanation} ` : ''}(Meta ${error.code}${subcode}: ${metaSays})${trace}`,
  };
}
