/**
 * Chatwoot Application API shapes as the real server (v4.15.1) sends and accepts them.
 *
 * They start from the types generated from the official spec (`openapi/chatwoot.d.ts`) and correct
 * them where `/work/shared/chatwoot/NOTES.md` shows the spec is wrong. The spec marks every response
 * field optional; `Present` makes the ones the server always sends required, so callers need no `!`.
 */
import type { components, paths } from './openapi/chatwoot.d.ts';

type Schemas = components['schemas'];

/** `T` with the listed keys always present (the server sends them even though the spec says optional). */
type Present<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: Exclude<T[P], undefined> };

/** The JSON request body the spec declares for `method` on `path`. */
export type SpecRequestBody<
  P extends keyof paths,
  M extends 'post' | 'put' | 'patch',
> = paths[P][M] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** REST responses carry `message_type` as an integer; webhooks carry the name (NOTES §F.5). */
export const MESSAGE_TYPE = { incoming: 0, outgoing: 1, activity: 2, template: 3 } as const;
export type MessageTypeCode = (typeof MESSAGE_TYPE)[keyof typeof MESSAGE_TYPE];

export type ConversationStatus = 'open' | 'resolved' | 'pending' | 'snoozed';
export type MessageStatus = 'sent' | 'delivered' | 'read' | 'failed';
export type MessageContentType = NonNullable<Schemas['message']['content_type']>;

/** A WhatsApp template synced from Meta; absent from the spec (NOTES §B, inboxes). */
export interface ChatwootMessageTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: unknown[];
}

export type ChatwootInbox = Present<Schemas['inbox'], 'id' | 'name' | 'channel_type' | 'channel_id'> & {
  lock_to_single_conversation: boolean;
  /** WhatsApp inboxes only. */
  message_templates?: ChatwootMessageTemplate[];
  /** API inboxes only. */
  inbox_identifier?: string;
};

/** The short inbox form nested in a contact's `contact_inboxes` and returned by contact_inboxes create. */
export type ChatwootInboxSummary = Present<
  NonNullable<Schemas['contact_inbox']['inbox']>,
  'id' | 'name' | 'channel_type'
>;

export interface ChatwootContactInbox {
  source_id: string;
  inbox: ChatwootInboxSummary;
}

export type ChatwootContact = Omit<
  Present<
    Schemas['contact_list_item'],
    'id' | 'name' | 'email' | 'phone_number' | 'identifier' | 'custom_attributes' | 'created_at'
  >,
  'contact_inboxes'
> & {
  /** Left out when the contact is shown with `include_contact_inboxes=false`. */
  contact_inboxes?: ChatwootContactInbox[];
};

/**
 * Contact create answers `{payload:{contact, contact_inbox}}`, not the spec's flat `extended_contact`
 * (NOTES §F.1). `contact_inbox` is `{inbox:null, source_id:null}` when no `inbox_id` was sent; its
 * `inbox` is the raw inbox record, not the summary form.
 */
export interface ChatwootContactCreated {
  contact: ChatwootContact;
  contact_inbox: { inbox: Record<string, unknown> | null; source_id: string | null };
}

export type ChatwootMessage = Omit<
  Present<Schemas['message'], 'id' | 'conversation_id' | 'inbox_id' | 'created_at' | 'private' | 'source_id'>,
  'message_type' | 'status' | 'content' | 'content_type' | 'content_attributes'
> & {
  message_type: MessageTypeCode;
  status: MessageStatus;
  content: string | null;
  content_type: MessageContentType;
  /** `items` for input_select, `external_error` once delivery failed, `submitted_values`, … */
  content_attributes: Record<string, unknown>;
};

type ConversationMeta = NonNullable<Schemas['conversation_show']['meta']>;

/**
 * The full conversation. Conversation create returns this too, not the spec's `{id, account_id,
 * inbox_id}` (NOTES §F.3). `id` is the per-account display id. The spec's status enum lacks `snoozed`.
 */
export type ChatwootConversation = Omit<
  Present<Schemas['conversation'], 'id' | 'account_id' | 'inbox_id' | 'uuid' | 'can_reply' | 'created_at'>,
  'status' | 'messages' | 'last_non_activity_message'
