import { InvalidPhoneError } from './invalid-phone-error.ts';

/**
 * Countries where one mobile line has two E.164 spellings that differ by a single digit, and
 * both are found in the wild (client records, Chatwoot contacts, WhatsApp ids):
 * - MX: "+52 1 …" is the pre-2019 mobile form; WhatsApp still sends it, Chatwoot strips it.
 * - AR: "+54 9 …" marks a mobile; Chatwoot stores WhatsApp contacts without the 9.
 * - BR: mobiles gained a leading 9 in 2016; older records and WhatsApp ids lack it.
 * Each pattern captures (before)(optional digit)(after).
 */
const ONE_DIGIT_SPELLINGS: ReadonlyArray<{ pattern: RegExp; digit: string }> = [
  { pattern: /^(\+52)(1)?(\d{10})$/, digit: '1' },
  { pattern: /^(\+54)(9)?(\d{10})$/, digit: '9' },
  // Only subscriber numbers starting 6–9 were mobiles before the 9 was added.
  { pattern: /^(\+55[1-9]{2})(9)?([6-9]\d{7})$/, digit: '9' },
];

const E164 = /^\+[1-9]\d{1,14}$/;

/**
 * Every E.164 spelling the same line may be stored under elsewhere, the given one first. Use it
 * to match an inbound sender against clients and Chatwoot contacts:
 * `phoneMatchVariants('+523331234567')` → `['+523331234567', '+5213331234567']`.
 */
export function phoneMatchVariants(e164: string): string[] {
  if (!E164.test(e164)) throw new InvalidPhoneError(e164, 'NOT_E164');
  for (const { pattern, digit } of ONE_DIGIT_SPELLINGS) {
    const match = pattern.exec(e164);
    if (!match) continue;
    const [, before, present, after] = match;
    return [e164, present ? `${before}${after}` : `${before}${digit}${after}`];
  }
  return [e164];
}
