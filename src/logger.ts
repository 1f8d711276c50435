import { pino, type Logger } from 'pino';

/** Paths that may carry a credential anywhere in a log object; pino replaces their values. */
export const redactPaths = [
  'req.headers.authorization',
  'req.headers.api_access_token',
  'req.headers["x-chatwoot-signature"]',
  '*.apiToken',
  '*.api_token',
  '*.authToken',
  '*.accessToken',
  '*.access_token',
  '*.apiKey',
  '*.password',
  '*.pass',
  '*.secret',
  '*.webhookSecret',
];

export function createLogger(level: string): Logger {
  return pino({ level, redact: { paths: redactPaths, censor: '[redacted]' } });
}

export type { Logger };
