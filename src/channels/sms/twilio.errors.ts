/**
 * Twilio's REST errors: `{ code, message, more_info, status }` (https://www.twilio.com/docs/errors).
 * The code, not the HTTP status, tells whether a retry can help.
 */
import type { FailureKind, ProviderError } from '../delivery-failure.ts';
import { classifyByStatus, kindOfStatus } from '../http-provider.ts';

const CODE_PREFIX = 'TWILIO';

/** Codes whose meaning we explain ourselves; any other code falls back to its HTTP status. */
const knownCodes: Record<number, { kind: FailureKind; explanation: string }> = {
  20003: { kind: 'permanent', explanation: 'Twilio rejected the credentials: check the Account SID and Auth Token' },
  20429: { kind: 'transient', explanation: 'Twilio rate limit reached' },
  21211: { kind: 'permanent', explanation: 'invalid destination phone number' },
  21408: { kind: 'permanent', explanation: 'SMS to this region is not enabled in the Twilio geo permissions' },
  21610: { kind: 'permanent', explanation: 'the recipient replied STOP: Twilio blocks SMS to them until they reply START' },
  21611: { kind: 'transient', explanation: 'the sender has too many messages queued' },
  21614: { kind: 'permanent', explanation: 'the destination is not a mobile number that can receive SMS' },
};

const twilioErrorBody = (body: unknown): { code?: number; message?: string } =>
  typeof body === 'object' && body !== null ? (body as { code?: number; message?: string }) : {};

export function classifyTwilioError(status: number, body: unknown): ProviderError {
  const { code, message } = twilioErrorBody(body);
  const twilioSays = message ?? (typeof body === 'string' && body ? body : `HTTP ${status}`);
  if (typeof code !== 'number') return classifyByStatus(CODE_PREFIX, status, `Twilio answered HTTP ${status}: ${twilioSays}`);

  const known = knownCodes[code];
  return {
    kind: known?.kind ?? kindOfStatus(status),
    code: `${CODE_PREFIX}_${code}`,
    message: known ? `${known.explanation} (Twilio ${code}: ${twilioSays})` : `Twilio ${code}: ${twilioSays}`,
  };
}
