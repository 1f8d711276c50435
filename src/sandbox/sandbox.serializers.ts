/**
 * Records rendered the way Chatwoot's views render them (NOTES §B): unix-second timestamps,
 * integer `message_type`, `contact_inboxes` with the short inbox form. The return types are the
 * client's, so a shape the client expects but the sandbox does not send fails to compile.
 */
import type {
  ChatwootContact,
  ChatwootContactInbox,
  ChatwootConversation,
  ChatwootInbox,
  ChatwootInboxSummary,
  ChatwootMessage,
  ChatwootProfile,
  ChatwootWebhook,
} from '../chatwoot/chatwoot.types.ts';
import { canReply } from './sandbox.conversations.ts';
import {
  findInbox,
  type AccountRecord,
  type ContactInboxRecord,
  type ContactRecord,
  type ConversationRecord,
  type InboxRecord,
  type MessageRecord,
  type SandboxStore,
  type UserRecord,
  type WebhookRecord,
} from './sandbox.store.ts';

const unix = (ms: number) => Math.floor(ms / 1000);

export function inboxJson(inbox: InboxRecord): ChatwootInbox {
  return {
    id: inbox.id,
    name: inbox.name,
    channel_id: inbox.channel_id,
    channel_type: inbox.channel_type,
    provider: inbox.provider ?? undefined,
    phone_number: inbox.phone_number ?? undefined,
    avatar_url: '',
    lock_to_single_conversation: inbox.lock_to_single_conversation,
    allow_messages_after_resolved: true,
    enable_auto_assignment: true,
    greeting_enabled: false,
    working_hours_enabled: false,
    working_hours: [],
    timezone: 'UTC',
    ...(inbox.channel_type === 'Channel::Whatsapp' && { message_templates: inbox.message_templates }),
    ...(inbox.inbox_identifier !== null && { inbox_identifier: inbox.inbox_identifier }),
  };
}

export function inboxSummaryJson(inbox: InboxRecord): ChatwootInboxSummary {
  return {
    id: inbox.id,
    name: inbox.name,
    channel_type: inbox.channel_type,
    channel_id: inbox.channel_id,
    avatar_url: '',
    provider: inbox.provider,
  };
}

/** Contact create's `contact_inbox.inbox` is the raw inbox row, not the rendered inbox. */
export function inboxRowJson(inbox: InboxRecord): Record<string, unknown> {
  return {
    id: inbox.id,
    channel_id: inbox.channel_id,
    account_id: inbox.account_id,
    name: inbox.name,
    created_at: new Date(inbox.created_at).toISOString(),
    updated_at: new Date(inbox.created_at).toISOString(),
    channel_type: inbox.channel_type,
    lock_to_single_conversation: inbox.lock_to_single_conversation,
  };
}

export function contactInboxJson(account: AccountRecord, contactInbox: ContactInboxRecord): ChatwootContactInbox {
  return { source_id: contactInbox.source_id, inbox: inboxSummaryJson(findInbox(account, contactInbox.inbox_id)) };
}

export function contactJson(
  account: AccountRecord,
  contact: ContactRecord,
  { withContactInboxes = true } = {},
): ChatwootContact {
  return {
    id: contact.id,
    name: contact.name,
    email: contact.email,
    phone_number: contact.phone_number,
    identifier: contact.identifier,
    blocked: contact.blocked,
    thumbnail: '',
    availability_status: 'offline',
    additional_attributes: contact.additional_attributes,
    custom_attributes: contact.custom_attributes,
    created_at: unix(contact.created_at),
    // Left out while null, as the server does.
    ...(contact.last_activity_at !== null && { last_activity_at: unix(contact.last_activity_at) }),
    ...(withContactInboxes && {
      contact_inboxes: contact.contact_inboxes.map((ci) => contactInboxJson(account, ci)),
    }),
  };
}

/** A contact as sender (conversation meta, incoming messages): no contact_inboxes, `type: "contact"`. */
function contactSenderJson(account: AccountRecord, contactId: number) {
  const contact = account.contacts.get(contactId);
  const { contact_inboxes: _omitted, ...sender } = contact
    ? contactJson(account, contact, { withContactInboxes: false })
    : { id: contactId, name: '', phone_number: null };
  return { ...sender, type: 'contact' as const };
}

