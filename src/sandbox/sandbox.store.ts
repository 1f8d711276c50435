/**
 * The sandbox's in-memory tables. Records use Chatwoot's column names so the serializers read like
 * Chatwoot's jbuilder views; times are epoch milliseconds. Ids come from one sequence per table, as
 * database ids do, except conversations, which also get a per-account `display_id` (the id the API uses).
 */
import { randomBytes } from 'node:crypto';
import type { ChatwootMessageTemplate, ConversationStatus, MessageStatus, MessageTypeCode } from '../chatwoot/chatwoot.types.ts';
import { notFound } from './sandbox.errors.ts';

export type ChannelType =
  | 'Channel::Api'
  | 'Channel::Whatsapp'
  | 'Channel::WebWidget'
  | 'Channel::Sms'
  | 'Channel::TwilioSms'
  | 'Channel::Email';

export interface AccountRecord {
  id: number;
  name: string;
  status: 'active' | 'suspended';
  created_at: number;
  nextDisplayId: number;
  inboxes: Map<number, InboxRecord>;
  contacts: Map<number, ContactRecord>;
  /** By display id. */
  conversations: Map<number, ConversationRecord>;
  webhooks: Map<number, WebhookRecord>;
}

export interface UserRecord {
  id: number;
  name: string;
  email: string;
  access_token: string;
  pubsub_token: string;
  accountIds: Set<number>;
}

export interface BotRecord {
  id: number;
  name: string;
  access_token: string;
  account_id: number;
}

export interface InboxRecord {
  id: number;
  account_id: number;
  channel_id: number;
  name: string;
  channel_type: ChannelType;
  provider: string | null;
  phone_number: string | null;
  lock_to_single_conversation: boolean;
  message_templates: ChatwootMessageTemplate[];
  /** API inboxes only. */
  inbox_identifier: string | null;
  created_at: number;
}

export interface ContactInboxRecord {
  id: number;
  contact_id: number;
  inbox_id: number;
  source_id: string;
  created_at: number;
}

export interface ContactRecord {
  id: number;
  account_id: number;
  name: string;
  email: string | null;
  phone_number: string | null;
  identifier: string | null;
  blocked: boolean;
  additional_attributes: Record<string, unknown>;
  custom_attributes: Record<string, unknown>;
  created_at: number;
  last_activity_at: number | null;
  contact_inboxes: ContactInboxRecord[];
}

export type SenderRef = { type: 'user' | 'agent_bot' | 'contact'; id: number };

export interface MessageRecord {
  id: number;
  account_id: number;
  inbox_id: number;
  /** The conversation's display id. */
  conversation_id: number;
  content: string | null;
  message_type: MessageTypeCode;
  content_type: string;
  content_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  status: MessageStatus;
  private: boolean;
  source_id: string | null;
  sender: SenderRef;
  created_at: number;
}

export interface ConversationRecord {
  id: number;
  display_id: number;
  uuid: string;
  account_id: number;
  inbox_id: number;
  contact_id: number;
  contact_inbox_id: number;
  status: ConversationStatus;
  snoozed_until: number | null;
  custom_attributes: Record<string, unknown>;
  additional_attributes: Record<string, unknown>;
  created_at: number;
  updated_at: number;
  last_activity_at: number;
  /** Opens the WhatsApp 24-hour reply window. */
  last_incoming_at: number | null;
  messages: MessageRecord[];
}

export interface WebhookRecord {
  id: number;
  account_id: number;
  name: string | null;
  url: string;
  subscriptions: string[];
  secret: string;
  inbox_id: number | null;
}

/** Who a token belongs to. */
export type Principal = { kind: 'user'; user: UserRecord } | { kind: 'bot'; bot: BotRecord };

export interface InboxSeed {
  id?: number;
  name: string;
  channel_type: ChannelType;
  message_templates?: ChatwootMessageTemplate[];
  lock_to_single_conversation?: boolean;
  /** WhatsApp/SMS inboxes: the business number. */
  phone_number?: string;
}

export interface AccountSeed {
  accountId?: number;
  name?: string;
  inboxes?: InboxSeed[];
  /** A fixed user token, so a configuration stored elsewhere (the demo's) survives sandbox restarts. */
  userToken?: string;
}

type Table = 'account' | 'user' | 'bot' | 'inbox' | 'channel' | 'contact' | 'contactInbox' | 'conversation' | 'message' | 'webhook';

