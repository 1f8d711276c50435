/**
 * Nodemailer errors carry the SMTP reply code (`responseCode`) when the server refused something,
 * and a nodemailer `code` (ECONNECTION, ETIMEDOUT, EAUTH…) otherwise. RFC 5321 §4.2.1: 4yz replies
 * are transient, 5yz permanent.
 */
import type { FailureKind, ProviderError } from '../delivery-failure.ts';

/** Nodemailer codes for a connection that dropped or could not be made: the next attempt may work. */
const connectionCodes = new Set(['ECONNECTION', 'ESOCKET', 'EDNS']);

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

export function classifySmtpError(error: unknown): ProviderError {
  const { code, responseCode, message = String(error) } = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  if (code === 'EAUTH') {
    // 454 is a temporary authentication failure; 535 and friends mean wrong credentials.
    return { kind: responseCode === 454 ? 'transient' : 'permanent', code: 'SMTP_AUTH_FAILED', message: `SMTP login failed: ${message}` };
  }
  if (responseCode) {
    const kind: FailureKind = responseCode < 500 ? 'transient' : 'permanent';
    return { kind, code: `SMTP_${responseCode}`, message: `the SMTP server refused the message: ${message}` };
  }
  if (code === 'ETIMEDOUT') return { kind: 'transient', code: 'SMTP_TIMEOUT', message: `the SMTP server did not answer in time: ${message}` };
  if (code && connectionCodes.has(code)) {
    return { kind: 'transient', code: 'SMTP_CONNECTION', message: `could not talk to the SMTP server: ${message}` };
  }
  if (code === 'ETLS') {
    return { kind: 'permanent', code: 'SMTP_TLS', message: `TLS with the SMTP server failed (check host, port and \`secure\`): ${message}` };
  }
  return { kind: 'permanent', code: 'SMTP_ERROR', message: `the email could not be sent: ${message}` };
}
