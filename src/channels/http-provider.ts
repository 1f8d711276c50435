/**
 * The HTTP call shared by the REST providers (Twilio, WhatsApp Cloud API, Evolution API): one
 * request with a deadline, the answer parsed, and every way it can go wrong turned into a
 * classified DeliveryFailure. Each provider only says how to read its own error bodies.
 */
import type { z } from 'zod';
import {
  createFailureReporter,
  DEFAULT_TIMEOUT_MS,
  type DeliveryFailure,
  type FailureKind,
  type FailureReporter,
  type ProviderError,
  type ProviderOptions,
} from './delivery-failure.ts';

export interface RestProviderConfig {
  /** Provider name, as in the registry and the logs, e.g. "twilio". */
  provider: string;
  /** Shown in messages, e.g. "Twilio". */
  name: string;
  /** Prefix of the outcome codes this plumbing makes itself, e.g. "TWILIO" → TWILIO_TIMEOUT. */
  codePrefix: string;
  baseUrl: string;
  /** Authentication headers sent with every call. */
  headers: Record<string, string>;
  /** The secret values inside `headers`, scrubbed from everything that leaves. */
  secrets: string[];
  options: ProviderOptions;
  /** Reads a non-2xx answer; `body` is the parsed JSON, or the raw text when it is not JSON. */
  classifyError(status: number, body: unknown): ProviderError;
}

export type RestPayload = { json: unknown } | { form: Record<string, string> };

export type RestResult<T> = { ok: true; data: T } | DeliveryFailure;

export interface RestClient {
  /** Calls the provider and checks a 2xx answer against `expected` (a 2xx of another shape is a failure). */
  call<T>(method: 'GET' | 'POST', path: string, expected: z.ZodType<T>, payload?: RestPayload): Promise<RestResult<T>>;
  /** The reporter the calls fail through, for the provider's own checks. */
  reporter: FailureReporter;
}

export function createRestClient(config: RestProviderConfig): RestClient {
  const baseUrl = config.baseUrl.replace(/\/+$/, '');
  const { codePrefix } = config;
  const timeoutMs = config.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const reporter = createFailureReporter({ provider: config.provider, secrets: config.secrets, logger: config.options.logger });

  return {
    reporter,
    async call(method, path, expected, payload) {
      let response: Response;
      let body: unknown;
      try {
        response = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { accept: 'application/json', ...contentType(payload), ...config.headers },
          body: payload && encode(payload),
          signal: AbortSignal.timeout(timeoutMs),
          // A redirect would carry the credentials headers to wherever it points.
          redirect: 'error',
        });
        body = parseBody(await response.text());
      } catch (error) {
        if (isTimeout(error)) {
          return reporter.fail('transient', `${codePrefix}_TIMEOUT`, `${config.name} did not answer within ${timeoutMs} ms`);
        }
        return reporter.fail('transient', `${codePrefix}_NETWORK`, `${config.name} could not be reached: ${networkReason(error)}`);
      }

      if (!response.ok) {
        const error = config.classifyError(response.status, body);
        const retryAfter = error.kind === 'transient' ? parseRetryAfter(response.headers.get('retry-after')) : undefined;
        return reporter.fail(error.kind, error.code, error.message, retryAfter);
      }

      const parsed = expected.safeParse(body);
      if (!parsed.success) {
        // The request was accepted, so it may have taken effect: retrying could deliver it twice.
        return reporter.fail(
          'permanent',
          `${codePrefix}_UNEXPECTED_RESPONSE`,
          `${config.name} answered HTTP ${response.status} in an unexpected shape (${parsed.error.issues[0]?.message ?? 'unreadable'})`,
        );
      }
      return { ok: true, data: parsed.data };
    },
  };
}

/** What an HTTP status alone says: 408, 429 and 5xx may pass with time, any other 4xx will not. */
export function kindOfStatus(status: number): FailureKind {
  return status === 408 || status === 429 || status >= 500 ? 'transient' : 'permanent';
}

/** The fallback when a provider's body says nothing we know. */
export function classifyByStatus(codePrefix: string, status: number, message: string): ProviderError {
  return { kind: kindOfStatus(status), code: `${codePrefix}_HTTP_${status}`, message };
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
function parseRetryAfter(value: string | null): Date | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return new Date(Date.now() + seconds * 1000);
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function contentType(payload: RestPayload | undefined): Record<string, string> {
  if (!payload) return {};
  return { 'content-type': 'json' in payload ? 'application/json' : 'application/x-www-form-urlencoded' };
}

function encode(payload: RestPayload): string {
  return 'json' in payload ? JSON.stringify(payload.json) : new URLSearchParams(payload.form).toString();
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

/** fetch() hides the socket error in `cause` (ECONNREFUSED, ENOTFOUND…), which is what an operator needs. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  return cause?.code ?? cause?.message ?? error.message;
}
