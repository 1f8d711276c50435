/**
 * Conversations and messages as Chatwoot v4.15.1 handles them (NOTES §B conversations/messages,
 * §D flood guard): find-or-create of the contact inbox, lock_to_single_conversation, the initial
 * message, message validation, the WhatsApp 24-hour window and template delivery.
 */
import { randomUUID } from 'node:crypto';
import { MESSAGE_TYPE, type ConversationStatus, type MessageTypeCode } from '../chatwoot/chatwoot.types.ts';
import { addContactInbox, findContactInboxBySourceId, sourceIdFor } from './sandbox.contacts.ts';
import { notFound, RecordInvalid, unprocessable, type FieldError } from './sandbox.errors.ts';
import {
  findContact,
  findInbox,
  type AccountRecord,
  type ConversationRecord,
  type InboxRecord,
  type MessageRecord,
  type Principal,
  type SandboxStore,
} from './sandbox.store.ts';

const CONVERSATIONS_PER_PAGE = 25;
const WHATSAPP_REPLY_WINDOW_MS = 24 * 60 * 60 * 1000;
const FLOOD_WINDOW_MS = 60 * 1000;
const MAX_CONTENT_LENGTH = 150_000;

const CONVERSATION_STATUSES: ConversationStatus[] = ['open', 'resolved', 'pending', 'snoozed'];
const CONTENT_TYPES = [
  'text', 'input_text', 'input_textarea', 'input_email', 'input_select', 'cards', 'form', 'article',
  'incoming_email', 'input_csat', 'integrations', 'sticker', 'voice_call',
];
const TEMPLATE_NOT_FOUND = 'Template not found or invalid template name';

type Body = Record<string, unknown>;

export interface MessageLimits {
  /** Messages one conversation accepts per rolling minute (CONVERSATION_MESSAGE_PER_MINUTE_LIMIT). */
  floodLimitPerMinute: number;
}

/** WhatsApp only lets a business reply freely within 24 hours of the customer's last message. */
export function canReply(inbox: InboxRecord, conversation: ConversationRecord, now = Date.now()): boolean {
  if (inbox.channel_type !== 'Channel::Whatsapp') return true;
  return conversation.last_incoming_at !== null && now - conversation.last_incoming_at < WHATSAPP_REPLY_WINDOW_MS;
}

function readStatus(value: unknown): ConversationStatus | undefined {
  if (value == null || value === '') return undefined;
  if (!CONVERSATION_STATUSES.includes(value as ConversationStatus)) {
    throw unprocessable(`'${String(value)}' is not a valid status`);
  }
  return value as ConversationStatus;
}

/** The contact inbox the conversation belongs to: by inbox_id + contact_id, else by source_id alone. */
function resolveContactInbox(store: SandboxStore, account: AccountRecord, body: Body) {
  if (body.inbox_id != null && body.contact_id != null) {
    const inbox = findInbox(account, body.inbox_id);
    const contact = findContact(account, body.contact_id);
    const sourceId = body.source_id == null ? sourceIdFor(inbox, contact) : String(body.source_id);
    return { inbox, contact, contactInbox: addContactInbox(store, contact, inbox, sourceId) };
  }
  const found = body.source_id == null ? undefined : findContactInboxBySourceId(account, String(body.source_id));
  if (!found) throw notFound();
  return { ...found, inbox: findInbox(account, found.contactInbox.inbox_id) };
}

/**
 * Creates the conversation, or returns the contact inbox's last one when the inbox is locked to a
 * single conversation. An initial `message` is added in the same transaction: if it is invalid,
 * nothing is created.
 */
export function createConversation(
  store: SandboxStore,
  account: AccountRecord,
  principal: Principal,
  body: Body,
  limits: MessageLimits,
): { conversation: ConversationRecord; message: MessageRecord | null } {
  const { inbox, contact, contactInbox } = resolveContactInbox(store, account, body);
  const status = readStatus(body.status);
  const existing = inbox.lock_to_single_conversation
    ? [...account.conversations.values()].filter((c) => c.contact_inbox_id === contactInbox.id).at(-1)
    : undefined;
  const now = Date.now();
  const conversation: ConversationRecord = existing ?? {
    id: store.nextId('conversation'),
    display_id: account.nextDisplayId,
    uuid: randomUUID(),
    account_id: account.id,
    inbox_id: inbox.id,
    contact_id: contact.id,
    contact_inbox_id: contactInbox.id,
    status: status ?? 'open',
    snoozed_until: null,
    custom_attributes: isObject(body.custom_attributes) ? body.custom_attributes : {},
    additional_attributes: isObject(body.additional_attributes) ? body.additional_attributes : {},
    created_at: now,
    updated_at: now,
    last_activity_at: now,
    last_incoming_at: null,
    messages: [],
  };
  const message = isObject(body.message)
    ? buildMessage(store, inbox, conversation, principal, body.message, limits)
    : null;
  if (!existing) {
    account.conversations.set(conversation.display_id, conversation);
    account.nextDisplayId += 1;
  }
  if (message) appendMessage(conversation, message);
  return { conversation, message };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function readContentAttributes(value: unknown): Record<string, unknown> {
  if (typeof value === 'string' && value.trim() !== '') {
    // The server also accepts content_attributes as a JSON string and parses it.
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) return parsed;
    } catch {
      // fall through to the error below
    }
    throw unprocessable('content_attributes must be a JSON object');
  }
  return isObject(value) ? value : {};
}

