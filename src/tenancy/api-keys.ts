import { createHash, randomBytes } from 'node:crypto';

const KEY_PREFIX = 'cpk_';

/** A new API key: shown to its owner once; only its hash is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  return { key, prefix: key.slice(0, 12), hash: hashApiKey(key) };
}

/** Keys carry 192 random bits, so a fast hash is enough: there is nothing to brute-force. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export const looksLikeApiKey = (value: string) => value.startsWith(KEY_PREFIX) && value.length > 20;
