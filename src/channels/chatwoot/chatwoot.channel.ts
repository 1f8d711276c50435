/**
 * Chatwoot as a delivery channel. Unlike the direct providers it needs to know who the message
 * is for (to reuse the client's cached contact and conversation), so it is built per message.
 */
import type { AppContext } from '../../context.ts';
import { createChatwootClient, type ChatwootCall, type ChatwootClient } from '../../chatwoot/chatwoot.client.ts';
import { isChatwootError } from '../../chatwoot/chatwoot.errors.ts';
import type { ClientChatwootLink } from '../../chatwoot/chatwoot.tables.ts';
import type { ChatwootInbox, MessageContent } from '../../chatwoot/chatwoot.types.ts';
import type { ChatwootSettings, WhatsappTemplateRef } from '../../chatwoot/chatwoot-config.service.ts';
import { findLink, findSentMessage, sendToRecipient, type ChatwootRecipient } from '../../chatwoot/conversation-sender.ts';
import { diagnoseChatwoot } from '../../chatwoot/diagnosis.ts';
import { NotificationChannel } from '../../notifications/notification.enums.ts';
import type { Channel, DeliveryOutcome, OutgoingMessage } from '../channel.ts';

const WHATSAPP_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Inboxes change rarely; remember their type per process instead of asking on every send. */
const inboxCache = new Map<string, { inbox: ChatwootInbox; until: number }>();
const INBOX_TTL_MS = 10 * 60 * 1000;

const inboxKey = (settings: ChatwootSettings) => `${settings.baseUrl}|${settings.accountId}|${settings.inboxId}|${settings.updatedAt?.getTime() ?? 0}`;

/** Lookups in flight: concurrent sends to one inbox share one GET instead of each asking while the cache is cold. */
const inboxLookups = new Map<string, Promise<ChatwootInbox>>();

async function inboxOf(api: ChatwootClient, settings: ChatwootSettings): Promise<ChatwootInbox> {
  const key = inboxKey(settings);
  const hit = inboxCache.get(key);
  if (hit && hit.until > Date.now()) return hit.inbox;
  let lookup = inboxLookups.get(key);
  if (!lookup) {
    // The key includes the config's updatedAt, so every sharer uses the same URL, account and token. A failed lookup is not cached.
    lookup = api
      .getInbox(settings.inboxId)
      .then((inbox) => {
        inboxCache.set(key, { inbox, until: Date.now() + INBOX_TTL_MS });
        return inbox;
      })
      .finally(() => inboxLookups.delete(key));
    inboxLookups.set(key, lookup);
  }
  return lookup;
}

class TemplateRequired extends Error {}

/** Shaped like a transient provider error (`code`, `retryAfter`), so every caller can reschedule on it. */
class PacingDenied extends Error {
  readonly code = 'PACED';
  constructor(readonly retryAfter: Date) {
    super('Waiting for a pacing token');
  }
}

export interface ChatwootChannelOptions {
  recipient: Omit<ChatwootRecipient, 'phoneE164' | 'name'>;
  /** The approved template for this message's type, and its body parameters in order. */
  whatsappTemplate?: WhatsappTemplateRef;
  templateParams?: string[];
  onCall?: (call: ChatwootCall) => void;
  timeoutMs?: number;
  /** Takes `calls` pacing tokens, or says when to come back (absent: no pacing). */
  pace?: (calls: number) => Promise<{ granted: true } | { granted: false; retryAt: Date }>;
  /** Told when Chatwoot answered 429, with the time its window reopens. */
  onRateLimited?: (until: Date) => Promise<void>;
}