const PROVIDER_BY_CHANNEL: Partial<Record<ChannelType, string>> = {
  'Channel::Whatsapp': 'whatsapp_cloud',
  'Channel::TwilioSms': 'twilio',
};

/** Tokens look like Chatwoot's: 24 url-safe characters. */
export const newToken = () => randomBytes(18).toString('base64url');

export class SandboxStore {
  readonly accounts = new Map<number, AccountRecord>();
  readonly users = new Map<number, UserRecord>();
  readonly bots = new Map<number, BotRecord>();
  private readonly principalsByToken = new Map<string, Principal>();
  private readonly sequences = new Map<Table, number>();
  private readonly usedInboxIds = new Set<number>();

  nextId(table: Table): number {
    const id = (this.sequences.get(table) ?? 0) + 1;
    this.sequences.set(table, id);
    return id;
  }

  /** An account with one administrator (user token), one agent bot (bot token) and its inboxes. */
  seedAccount(seed: AccountSeed) {
    const id = seed.accountId ?? this.nextFreeAccountId();
    if (this.accounts.has(id)) throw new Error(`account ${id} already exists in the sandbox`);
    const now = Date.now();
    const account: AccountRecord = {
      id,
      name: seed.name ?? `Account ${id}`,
      status: 'active',
      created_at: now,
      nextDisplayId: 1,
      inboxes: new Map(),
      contacts: new Map(),
      conversations: new Map(),
      webhooks: new Map(),
    };
    this.accounts.set(id, account);
    const userId = this.nextId('user');
    const user: UserRecord = {
      id: userId,
      name: `Admin ${userId}`,
      email: `admin${userId}@sandbox.test`,
      access_token: seed.userToken ?? newToken(),
      pubsub_token: newToken(),
      accountIds: new Set([id]),
    };
    const bot: BotRecord = { id: this.nextId('bot'), name: 'Sandbox bot', access_token: newToken(), account_id: id };
    this.users.set(user.id, user);
    this.bots.set(bot.id, bot);
    this.principalsByToken.set(user.access_token, { kind: 'user', user });
    this.principalsByToken.set(bot.access_token, { kind: 'bot', bot });
    const inboxes = (seed.inboxes ?? []).map((inboxSeed) => this.addInbox(account, inboxSeed, now));
    return { account, user, bot, inboxes };
  }

  private nextFreeAccountId(): number {
    let id = this.nextId('account');
    while (this.accounts.has(id)) id = this.nextId('account');
    return id;
  }

  private addInbox(account: AccountRecord, seed: InboxSeed, now: number): InboxRecord {
    let id = seed.id ?? this.nextId('inbox');
    while (seed.id === undefined && this.usedInboxIds.has(id)) id = this.nextId('inbox');
    if (this.usedInboxIds.has(id)) throw new Error(`inbox ${id} already exists in the sandbox`);
    this.usedInboxIds.add(id);
    const inbox: InboxRecord = {
      id,
      account_id: account.id,
      channel_id: this.nextId('channel'),
      name: seed.name,
      channel_type: seed.channel_type,
      provider: PROVIDER_BY_CHANNEL[seed.channel_type] ?? null,
      phone_number: seed.phone_number ?? null,
      lock_to_single_conversation: seed.lock_to_single_conversation ?? false,
      message_templates: seed.message_templates ?? [],
      inbox_identifier: seed.channel_type === 'Channel::Api' ? newToken() : null,
      created_at: now,
    };
    account.inboxes.set(id, inbox);
    return inbox;
  }

  findAccount(accountId: number): AccountRecord {
    const account = this.accounts.get(accountId);
    if (!account) throw notFound();
    return account;
  }

  findPrincipal(token: string): Principal | undefined {
    return this.principalsByToken.get(token);
  }
}

export function findInbox(account: AccountRecord, inboxId: unknown): InboxRecord {
  const inbox = account.inboxes.get(Number(inboxId));
  if (!inbox) throw notFound();
  return inbox;
}

export function findContact(account: AccountRecord, contactId: unknown): ContactRecord {
  const contact = account.contacts.get(Number(contactId));
  if (!contact) throw notFound();
  return contact;
}

export function findConversation(account: AccountRecord, displayId: unknown): ConversationRecord {
  const conversation = account.conversations.get(Number(displayId));
  if (!conversation) throw notFound();
  return conversation;
}
