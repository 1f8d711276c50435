/**
 * Mexico's pre-August-2019 dialing forms, still common in client records and in WhatsApp ids.
 * Since then every number is 10 national digits; these helpers map the old forms onto them.
 */

/** 044/045 + 10 digits (calling a mobile) and 01 + 10 digits (long distance), written nationally. */
const RETIRED_NATIONAL_PREFIX = /^(?:044|045|01)(\d{10})$/;

/** "+52 1 XXXXXXXXXX": the mobile "1" after the country code. WhatsApp still reports ids as 521…. */
const MOBILE_ONE = /^1(\d{10})$/;

/** The 10-digit national number behind a retired national prefix, or undefined. */
export function withoutRetiredNationalPrefix(digits: string): string | undefined {
  return RETIRED_NATIONAL_PREFIX.exec(digits)?.[1];
}

/** The national number without the legacy mobile "1" (unchanged when it has none). */
export function withoutMobileOne(nationalNumber: string): string {
  return MOBILE_ONE.exec(nationalNumber)?.[1] ?? nationalNumber;
}
