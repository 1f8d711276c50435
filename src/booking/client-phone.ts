import { AppError, isAppError } from '../errors.ts';
import { normalizePhone, type CountryCode } from '../phone/index.ts';

/** The phone columns of a client: as written (for display) and E.164 (for matching and sending). */
export interface ClientPhone {
  phoneRaw: string | null;
  phoneE164: string | null;
}

/**
 * Reads a client's phone in the tenant's default country. The error names the `phone` field, so a
 * form can put it next to the right input. An empty phone clears it.
 */
export function toClientPhone(written: string | null, defaultCountry: string): ClientPhone {
  if (written === null || written.trim() === '') return { phoneRaw: null, phoneE164: null };
  return { phoneRaw: written.trim(), phoneE164: toE164(written, defaultCountry) };
}

export function toE164(written: string, defaultCountry: string): string {
  try {
    return normalizePhone(written, defaultCountry as CountryCode).e164;
  } catch (err) {
    if (isAppError(err) && err.code === 'INVALID_PHONE') {
      throw new AppError('INVALID_PHONE', `phone: ${err.message}`, { ...err.details, field: 'phone' });
    }
    throw err;
  }
}
