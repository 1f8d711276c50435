/**
 * Failures the sandbox can be told to produce, and Chatwoot's fixed-window request throttle.
 */

export interface SandboxFaults {
  /** Added before every API response. */
  latencyMs?: number;
  /** Share (0..1) of API requests answered with a random 500. */
  errorRate?: number;
  /** Every API request is answered 503, as a proxy in front of a stopped Chatwoot does. */
  outage?: boolean;
  /** The next N API requests are answered 429. */
  force429?: number;
  /**
   * Gap between a contact create's validation and its insert. Two creates sent within the gap both
   * pass validation, so the phone race (duplicate contacts) and the email/identifier race (500)
   * can be reproduced.
   */
  contactInsertDelayMs?: number;
}

/** A response decided before the request reaches its route. */
export interface InterceptedResponse {
  status: number;
  contentType: string;
  body: string;
}

/** rack-attack's throttle answer: plain text, no Retry-After header (NOTES §D). */
export const THROTTLED: InterceptedResponse = { status: 429, contentType: 'text/plain', body: 'Retry later\n' };
const UNAVAILABLE: InterceptedResponse = { status: 503, contentType: 'text/plain', body: 'Service Unavailable\n' };
const SERVER_ERROR: InterceptedResponse = {
  status: 500,
  contentType: 'application/json; charset=utf-8',
  body: JSON.stringify({ status: 500, error: 'Internal Server Error' }),
};

/**
 * Counts requests per key in windows aligned to the minute, like rack-attack: the count resets
 * at every minute boundary, not a minute after the first request.
 */
export class FixedWindowLimiter {
  private readonly windows = new Map<string, { window: number; count: number }>();

  constructor(private readonly limitPerMinute: number) {}

  /** Records a request; false when it is over the limit. */
  allow(key: string, now = Date.now()): boolean {
    const window = Math.floor(now / 60_000);
    const entry = this.windows.get(key);
    if (!entry || entry.window !== window) {
      this.windows.set(key, { window, count: 1 });
      return 1 <= this.limitPerMinute;
    }
    entry.count += 1;
    return entry.count <= this.limitPerMinute;
  }
}

export class FaultInjector {
  private faults: SandboxFaults = {};
  private forced429Left = 0;

  /** Replaces the current faults; leaving a field out turns that fault off. */
  set(faults: SandboxFaults): void {
    this.faults = { ...faults };
    this.forced429Left = faults.force429 ?? 0;
  }

  get contactInsertDelayMs(): number {
    return this.faults.contactInsertDelayMs ?? 0;
  }

  get latencyMs(): number {
    return this.faults.latencyMs ?? 0;
  }

  /** The outage or forced 429 this request gets, if any. */
  beforeRequest(): InterceptedResponse | undefined {
    if (this.faults.outage) return UNAVAILABLE;
    if (this.forced429Left > 0) {
      this.forced429Left -= 1;
      return THROTTLED;
    }
    return undefined;
  }

  /** The random 500 this request gets, if any. */
  randomError(): InterceptedResponse | undefined {
    const rate = this.faults.errorRate ?? 0;
    return rate > 0 && Math.random() < rate ? SERVER_ERROR : undefined;
  }
}
