/**
 * The contract every delivery provider (Chatwoot, SMTP email, Twilio SMS, WhatsApp Cloud,
 * Evolution API) implements. Providers never throw for a failed delivery: they return a
 * classified outcome so the delivery engine can decide between retrying and failing for good.
 */
import type { NotificationChannelValue } from '../notifications/notification.enums.ts';

export interface OutgoingMessage {
  /** Recipient address for this channel: E.164 phone, or email address for EMAIL. */
  to: string;
  recipientName?: string;
  /** Plain-text body, already rendered. */
  text: string;
  /** Email subject (EMAIL only). */
  subject?: string;
  /** Optional simple HTML body (EMAIL only). When absent, providers derive it from `text`. */
  html?: string;
  /** Interactive choices (rendered natively where the channel supports it). */
  choices?: Array<{ title: string; value: string }>;
  /** Pre-approved WhatsApp template to use outside the 24-hour window. */
  whatsappTemplate?: {
    name: string;
    language: string;
    category?: string;
    bodyParams: string[];
  };
}

export type DeliveryOutcome =
  | { ok: true; providerMessageId: string; providerConversationId?: string; raw?: unknown }
  | {
      ok: false;
      /** transient: may succeed later (timeouts, 5xx, 429, network); permanent: will not. */
      kind: 'transient' | 'permanent';
      /** Stable machine code, e.g. CHATWOOT_UNAUTHORIZED, SMTP_REJECTED, TWILIO_21211. */
      code: string;
      /** Human-readable reason; never includes a token or password. */
      message: string;
      /** For rate limiting: earliest time a retry makes sense. */
      retryAfter?: Date;
    };

export interface ChannelCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** How to fix it, when not ok. */
  hint?: string;
}

export interface ChannelTestResult {
  ok: boolean;
  checks: ChannelCheck[];
}

export interface Channel {
  readonly channel: NotificationChannelValue;
  /** Provider name, recorded in the notification log (e.g. "chatwoot", "smtp", "twilio"). */
  readonly provider: string;
  send(message: OutgoingMessage): Promise<DeliveryOutcome>;
  test(): Promise<ChannelTestResult>;
  /**
   * After a crash between the provider accepting a message and our log recording it: looks for the
   * message at the provider (same content, created since `since`). Providers that cannot be asked
   * leave this out, and such a message is sent again.
   */
  findSent?(message: OutgoingMessage, since: Date): Promise<{ providerMessageId: string; providerConversationId?: string } | null>;
}
