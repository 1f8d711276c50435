/**
 * Delivers one message to one person through Chatwoot (DESIGN flow 2). With a cached link the
 * steady state is a single API call; otherwise: contact (find or create), then a conversation
 * created with the message inside it, and the ids are cached for next time.
 */
import { sql } from 'drizzle-orm';
import type { AppContext } from '../context.ts';
import { alignTo, coalescedPerDb } from '../db/coalesce.ts';
import { preparedPerDb } from '../db/prepared.ts';
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

const linkRows = preparedPerDb((db) =>
  db
    .select()
    .from(clientChatwootLinks)
    .where(
      sql`(${clientChatwootLinks.chatwootConfigId}, ${clientChatwootLinks.clientId}) in (select * from unnest(${sql.placeholder('configIds')}::uuid[], ${sql.placeholder('clientIds')}::uuid[]))`,
    )
    .prepare('chatwoot_link_rows'),
);

interface LinkKey {
  configId: string;
  clientId: string;
}
const linkKey = (k: LinkKey) => `${k.configId}|${k.clientId}`;

// Every send to a known client starts here: the lookups of one turn are one statement.
const linkOf = coalescedPerDb(async (db, keys: LinkKey[]) =>
  alignTo(
    keys,
    await linkRows(db).execute({ configIds: keys.map((k) => k.configId), clientIds: keys.map((k) => k.clientId) }),
    linkKey,
    (row) => linkKey({ configId: row.chatwootConfigId, clientId: row.clientId }),
  ),
);

export async function findLink(ctx: Pick<AppContext, 'db'>, settings: ChatwootSettings, clientId: string | null) {
  if (!settings.id || !clientId) return undefined;
  return linkOf(ctx.db, { configId: settings.id, clientId });
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
  options: {
    /** The client's cached link, when the caller already read it. */
    link?: ClientChatwootLink;
    /** Called before a path needs more API calls than the caller planned for (pacing); may throw to stop. */
    beforeMoreCalls?: (calls: number) => Promise<void>;
  } = {},
): Promise<ChatwootSendResult> {
  const { link, beforeMoreCalls } = options;
  if (link?.conversationId && link.inboxId === settings.inboxId) {
    try {
      const message = await api.createMessage(link.conversationId, content(link));
      return { messageId: message.id, conversationId: link.conversationId, contactId: link.contactId, newConversation: false };
    } catch (err) {
      if (!isNotFound(err)) throw err;
      // The conversation was deleted in Chatwoot: start a new one below.
      await beforeMoreCalls?.(1);
    }
  }

  const scope = { baseUrl: settings.baseUrl, accountId: settings.accountId, inboxId: settings.inboxId };
  const openConversation = async (contactId: number) => {
    const conversation = await api.createConversation({ inbox_id: settings.inboxId, contact_id: contactId, message: content(undefined) });
    const messageId = conversation.messages?.[0]?.id;
    if (!messageId) throw new ChatwootError('Chatwoot created the conversation without the message', { kind: 'transient', code: 'CHATWOOT_SERVER_ERROR', operation: 'POST /conversations' });
    return { conversationId: conversation.id, messageId };
  };

  let contactId = link?.contactId ?? (await findOrCreateContact(ctx.pool, api, scope, recipient, beforeMoreCalls)).id;
  let opened;
  try {
    opened = await openConversation(contactId);
  } catch (err) {
    if (!isNotFound(err) || !link) throw err;
    // The cached contact was deleted too: resolve it again from the phone.
    await beforeMoreCalls?.(3);
    contactId = (await findOrCreateContact(ctx.pool, api, scope, recipient, beforeMoreCalls)).id;
    opened = await openConversation(contactId);
  }
  if (recipient.clientId && settings.id) await saveLink(ctx, settings, recipient.clientId, { contactId, conversationId: opened.conversationId });
  return { ...opened, contactId, newConversation: true };
}

/** Clock difference we tolerate between our `since` and Chatwoot's `created_at`. */
const CLOCK_SKEW_S = 30;

/**
 * Looks for a message we may already have sent (a crash left its outcome unknown): an outgoing
 * message with this exact content, created since `since`, in any of the contact's conversations
 * on our inbox. Found: the link is cached as a normal send would have done.
 */
export async function findSentMessage(
  ctx: Pick<AppContext, 'db'>,
  api: ChatwootClient,
  settings: ChatwootSettings,
  recipient: ChatwootRecipient,
  content: string,
  since: Date,
): Promise<ChatwootSendResult | null> {
  const link = await findLink(ctx, settings, recipient.clientId);
  const contactIds = link ? [link.contactId] : (await api.filterContactsByPhone(recipient.phoneE164)).map((c) => c.id);
  const after = Math.floor(since.getTime() / 1000) - CLOCK_SKEW_S;
  for (const contactId of contactIds) {
    const conversations = (await api.listContactConversations(contactId)).filter((c) => c.inbox_id === settings.inboxId);
    for (const conversation of conversations) {
      const messages = await api.listMessages(conversation.id);
      const match = messages.find((m) => m.message_type === 1 && m.content === content && Number(m.created_at) >= after);
      if (!match) continue;
      if (recipient.clientId && settings.id) await saveLink(ctx, settings, recipient.clientId, { contactId, conversationId: conversation.id });
      return { messageId: match.id, conversationId: conversation.id, contactId, newConversation: false };
    }
  }
  return null;
}
