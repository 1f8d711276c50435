import { describe, expect, it } from 'vitest';
import { InvalidPhoneError, normalizePhone, type CountryCode } from '../../src/phone/index.ts';

const E164 = /^\+[1-9]\d{1,14}$/; // what Chatwoot accepts

describe('normalizePhone', () => {
  describe('Mexico (the default country)', () => {
    it.each([
      ['national, spaced', '33 3123 4567'],
      ['national, with parentheses and dash', '(33) 3123-4567'],
      ['national, dots', '33.3123.4567'],
      ['national, digits only', '3331234567'],
      ['international', '+52 33 3123 4567'],
      ['international, digits only', '+523331234567'],
      ['international with parentheses', '+52 (33) 3123-4567'],
      ['00 international prefix', '00 52 33 3123 4567'],
      ['country code without the plus', '52 33 3123 4567'],
      ['legacy mobile 1 after +52', '+52 1 33 3123 4567'],
      ['legacy mobile 1, digits only (WhatsApp id)', '5213331234567'],
      ['legacy mobile 1 after 00 52', '0052 1 33 3123 4567'],
      ['044 local mobile prefix', '044 33 3123 4567'],
      ['045 long-distance mobile prefix', '045 33 3123 4567'],
      ['01 long-distance prefix', '01 33 3123 4567'],
      ['surrounding whitespace', '  33 3123 4567 \n'],
    ])('%s: "%s" → +523331234567', (_, input) => {
      expect(normalizePhone(input)).toEqual({ e164: '+523331234567', country: 'MX', nationalNumber: '3331234567' });
    });

    it('keeps Mexico City numbers (2-digit area code) intact', () => {
      expect(normalizePhone('+52 1 55 1234 5678').e164).toBe('+525512345678');
      expect(normalizePhone('045 55 1234 5678').e164).toBe('+525512345678');
    });
  });

  describe('other countries', () => {
    it.each<[string, string, CountryCode, string, string]>([
      ['US, international', '+1 415 555 0123', 'MX', '+14155550123', 'US'],
      ['Colombia, national', '301 234 5678', 'CO', '+573012345678', 'CO'],
      ['Colombia, international from a Mexican tenant', '+57 301 234 5678', 'MX', '+573012345678', 'CO'],
      ['Argentina, mobile with 9', '+54 9 11 2345 6789', 'MX', '+5491123456789', 'AR'],
      ['Argentina, national mobile 0 + area + 15', '011 15 2345 6789', 'AR', '+5491123456789', 'AR'],
      ['Argentina, landline', '+54 11 2345 6789', 'AR', '+541123456789', 'AR'],
      ['Chile, mobile', '9 6123 4567', 'CL', '+56961234567', 'CL'],
      ['Chile, international', '+56 9 6123 4567', 'MX', '+56961234567', 'CL'],
      ['Spain, national', '612 34 56 78', 'ES', '+34612345678', 'ES'],
      ['Spain, 00 prefix', '0034 612 34 56 78', 'ES', '+34612345678', 'ES'],
      ['Mexican WhatsApp id from a Colombian tenant', '5213331234567', 'CO', '+523331234567', 'MX'],
      ['00 52 from a Colombian tenant (Colombia dials abroad with 005/007/009)', '00 52 33 3123 4567', 'CO', '+523331234567', 'MX'],
    ])('%s: "%s" (default %s) → %s', (_, input, defaultCountry, e164, country) => {
      const phone = normalizePhone(input, defaultCountry);
      expect(phone.e164).toBe(e164);
      expect(phone.country).toBe(country);
      expect(phone.e164).toMatch(E164);
    });

    it('reads 044 as a Mexican prefix only for Mexican tenants', () => {
      expect(() => normalizePhone('044 33 3123 4567', 'CO')).toThrow(InvalidPhoneError);
    });
  });

  describe('invalid input', () => {
    it.each<[string, string, string]>([
      ['empty', '', 'EMPTY'],
      ['blank', '   ', 'EMPTY'],
      ['letters', 'abc', 'NOT_A_NUMBER'],
      ['digits with letters', '33 3123 ABCD', 'NOT_A_NUMBER'],
      ['an extension', '33 3123 4567 ext 5', 'NOT_A_NUMBER'],
      ['too short', '123', 'TOO_SHORT'],
      ['one digit short', '+52 33 3123 456', 'TOO_SHORT'],
      ['too long', '+52 33 3123 45678', 'TOO_LONG'],
      ['unknown country code', '+999 1234 5678', 'INVALID_COUNTRY'],
      ['not a number of the country', '3331234567', 'INVALID_NUMBER'],
    ])('%s: "%s" → %s', (_, input, reason) => {
      const defaultCountry = reason === 'INVALID_NUMBER' ? 'AR' : 'MX';
      const error = catchError(() => normalizePhone(input, defaultCountry));
      expect(error).toBeInstanceOf(InvalidPhoneError);
      expect(error).toMatchObject({ code: 'INVALID_PHONE', statusCode: 400, reason, details: { reason } });
    });

    it('says what is wrong and how to write it, in English with a Spanish hint', () => {
      const error = catchError(() => normalizePhone('123'));
      expect(error.message).toBe(
        '"123" is not a valid phone number: it is too short. Write it with its country and area code, e.g. +52 222 123 4567',
      );
      expect(error.details).toEqual({
        input: '123',
        reason: 'TOO_SHORT',
        hint: 'Escribe el número con código de país y lada, p. ej. +52 222 123 4567',
      });
    });

    it("shows an example from the tenant's country", () => {
      expect(catchError(() => normalizePhone('12', 'CO')).message).toContain('e.g. +57 321 1234567');
    });

    it('does not echo a long paste back in full', () => {
      const error = catchError(() => normalizePhone('9'.repeat(500)));
      expect(error.message).toContain(`"${'9'.repeat(40)}…"`);
      expect(error.message).not.toContain('9'.repeat(41));
    });
  });
});

function catchError(fn: () => unknown): InvalidPhoneError {
  try {
    fn();
  } catch (error) {
    return error as InvalidPhoneError;
  }
  throw new Error('expected an error');
}
