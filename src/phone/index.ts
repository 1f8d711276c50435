/** Phones: strict E.164 from whatever people type, and the spellings one line may be stored under. */
export { normalizePhone, type NormalizedPhone } from './normalize-phone.ts';
export { phoneMatchVariants } from './match-variants.ts';
export { InvalidPhoneError, type InvalidPhoneReason } from './invalid-phone-error.ts';
export { isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
