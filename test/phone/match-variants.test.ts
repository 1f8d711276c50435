import { describe, expect, it } from 'vitest';
import { InvalidPhoneError, normalizePhone, phoneMatchVariants } from '../../src/phone/index.ts';

describe('phoneMatchVariants', () => {
  it.each([
    ['Mexico: adds the legacy mobile 1', '+523331234567', ['+523331234567', '+5213331234567']],
    ['Mexico: a legacy spelling also yields the current one', '+5213331234567', ['+5213331234567', '+523331234567']],
    ['Argentina: mobile with 9 also without it (how Chatwoot stores WhatsApp contacts)', '+5491123456789', ['+5491123456789', '+541123456789']],
    ['Argentina: without 9 also with it', '+541123456789', ['+541123456789', '+5491123456789']],
    ['Brazil: 9-digit mobile also in its old 8-digit form', '+5511987654321', ['+5511987654321', '+551187654321']],
    ['Brazil: old 8-digit mobile also with the 9', '+551187654321', ['+551187654321', '+5511987654321']],
    ['Brazil: numbers that were never 8-digit mobiles have one spelling', '+5511912345678', ['+5511912345678']],
    ['Brazil: landlines have one spelling', '+551123456789', ['+551123456789']],
    ['Colombia has one spelling', '+573012345678', ['+573012345678']],
    ['Spain has one spelling', '+34612345678', ['+34612345678']],
    ['US has one spelling', '+14155550123', ['+14155550123']],
  ])('%s', (_, e164, variants) => {
    expect(phoneMatchVariants(e164)).toEqual(variants);
  });

  it('matches every written form of a Mexican mobile through normalizePhone', () => {
    const stored = normalizePhone('(33) 3123-4567').e164;
    for (const inbound of ['+5213331234567', '+523331234567']) {
      expect(phoneMatchVariants(normalizePhone(inbound).e164)).toContain(stored);
      expect(phoneMatchVariants(inbound)).toContain(stored);
    }
  });

  it.each(['3331234567', '+52 33 3123 4567', '', '+0123'])('rejects "%s", which is not E.164', (input) => {
    expect(() => phoneMatchVariants(input)).toThrow(InvalidPhoneError);
  });
});