export function createChatwootChannel(ctx: Pick<AppContext, 'db' | 'pool'>, settings: ChatwootSettings, options: ChatwootChannelOptions): Channel {
  const api = createChatwootClient({
    baseUrl: settings.baseUrl,
    accountId: settings.accountId,
    apiToken: settings.apiToken,
    timeoutMs: options.timeoutMs,
    onCall: options.onCall,
  });

  const contentFor = (message: OutgoingMessage, isWhatsapp: boolean) => (link: ClientChatwootLink | undefined): MessageContent => {
    const windowOpen = Boolean(link?.lastIncomingAt && Date.now() - link.lastIncomingAt.getTime() < WHATSAPP_WINDOW_MS);
    if (isWhatsapp && !windowOpen) {
      // Outside the 24-hour window WhatsApp only delivers approved templates (NOTES §B, template_params).
      if (!options.whatsappTemplate) throw new TemplateRequired();
      const body = Object.fromEntries((options.templateParams ?? []).map((value, i) => [String(i + 1), value]));
      return {
        content: message.text,
        template_params: { ...options.whatsappTemplate, processed_params: { body } },
      };
    }
    if (message.choices?.length) {
      return { content: message.text, content_type: 'input_select', content_attributes: { items: message.choices } };
    }
    return { content: message.text };
  };

  /** Takes pacing tokens for the calls about to be made (at most 4 at once), or throws PacingDenied. */
  const pace = async (calls: number) => {
    const paced = await options.pace?.(calls);
    if (paced && !paced.granted) throw new PacingDenied(paced.retryAt);
  };

  return {
    channel: NotificationChannel.CHATWOOT,
    provider: 'chatwoot',
    async send(message): Promise<DeliveryOutcome> {
      try {
        const recipient = { ...options.recipient, phoneE164: message.to, name: message.recipientName ?? message.to };
        const link = await findLink(ctx, settings, recipient.clientId);
        // A known client costs one call; a first contact up to three (filter, create, conversation), plus the inbox once.
        await pace((link?.conversationId ? 1 : 3) + (inboxCache.has(inboxKey(settings)) ? 0 : 1));
        const inbox = await inboxOf(api, settings);
        const content = contentFor(message, inbox.channel_type === 'Channel::Whatsapp');
        const sent = await sendToRecipient(ctx, api, settings, recipient, content, { link, beforeMoreCalls: pace });
        return {
          ok: true,
          providerMessageId: String(sent.messageId),
          providerConversationId: String(sent.conversationId),
          raw: { contactId: sent.contactId, newConversation: sent.newConversation },
        };
      } catch (err) {
        if (isChatwootError(err) && err.code === 'CHATWOOT_RATE_LIMITED' && err.retryAfter) await options.onRateLimited?.(err.retryAfter);
        return toFailure(err);
      }
    },
    async findSent(message, since) {
      const recipient = { ...options.recipient, phoneE164: message.to, name: message.recipientName ?? message.to };
      try {
        // The look costs calls too (contact, its conversations, their messages): it is paced like a send.
        await pace(3);
        // A template send stores the rendered text as its content too, so the text identifies both kinds.
        const found = await findSentMessage(ctx, api, settings, recipient, message.text, since);
        return found ? { providerMessageId: String(found.messageId), providerConversationId: String(found.conversationId) } : null;
      } catch (err) {
        // Could not look (429, 5xx, timeout): the caller must not send blind, so say so.
        if (isChatwootError(err) && err.kind === 'transient') {
          if (err.code === 'CHATWOOT_RATE_LIMITED' && err.retryAfter) await options.onRateLimited?.(err.retryAfter);
          throw err;
        }
        // The contact or conversation is gone (404), so the message is not there either; a refused
        // token (401) fails the send that follows with its own clear error.
        if (isChatwootError(err)) return null;
        throw err;
      }
    },
    async test() {
      const diagnosis = await diagnoseChatwoot(api, settings);
      return { ok: diagnosis.ok, checks: diagnosis.checks };
    },
  };
}

function toFailure(err: unknown): DeliveryOutcome {
  if (err instanceof PacingDenied) return { ok: false, kind: 'transient', code: err.code, message: err.message, retryAfter: err.retryAfter };
  if (err instanceof TemplateRequired) {
    return {
      ok: false,
      kind: 'permanent',
      code: 'WHATSAPP_TEMPLATE_REQUIRED',
      message:
        'This WhatsApp conversation is outside the 24-hour window, so only an approved template can be sent, and none is configured for this notification type. Add it under whatsappTemplates in PUT /api/settings/chatwoot.',
    };
  }
  if (isChatwootError(err)) {
    return {
      ok: false,
      kind: err.kind === 'transient' ? 'transient' : 'permanent',
      code: err.code,
      message: err.message,
      retryAfter: err.retryAfter,
    };
  }
  throw err;
}
