/**
 * What every provider does with a failed delivery: classify it, scrub its secrets out of the text,
 * report it once, and hand the delivery engine a DeliveryOutcome it can act on (retry or give up).
 */
import type { Logger } from '../logger.ts';
import type { ChannelTestResult, DeliveryOutcome } from './channel.ts';

export type DeliveryFailure = Extract<DeliveryOutcome, { ok: false }>;
export type FailureKind = DeliveryFailure['kind'];

/** A provider's reading of one of its errors, before it becomes an outcome. */
export interface ProviderError {
  kind: FailureKind;
  code: string;
  message: string;
}

/** What a provider factory accepts besides its settings and secrets. */
export interface ProviderOptions {
  /** Upper bound for one provider call, in milliseconds. */
  timeoutMs?: number;
  /** Failed calls are reported here at warn level, already scrubbed of secrets. */
  logger?: Pick<Logger, 'warn'>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;

/** Provider texts can be long (HTML error pages); the log and the audit row need the gist. */
const MAX_MESSAGE_LENGTH = 500;
const REDACTED = '[redacted]';

export interface FailureReporter {
  /** Builds (and logs) a failed outcome; the message is scrubbed of every secret of this provider. */
  fail(kind: FailureKind, code: string, message: string, retryAfter?: Date): DeliveryFailure;
  /** Scrubs a text that leaves the provider by another way (a test() check). */
  redact(text: string): string;
}

export function createFailureReporter(context: {
  provider: string;
  /** Secret values that must never leave the provider: tokens, keys, passwords. */
  secrets: Array<string | undefined>;
  logger?: ProviderOptions['logger'];
}): FailureReporter {
  // Providers sometimes echo a credential back (Meta: "Malformed access token EAAG…"), raw or URL-encoded.
  const forms = context.secrets
    .filter((secret): secret is string => Boolean(secret))
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length);
  const redact = (text: string) => forms.reduce((scrubbed, form) => scrubbed.split(form).join(REDACTED), text);

  return {
    redact,
    fail(kind, code, message, retryAfter) {
      const failure: DeliveryFailure = { ok: false, kind, code, message: truncate(redact(message)) };
      if (retryAfter) failure.retryAfter = retryAfter;
      context.logger?.warn({ provider: context.provider, kind, code }, `${context.provider} call failed: ${failure.message}`);
      return failure;
    },
  };
}

const E164 = /^\+[1-9]\d{6,14}$/;

/** Phone channels refuse anything but E.164 before calling out: a malformed number never gets better. */
export function rejectNonE164(reporter: FailureReporter, codePrefix: string, to: string): DeliveryFailure | undefined {
  if (E164.test(to)) return undefined;
  return reporter.fail('permanent', `${codePrefix}_INVALID_RECIPIENT`, 'the recipient is not an E.164 phone number (+ and 7 to 15 digits)');
}

/** test()'s answer when its probe failed: a transient failure needs patience, a permanent one `fix`. */
export function failedProbe(checkName: string, failure: DeliveryFailure, fix: string): ChannelTestResult {
  const hint =
    failure.kind === 'transient' ? 'The provider could not be reached or was busy: check that this server can reach it, then try again' : fix;
  return { ok: false, checks: [{ name: checkName, ok: false, detail: failure.message, hint }] };
}

function truncate(text: string): string {
  return text.length > MAX_MESSAGE_LENGTH ? `${text.slice(0, MAX_MESSAGE_LENGTH - 1)}…` : text;
}
