/**
 * Delivers one message to one person through Chatwoot (DESIGN flow 2). With a cached link the
 * steady state is a single API call; otherwise: contact (find or create), then a conversation
 * created with the message inside it, and the ids are cached for next time.
 */
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import type { ChatwootClient } from './chatwoot.client.ts';
import { ChatwootError } from './chatwoot.errors.ts';
import { clientChatwootLinks, type ClientChatwootLink } from './chatwoot.tables.ts';
import type { MessageContent } from './chatwoot.types.ts';
import type { ChatwootSettings } from './chatwoot-config.service.ts';
import { findOrCreateContact, type ContactIdentity } from './contact-resolver.ts';

export interface ChatwootRecipient extends ContactIdentity {
  /** Our client; null for an ad-hoc phone (then nothing is cached and each send resolves again). */
  clientId: string | null;
}

export interface ChatwootSendResult {
  messageId: number;
  conversationId: number;
  contactId: number;
  /** The conversation was created by this send (WhatsApp: it has no open 24-hour window). */
  newConversation: boolean;
}

const isNotFound = (err: unknown) => err instanceof ChatwootError && err.kind === 'not_found';

export async function findLink(ctx: Pick<AppContext, 'db'>, settings: ChatwootSettings, clientId: string | null) {
  if (!settings.id || !clientId) return undefined;
  const [link] = await ctx.db
    .select()
    .from(clientChatwootLinks)
    .where(and(eq(clientChatwootLinks.chatwootConfigId, settings.id), eq(clientChatwootLinks.clientId, clientId)));
  return link;
}

async function saveLink(ctx: Pick<AppContext, 'db'>, settings: ChatwootSettings, clientId: string, ids: { contactId: number; conversationId: number }) {
  await ctx.db
    .insert(clientChatwootLinks)
    .values({ tenantId: settings.tenantId, clientId, chatwootConfigId: settings.id!, inboxId: settings.inboxId, ...ids })
    .onConflictDoUpdate({
      target: [clientChatwootLinks.chatwootConfigId, clientChatwootLinks.clientId],
      set: { ...ids, inboxId: settings.inboxId, updatedAt: new Date() },
    });
}

/**
 * `content` is built by the caller once the conversation's state is known (a WhatsApp template is
 * needed in a new conversation): it receives the cached link, or undefined for a new one.
 */
export async function sendToRecipient(
  ctx: Pick<AppContext, 'db' | 'pool'>,
  api: ChatwootClient,
  settings: ChatwootSettings,
  recipient: ChatwootRecipient,
  content: (link: ClientChatwootLink | undefined) => MessageContent,
): Promise<ChatwootSendResult> {
  const link = await findLink(ctx, settings, recipient.clientId);
  if (link?.conversationId && link.inboxId === settings.inboxId) {
    try {
      const message = await api.createMessage(link.conversationId, content(link));
      return { messageId: message.id, conversationId: link.conversationId, contactId: link.contactId, newConversation: false };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // The conversation was deleted in Chatwoot: start a new one below.
    }
  }

  const scope = { baseUrl: settings.baseUrl, accountId: settings.accountId, inboxId: settings.inboxId };
  const openConversation = async (contactId: number) => {
    const conversation = await api.createConversation({ inbox_id: settings.inboxId, contact_id: contactId, message: content(undefined) });
    const messageId = conversation.messages?.[0]?.id;
    if (!messageId) throw new ChatwootError('Chatwoot created the conversation without the message', { kind: 'transient', code: 'CHATWOOT_SERVER_ERROR', operation: 'POST /conversations' });
    return { conversationId: conversation.id, messageId };
  };

  let contactId = link?.contactId ?? (await findOrCreateContact(ctx.pool, api, scope, recipient)).id;
  let opened;
  try {
    opened = await openConversation(contactId);
  } catch (err) {
    if (!isNotFound(err) || !link) throw err;
    // The cached contact was deleted too: resolve it again from the phone.
    contactId = (await findOrCreateContact(ctx.pool, api, scope, recipient)).id;
    opened = await openConversation(contactId);
  }
  if (recipient.clientId && settings.id) await saveLink(ctx, settings, recipient.clientId, { contactId, conversationId: opened.conversationId });
  return { ...opened, contactId, newConversation: true };
}