> & {
  status: ConversationStatus;
  /** The last message, if any. */
  messages: ChatwootMessage[];
  last_non_activity_message?: ChatwootMessage | null;
  meta: Omit<ConversationMeta, 'sender'> & {
    sender: Omit<Present<NonNullable<ConversationMeta['sender']>, 'id' | 'name' | 'phone_number'>, 'last_activity_at'> & {
      type?: 'contact';
      last_activity_at?: number | null;
    };
  };
};

/** `GET conversations` nests its result in `data` (NOTES §F.4); the client unwraps it. */
export interface ChatwootConversationList {
  meta: { mine_count: number; assigned_count: number; unassigned_count: number; all_count: number };
  payload: ChatwootConversation[];
}

export type WebhookEvent = NonNullable<Schemas['webhook']['subscriptions']>[number] | 'inbox_created' | 'inbox_updated';

/** `secret` signs deliveries: treat it like the API token. */
export type ChatwootWebhook = Omit<
  Present<Schemas['webhook'], 'id' | 'url' | 'account_id' | 'secret'>,
  'subscriptions'
> & {
  subscriptions: WebhookEvent[];
  inbox?: { id: number; name: string } | null;
};

export type ChatwootProfileAccount = Present<
  NonNullable<Schemas['user']['accounts']>[number],
  'id' | 'name' | 'status' | 'role'
>;

/** The profile without `access_token`: the server echoes the token, and the client drops it. */
export type ChatwootProfile = Omit<Present<Schemas['user'], 'id' | 'name' | 'email'>, 'access_token' | 'accounts'> & {
  accounts: ChatwootProfileAccount[];
};

// ---- request inputs -------------------------------------------------------------------------

export interface CreateContactInput {
  name: string;
  phone_number: string;
  email?: string;
  identifier?: string;
  /** Optional in reality (the spec says required); when sent, the contact inbox is created too. */
  inbox_id?: number;
  custom_attributes?: Record<string, unknown>;
}

/** `custom_attributes` are merged into the existing ones by the server, not replaced. */
export type UpdateContactInput = Partial<Omit<CreateContactInput, 'inbox_id'>>;

export interface CreateContactInboxInput {
  inbox_id: number;
  /** Generated per channel when omitted (WhatsApp: the phone digits). */
  source_id?: string;
}

/** WhatsApp template call; the server requires only `name` (the spec requires all four). */
export interface TemplateParams {
  name: string;
  language?: string;
  category?: string;
  processed_params?: {
    body?: Record<string, string>;
    header?: { media_url: string; media_type: 'image' | 'video' | 'document' };
    buttons?: { type: 'url' | 'copy_code'; parameter: string }[];
  };
}

export interface InputSelectItem {
  title: string;
  value: string;
}

export interface MessageContent {
  content: string;
  content_type?: MessageContentType;
  content_attributes?: Record<string, unknown> & { items?: InputSelectItem[] };
  template_params?: TemplateParams;
}

export interface CreateMessageInput extends MessageContent {
  /** An internal note: never sent to the customer. */
  private?: boolean;
}

export interface CreateConversationInput {
  inbox_id: number;
  contact_id: number;
  /** Created inside the same transaction; the response is still the conversation. */
  message?: MessageContent;
  status?: Exclude<ConversationStatus, 'snoozed'>;
}

export interface ListConversationsQuery {
  status?: ConversationStatus | 'all';
  inbox_id?: number;
  page?: number;
}

export interface ListMessagesQuery {
  /** Newer than this id (up to 100); with `before`, ids in [after, before). */
  after?: number;
  /** Older than this id (20). */
  before?: number;
}

export interface ToggleStatusInput {
  status: ConversationStatus;
  /** Unix seconds; only with `snoozed`. */
  snoozed_until?: number;
}

export interface ToggleStatusResult {
  success: boolean;
  current_status: ConversationStatus;
  conversation_id: number;
}

export interface CreateWebhookInput {
  url: string;
  name?: string;
  subscriptions: WebhookEvent[];
}