function senderJson(store: SandboxStore, account: AccountRecord, message: MessageRecord) {
  const { type, id } = message.sender;
  if (type === 'contact') return contactSenderJson(account, id);
  const name = (type === 'user' ? store.users.get(id)?.name : store.bots.get(id)?.name) ?? '';
  return { id, name, available_name: name, avatar_url: '', thumbnail: '', type, availability_status: 'online' };
}

const SENDER_TYPE = { user: 'User', agent_bot: 'AgentBot', contact: 'Contact' } as const;

export function messageJson(store: SandboxStore, account: AccountRecord, message: MessageRecord): ChatwootMessage {
  return {
    id: message.id,
    content: message.content,
    account_id: message.account_id,
    inbox_id: message.inbox_id,
    conversation_id: message.conversation_id,
    message_type: message.message_type,
    content_type: message.content_type as ChatwootMessage['content_type'],
    status: message.status,
    content_attributes: message.content_attributes,
    additional_attributes: message.additional_attributes,
    created_at: unix(message.created_at),
    updated_at: unix(message.created_at),
    private: message.private,
    source_id: message.source_id,
    sender_type: SENDER_TYPE[message.sender.type],
    sender_id: message.sender.id,
    sender: senderJson(store, account, message),
    processed_message_content: message.content,
    external_source_ids: {},
    sentiment: {},
  };
}

export function conversationJson(
  store: SandboxStore,
  account: AccountRecord,
  conversation: ConversationRecord,
): ChatwootConversation {
  const inbox = findInbox(account, conversation.inbox_id);
  const last = conversation.messages.at(-1);
  const lastJson = last ? messageJson(store, account, last) : null;
  return {
    id: conversation.display_id,
    uuid: conversation.uuid,
    account_id: account.id,
    inbox_id: inbox.id,
    status: conversation.status,
    can_reply: canReply(inbox, conversation),
    meta: {
      sender: contactSenderJson(account, conversation.contact_id),
      channel: inbox.channel_type,
      hmac_verified: false,
    },
    messages: lastJson ? [lastJson] : [],
    labels: [],
    custom_attributes: conversation.custom_attributes,
    additional_attributes: conversation.additional_attributes,
    agent_last_seen_at: 0,
    assignee_last_seen_at: 0,
    contact_last_seen_at: 0,
    muted: false,
    snoozed_until: conversation.snoozed_until === null ? null : unix(conversation.snoozed_until),
    created_at: unix(conversation.created_at),
    timestamp: unix(conversation.last_activity_at),
    last_activity_at: unix(conversation.last_activity_at),
    updated_at: conversation.updated_at / 1000,
    unread_count: 0,
    priority: null,
    waiting_since: null,
    first_reply_created_at: null,
    last_non_activity_message: lastJson,
  };
}

export function webhookJson(account: AccountRecord, webhook: WebhookRecord): ChatwootWebhook {
  const inbox = webhook.inbox_id === null ? undefined : account.inboxes.get(webhook.inbox_id);
  return {
    id: webhook.id,
    name: webhook.name ?? undefined,
    url: webhook.url,
    account_id: webhook.account_id,
    subscriptions: webhook.subscriptions as ChatwootWebhook['subscriptions'],
    secret: webhook.secret,
    ...(inbox && { inbox: { id: inbox.id, name: inbox.name } }),
  };
}

/** The real profile echoes the user's access token; so does the sandbox. */
export function profileJson(store: SandboxStore, user: UserRecord): ChatwootProfile & { access_token: string } {
  const accounts = [...user.accountIds].flatMap((id) => {
    const account = store.accounts.get(id);
    return account ? [account] : [];
  });
  return {
    id: user.id,
    name: user.name,
    display_name: user.name,
    available_name: user.name,
    email: user.email,
    uid: user.email,
    type: 'User',
    role: 'administrator',
    account_id: accounts[0]?.id,
    confirmed: true,
    avatar_url: '',
    pubsub_token: user.pubsub_token,
    access_token: user.access_token,
    ui_settings: {},
    message_signature: null,
    accounts: accounts.map((account) => ({
      id: account.id,
      name: account.name,
      status: account.status,
      role: 'administrator',
      permissions: ['administrator'],
      availability: 'online',
      availability_status: 'online',
      auto_offline: true,
      active_at: new Date(account.created_at).toISOString(),
    })),
  };
}
