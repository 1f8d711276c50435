import examples from 'libphonenumber-js/mobile/examples';
import { getExampleNumber, type CountryCode } from 'libphonenumber-js/max';
import { AppError } from '../errors.ts';

/** Why a phone was rejected; stable, so API clients can branch on `details.reason`. */
export type InvalidPhoneReason =
  | 'EMPTY'
  | 'NOT_A_NUMBER'
  | 'TOO_SHORT'
  | 'TOO_LONG'
  | 'INVALID_LENGTH'
  | 'INVALID_COUNTRY'
  | 'INVALID_NUMBER'
  | 'NOT_E164';

const problemByReason: Record<InvalidPhoneReason, string> = {
  EMPTY: 'it is empty',
  NOT_A_NUMBER: 'it contains letters or symbols that are not part of a phone number',
  TOO_SHORT: 'it is too short',
  TOO_LONG: 'it is too long',
  INVALID_LENGTH: 'it has the wrong number of digits',
  INVALID_COUNTRY: 'its country code does not exist',
  INVALID_NUMBER: 'it does not match any number in its country',
  NOT_E164: 'it is not in E.164 form ("+", country code and digits only)',
};

/** Long inputs are cut so a pasted paragraph does not end up in the error response. */
const shownInput = (input: string) => (input.length > 40 ? `${input.slice(0, 40)}…` : input);

/**
 * A phone that cannot be turned into E.164. The message (English, for API clients) says what is
 * wrong and how to write it; `details.hint` says the same in Spanish for the people typing it.
 */
export class InvalidPhoneError extends AppError {
  readonly reason: InvalidPhoneReason;

  /** `country`: the one whose example number the message shows (the tenant's default country). */
  constructor(input: string, reason: InvalidPhoneReason, country: CountryCode = 'MX') {
    const example = getExampleNumber(country, examples)?.formatInternational() ?? '+52 33 1234 5678';
    super(
      'INVALID_PHONE',
      `"${shownInput(input)}" is not a valid phone number: ${problemByReason[reason]}. ` +
        `Write it with its country and area code, e.g. ${example}`,
      {
        input: shownInput(input),
        reason,
        hint: `Escribe el número con código de país y lada, p. ej. ${example}`,
      },
    );
    this.name = 'InvalidPhoneError';
    this.reason = reason;
  }
}
