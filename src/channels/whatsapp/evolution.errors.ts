/**
 * Evolution API v2 errors: `{ status, error, response: { message } }`, where `message` is a string
 * or an array (of strings, or of `{ jid, exists, number }` when the number is not on WhatsApp).
 */
import type { ProviderError } from '../delivery-failure.ts';
import { classifyByStatus } from '../http-provider.ts';

const CODE_PREFIX = 'EVOLUTION';

const evolutionMessage = (body: unknown): unknown =>
  typeof body === 'object' && body !== null && 'response' in body && typeof body.response === 'object' && body.response !== null
    ? (body.response as { message?: unknown }).message
    : body;

const isNotOnWhatsApp = (message: unknown): boolean =>
  Array.isArray(message) && message.some((item) => typeof item === 'object' && item !== null && item.exists === false);

function describe(message: unknown): string {
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join('; ');
  return message === undefined ? 'no details' : JSON.stringify(message);
}

export function classifyEvolutionError(status: number, body: unknown): ProviderError {
  const message = evolutionMessage(body);
  const evolutionSays = `Evolution API ${status}: ${describe(message)}`;
  if (status === 400 && isNotOnWhatsApp(message)) {
    return { kind: 'permanent', code: `${CODE_PREFIX}_NOT_ON_WHATSAPP`, message: `the number has no WhatsApp account (${evolutionSays})` };
  }
  if (status === 401 || status === 403) {
    return { kind: 'permanent', code: `${CODE_PREFIX}_UNAUTHORIZED`, message: `Evolution API rejected the API key (${evolutionSays})` };
  }
  // A 404 is also what a wrong base URL gets ("Cannot POST …"): only Evolution's own wording names the instance.
  if (status === 404 && /instance does not exist/i.test(evolutionSays)) {
    return { kind: 'permanent', code: `${CODE_PREFIX}_INSTANCE_NOT_FOUND`, message: `the Evolution instance does not exist (${evolutionSays})` };
  }
  return classifyByStatus(CODE_PREFIX, status, evolutionSays);
}
