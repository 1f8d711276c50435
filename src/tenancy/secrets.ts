/**
 * Secrets at rest (Chatwoot tokens, provider keys, webhook secrets) are AES-256-GCM ciphertext
 * (invariant 4). The key comes from CITAPLANNER_SECRET_KEY; the embedded default keeps a generated
 * one in the data folder, never in the repository.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';

const VERSION = 'v1';

export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('CITAPLANNER_SECRET_KEY must be 32 bytes, written as 64 hex characters or base64 (e.g. `openssl rand -base64 32`)');
  }
  return key;
}

export function createSecretBox(key: Buffer): SecretBox {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(':');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(':');
      if (version !== VERSION || !iv || !tag || body === undefined) throw new Error('Unreadable encrypted secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('A stored secret cannot be decrypted: CITAPLANNER_SECRET_KEY is not the key it was encrypted with');
      }
    },
  };
}

/** Reads the key from the environment, or (embedded mode only) from the data folder, creating it once. */
export async function loadSecretKey(options: { configured?: string; dataDir: string; external: boolean }): Promise<Buffer> {
  if (options.configured) return parseSecretKey(options.configured);
  if (options.external) {
    throw new Error(
      'CITAPLANNER_SECRET_KEY is required when DATABASE_URL is set (generate one with `openssl rand -base64 32` and keep it safe: stored secrets cannot be read without it)',
    );
  }
  const file = path.join(options.dataDir, 'secret.key');
  if (existsSync(file)) return parseSecretKey(await fs.readFile(file, 'utf8'));
  await fs.mkdir(options.dataDir, { recursive: true });
  const key = randomBytes(32);
  await fs.writeFile(file, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (err) => {
    // Another process created it first: use theirs.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  });
  return parseSecretKey(await fs.readFile(file, 'utf8'));
}

/** What a read of a secret shows: enough to recognise it, never enough to use it. */
export function maskSecret(plain: string | null | undefined): string | null {
  if (!plain) return null;
  return plain.length <= 8 ? '••••' : `••••${plain.slice(-4)}`;
}