/** ContentAttributeValidator for input_select: a non-empty list of `{title, value}` objects. */
function validateInputSelect(attributes: Record<string, unknown>): FieldError[] {
  const items = attributes.items;
  const error = (message: string): FieldError[] => [{ attribute: 'content_attributes', message }];
  if (!Array.isArray(items) || items.length === 0) return error('Content attributes At least one item is required.');
  if (!items.every(isObject)) return error('Content attributes Items should be a hash.');
  const invalidKeys = [...new Set(items.flatMap((item) => Object.keys(item)))].filter(
    (k) => k !== 'title' && k !== 'value',
  );
  if (invalidKeys.length > 0) return error(`Content attributes contains invalid keys for items : ${invalidKeys.join(', ')}`);
  return [];
}

function readMessageType(value: unknown, inbox: InboxRecord): MessageTypeCode {
  const name = value == null || value === '' ? 'outgoing' : String(value);
  if (!(name in MESSAGE_TYPE)) throw unprocessable(`'${name}' is not a valid message_type`);
  if (name === 'incoming' && inbox.channel_type !== 'Channel::Api') {
    throw unprocessable('Incoming messages are only allowed in Api inboxes');
  }
  return MESSAGE_TYPE[name as keyof typeof MESSAGE_TYPE];
}

/**
 * True when the conversation already has `limit` messages from the last minute. Messages are
 * stored oldest first, so it looks back from the newest and stops at `limit`.
 */
function floodGuardTripped(conversation: ConversationRecord, now: number, limit: number): boolean {
  let recent = 0;
  for (let i = conversation.messages.length - 1; i >= 0 && recent < limit; i -= 1) {
    if (now - conversation.messages[i].created_at >= FLOOD_WINDOW_MS) break;
    recent += 1;
  }
  return recent >= limit;
}

/** A validated message for `conversation`, not yet stored (MessageBuilder + the Message model). */
function buildMessage(
  store: SandboxStore,
  inbox: InboxRecord,
  conversation: ConversationRecord,
  principal: Principal,
  params: Body,
  limits: MessageLimits,
): MessageRecord {
  const now = Date.now();
  const messageType = readMessageType(params.message_type, inbox);
  const contentType = params.content_type == null ? 'text' : String(params.content_type);
  if (!CONTENT_TYPES.includes(contentType)) throw unprocessable(`'${contentType}' is not a valid content_type`);
  const contentAttributes = readContentAttributes(params.content_attributes);
  const content = params.content == null ? null : String(params.content);

  const errors: FieldError[] = [];
  if (content !== null && content.length > MAX_CONTENT_LENGTH) {
    errors.push({ attribute: 'content', message: `Content is too long (maximum is ${MAX_CONTENT_LENGTH} characters)` });
  }
  if (floodGuardTripped(conversation, now, limits.floodLimitPerMinute)) {
    errors.push({ attribute: 'base', message: 'Too many messages' });
  }
  if (contentType === 'input_select') errors.push(...validateInputSelect(contentAttributes));
  if (errors.length > 0) throw new RecordInvalid(errors);

  const incoming = messageType === MESSAGE_TYPE.incoming;
  return {
    id: store.nextId('message'),
    account_id: conversation.account_id,
    inbox_id: inbox.id,
    conversation_id: conversation.display_id,
    content,
    message_type: messageType,
    content_type: contentType,
    content_attributes: contentAttributes,
    // WhatsApp template parameters are kept in additional_attributes (NOTES §C).
    additional_attributes: isObject(params.template_params) ? { template_params: params.template_params } : {},
    status: 'sent',
    private: params.private === true || params.private === 'true',
    source_id: params.source_id == null ? null : String(params.source_id),
    sender: incoming
      ? { type: 'contact', id: conversation.contact_id }
      : principal.kind === 'user'
        ? { type: 'user', id: principal.user.id }
        : { type: 'agent_bot', id: principal.bot.id },
    created_at: now,
  };
}

function appendMessage(conversation: ConversationRecord, message: MessageRecord): void {
  conversation.messages.push(message);
  conversation.last_activity_at = message.created_at;
  conversation.updated_at = message.created_at;
  if (message.message_type === MESSAGE_TYPE.incoming) {
    conversation.last_incoming_at = message.created_at;
    // An incoming message reopens a resolved conversation (Message#reopen_conversation).
    if (conversation.status === 'resolved') conversation.status = 'open';
  }
}

