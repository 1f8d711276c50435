import {
  parsePhoneNumberFromString,
  validatePhoneNumberLength,
  type CountryCode,
  type PhoneNumber,
} from 'libphonenumber-js/max';
import { InvalidPhoneError } from './invalid-phone-error.ts';
import { withoutMobileOne, withoutRetiredNationalPrefix } from './mexican-legacy-dialing.ts';

export interface NormalizedPhone {
  /** Strict E.164 (`+` and 2–15 digits), the only form Chatwoot and the providers accept. */
  e164: string;
  /** ISO 3166 country, absent for non-geographic numbers (e.g. +800). */
  country?: CountryCode;
  /** Digits after the country calling code. */
  nationalNumber: string;
}

/** Digits, spaces and the punctuation people put in phone numbers; anything else is rejected up front. */
const WRITTEN_PHONE = /^\+?[\d\s().\-/]+$/;

/**
 * Turns a phone as people write it into strict E.164, reading it as dialled from `defaultCountry`
 * (the tenant's country) unless it carries an international prefix. Accepts national forms
 * ("(33) 3123-4567"), international ones ("+52 …", "00 52 …", or "52 …" without the plus) and
 * Mexico's retired forms ("+52 1 …", "521…", "044/045 …", "01 …").
 *
 * @throws InvalidPhoneError when no reading gives a valid number.
 */
export function normalizePhone(input: string, defaultCountry: CountryCode = 'MX'): NormalizedPhone {
  const written = input.trim();
  if (written === '') throw new InvalidPhoneError(input, 'EMPTY', defaultCountry);
  if (!WRITTEN_PHONE.test(written)) throw new InvalidPhoneError(input, 'NOT_A_NUMBER', defaultCountry);

  for (const reading of readings(written, defaultCountry)) {
    const phone = parseCurrentForm(reading, defaultCountry);
    if (phone?.isValid()) {
      return { e164: phone.number, country: phone.country, nationalNumber: phone.nationalNumber };
    }
  }
  const lengthProblem = validatePhoneNumberLength(written, defaultCountry);
  throw new InvalidPhoneError(input, lengthProblem ?? 'INVALID_NUMBER', defaultCountry);
}

/** The ways the text can be meant, most likely first; the first valid one wins. */
function readings(written: string, defaultCountry: CountryCode): string[] {
  const digits = written.replace(/\D/g, '');
  if (written.startsWith('+')) return [written];
  const retired = defaultCountry === 'MX' ? withoutRetiredNationalPrefix(digits) : undefined;
  return [
    ...(retired ? [retired] : []),
    written,
    // An international number written without its "+" ("52 33 …", a WhatsApp id), or with "00"
    // where the default country dials abroad differently (Colombia uses 005/007/009).
    `+${digits.replace(/^00/, '')}`,
  ];
}

function parseCurrentForm(text: string, defaultCountry: CountryCode): PhoneNumber | undefined {
  const phone = parsePhoneNumberFromString(text, { defaultCountry, extract: false });
  if (phone?.countryCallingCode !== '52') return phone;
  const current = withoutMobileOne(phone.nationalNumber);
  return current === phone.nationalNumber ? phone : parsePhoneNumberFromString(`+52${current}`);
}