export function createMessage(
  store: SandboxStore,
  account: AccountRecord,
  principal: Principal,
  conversation: ConversationRecord,
  body: Body,
  limits: MessageLimits,
): MessageRecord {
  const inbox = findInbox(account, conversation.inbox_id);
  const message = buildMessage(store, inbox, conversation, principal, body, limits);
  appendMessage(conversation, message);
  return message;
}

/**
 * What the channel's send job does after the API has answered: the API response still shows
 * `sent`, the stored message changes afterwards. On WhatsApp, a conversation outside the 24-hour
 * window (or a message with template_params) is sent as a template, looked up among the inbox's
 * APPROVED templates by exact name and case-insensitive language; without one it fails (NOTES §B).
 */
export function deliverMessage(account: AccountRecord, message: MessageRecord): void {
  const inbox = findInbox(account, message.inbox_id);
  const conversation = account.conversations.get(message.conversation_id);
  if (!conversation || inbox.channel_type !== 'Channel::Whatsapp') return;
  if (message.message_type !== MESSAGE_TYPE.outgoing || message.private) return;
  const templateParams = message.additional_attributes.template_params as { name?: unknown; language?: unknown } | undefined;
  const replyWindowOpen = canReply(inbox, conversation, message.created_at);
  if (!templateParams && replyWindowOpen) return;
  const language = String(templateParams?.language ?? '').toLowerCase();
  const template = inbox.message_templates.find(
    (t) =>
      t.name === templateParams?.name &&
      t.language.toLowerCase() === language &&
      t.status.toLowerCase() === 'approved',
  );
  if (!template) {
    message.status = 'failed';
    message.content_attributes = { ...message.content_attributes, external_error: TEMPLATE_NOT_FOUND };
  }
}

export function listConversations(account: AccountRecord, query: Record<string, unknown>) {
  const status = query.status == null ? 'open' : String(query.status);
  const inboxId = query.inbox_id == null ? undefined : Number(query.inbox_id);
  const page = Math.max(1, Number(query.page) || 1);
  // No conversation is ever assigned in the sandbox, so "me"/"assigned" find none.
  const assignedOnly = query.assignee_type === 'me' || query.assignee_type === 'assigned';
  const matching = [...account.conversations.values()]
    .filter((c) => (status === 'all' || c.status === status) && (inboxId === undefined || c.inbox_id === inboxId))
    .sort((a, b) => b.last_activity_at - a.last_activity_at || b.id - a.id);
  const listed = assignedOnly ? [] : matching;
  return {
    counts: { mine_count: 0, assigned_count: 0, unassigned_count: matching.length, all_count: matching.length },
    conversations: listed.slice((page - 1) * CONVERSATIONS_PER_PAGE, page * CONVERSATIONS_PER_PAGE),
  };
}

/** MessageFinder: latest 20; `before` → 20 older; `after` → up to 100 newer; both → ids in [after, before). */
export function listMessages(conversation: ConversationRecord, query: Record<string, unknown>): MessageRecord[] {
  const after = query.after == null ? undefined : Number(query.after);
  const before = query.before == null ? undefined : Number(query.before);
  const all = conversation.messages;
  if (after !== undefined && before !== undefined) return all.filter((m) => m.id >= after && m.id < before);
  if (after !== undefined) return all.filter((m) => m.id > after).slice(0, 100);
  if (before !== undefined) return all.filter((m) => m.id < before).slice(-20);
  return all.slice(-20);
}

/** Sets the given status, or flips open ↔ resolved when none is given. */
export function toggleStatus(conversation: ConversationRecord, body: Body): ConversationRecord {
  const status = readStatus(body.status);
  conversation.status = status ?? (conversation.status === 'open' ? 'resolved' : 'open');
  conversation.snoozed_until =
    conversation.status === 'snoozed' && typeof body.snoozed_until === 'number' ? body.snoozed_until * 1000 : null;
  conversation.updated_at = Date.now();
  return conversation;
}

/** A customer message, as if it had arrived from the channel: opens the WhatsApp reply window. */
export function addIncomingMessage(
  store: SandboxStore,
  account: AccountRecord,
  conversation: ConversationRecord,
  content: string,
  at: number,
): MessageRecord {
  const message: MessageRecord = {
    id: store.nextId('message'),
    account_id: account.id,
    inbox_id: conversation.inbox_id,
    conversation_id: conversation.display_id,
    content,
    message_type: MESSAGE_TYPE.incoming,
    content_type: 'text',
    content_attributes: {},
    additional_attributes: {},
    status: 'sent',
    private: false,
    source_id: null,
    sender: { type: 'contact', id: conversation.contact_id },
    created_at: at,
  };
  appendMessage(conversation, message);
  const contact = account.contacts.get(conversation.contact_id);
  if (contact) contact.last_activity_at = at;
  return message;
}
