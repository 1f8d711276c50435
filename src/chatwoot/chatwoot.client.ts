/**
 * Typed client for the Chatwoot Application API: `openapi-fetch` over the types generated from the
 * official spec, with a thin layer that corrects the spec where the real server differs
 * (NOTES §F) and turns every failure into a `ChatwootError`.
 */
import createClient from 'openapi-fetch';
import type { paths } from './openapi/chatwoot.d.ts';
import { errorFromFetchFailure, errorFromResponse } from './chatwoot.errors.ts';
import { LeanRequest, leanFetch } from './http-transport.ts';
import type {
  ChatwootContact,
  ChatwootContactCreated,
  ChatwootContactInbox,
  ChatwootConversation,
  ChatwootConversationList,
  ChatwootInbox,
  ChatwootMessage,
  ChatwootProfile,
  ChatwootWebhook,
  CreateContactInboxInput,
  CreateContactInput,
  CreateConversationInput,
  CreateMessageInput,
  CreateWebhookInput,
  ListConversationsQuery,
  ListMessagesQuery,
  SpecRequestBody,
  ToggleStatusInput,
  ToggleStatusResult,
  UpdateContactInput,
} from './chatwoot.types.ts';

export interface ChatwootCall {
  method: string;
  /** The path template, e.g. `/api/v1/accounts/{account_id}/contacts`: stable for metrics. */
  path: string;
  /** 0 when no usable response arrived (network failure, timeout, unreadable body). */
  status: number;
  durationMs: number;
}

export interface ChatwootClientOptions {
  baseUrl: string;
  accountId: number;
  /** A user access token. Never logged, never put in an error. */
  apiToken: string;
  /** Per call, including reading the body. */
  timeoutMs?: number;
  /** Called once per HTTP call, after it settles (to count calls, time them). */
  onCall?: (call: ChatwootCall) => void;
}

type ApiPath = keyof paths;
type FetchResult = { data?: unknown; error?: unknown; response: Response };

const CONTACTS = '/api/v1/accounts/{account_id}/contacts';
const CONTACT = '/api/v1/accounts/{account_id}/contacts/{id}';
const CONVERSATIONS = '/api/v1/accounts/{account_id}/conversations';
const CONVERSATION = '/api/v1/accounts/{account_id}/conversations/{conversation_id}';
const MESSAGES = '/api/v1/accounts/{account_id}/conversations/{conversation_id}/messages';
const WEBHOOKS = '/api/v1/accounts/{account_id}/webhooks';

export type ChatwootClient = ReturnType<typeof createChatwootClient>;

export function createChatwootClient(options: ChatwootClientOptions) {
  const { accountId, apiToken, timeoutMs = 10_000, onCall } = options;
  const host = new URL(options.baseUrl).host;
  const api = createClient<paths>({
    baseUrl: options.baseUrl,
    // Lighter than global fetch, same behaviour for this client (http-transport.ts).
    Request: LeanRequest as unknown as typeof Request,
    fetch: leanFetch as unknown as (request: Request) => Promise<Response>,
    headers: { api_access_token: apiToken },
  });
  const redactToken = (text: string) => (apiToken ? text.replaceAll(apiToken, '[redacted]') : text);

  /**
   * Runs one HTTP call with its own timeout, reports it to `onCall` and returns the parsed body,
   * or throws a `ChatwootError`. The result type is the spec's; callers correct it where NOTES
   * says the spec is wrong.
   */
  async function send<R extends FetchResult>(
    method: string,
    path: ApiPath,
    perform: (signal: AbortSignal) => Promise<R>,
  ): Promise<NonNullable<R['data']>> {
    const operation = `${method} ${path}`;
    const startedAt = performance.now();
    const report = (status: number) =>
      onCall?.({ method, path, status, durationMs: performance.now() - startedAt });
    let result: R;
    try {
      result = await perform(AbortSignal.timeout(timeoutMs));
    } catch (failure) {
      report(0);
      throw errorFromFetchFailure(operation, host, failure);
    }
    report(result.response.status);
    if (!result.response.ok) {
      throw errorFromResponse(operation, result.response.status, result.error, redactToken);
    }
    return result.data as NonNullable<R['data']>;
  }

  const account = { account_id: accountId };

  return {
    /** The token's user and its accounts; `access_token` (an echo of the token) is removed. */
    async getProfile(): Promise<ChatwootProfile> {
      const profile = await send('GET', '/api/v1/profile', (signal) => api.GET('/api/v1/profile', { signal }));
      const { access_token: _echoedToken, ...safe } = profile;
      return safe as ChatwootProfile;
    },

    async listInboxes(): Promise<ChatwootInbox[]> {
      const path = '/api/v1/accounts/{account_id}/inboxes';
      const body = await send('GET', path, (signal) => api.GET(path, { params: { path: account }, signal }));
      return (body.payload ?? []) as ChatwootInbox[];
    },

    async getInbox(inboxId: number): Promise<ChatwootInbox> {
      const path = '/api/v1/accounts/{account_id}/inboxes/{id}';
      const inbox = await send('GET', path, (signal) =>
        api.GET(path, { params: { path: { ...account, id: inboxId } }, signal }),
      );
      return inbox as ChatwootInbox;
    },

    /** Contacts whose phone is exactly `e164` (filter `equal_to`, unlike search's substring match). */
    async filterContactsByPhone(e164: string): Promise<ChatwootContact[]> {
      const path = `${CONTACTS}/filter` as const;
      const body = await send('POST', path, (signal) =>
        api.POST(path, {
          params: { path: account },
          // A single condition needs no `query_operator` (it joins a condition to the next one).
          body: { payload: [{ attribute_key: 'phone_number', filter_operator: 'equal_to', values: [e164] }] },
          signal,
        }),
      );
      return (body.payload ?? []) as ChatwootContact[];
    },

    /**
     * Substring search over name, email, phone and identifier, 15 per page. Compare the results
     * exactly yourself. `q` is percent-encoded, so a `+` travels as `%2B` and is not read as a space.
     */
    async searchContacts(q: string, page = 1): Promise<{ contacts: ChatwootContact[]; hasMore: boolean }> {
      const path = `${CONTACTS}/search` as const;
      const body = await send('GET', path, (signal) =>
        api.GET(path, { params: { path: account, query: { q, page } }, signal }),
      );
      const meta = body.meta as { has_more?: boolean } | undefined;
      return { contacts: (body.payload ?? []) as ChatwootContact[], hasMore: meta?.has_more ?? false };
    },

    /** The response is `{payload:{contact, contact_inbox}}`, not the spec's flat contact (NOTES §F.1). */
    async createContact(input: CreateContactInput): Promise<ChatwootContactCreated> {
      const body = await send('POST', CONTACTS, (signal) =>
        api.POST(CONTACTS, {
          params: { path: account },
          // The spec requires inbox_id; the server does not (NOTES §B).
          body: input as SpecRequestBody<typeof CONTACTS, 'post'>,
          signal,
        }),
      );
      return (body as unknown as { payload: ChatwootContactCreated }).payload;
    },

    async getContact(contactId: number): Promise<ChatwootContact> {
      const body = await send('GET', CONTACT, (signal) =>
        api.GET(CONTACT, { params: { path: { ...account, id: contactId } }, signal }),
      );
      return body.payload as ChatwootContact;
    },

    /** Answers 200 `{payload: contact}`, not the spec's 204 (NOTES §B). */
    async updateContact(contactId: number, input: UpdateContactInput): Promise<ChatwootContact> {
      const body = await send('PUT', CONTACT, (signal) =>
        api.PUT(CONTACT, { params: { path: { ...account, id: contactId } }, body: input, signal }),
      );
      return (body as unknown as { payload: ChatwootContact }).payload;
    },

    /** Idempotent: an existing contact + inbox (+ source_id) row is returned as is. */
    async createContactInbox(contactId: number, input: CreateContactInboxInput): Promise<ChatwootContactInbox> {
      const path = `${CONTACT}/contact_inboxes` as const;
      const body = await send('POST', path, (signal) =>
        api.POST(path, { params: { path: { ...account, id: contactId } }, body: input, signal }),
      );
      return body as ChatwootContactInbox;
    },

    async listContactConversations(contactId: number): Promise<ChatwootConversation[]> {
      const path = `${CONTACT}/conversations` as const;
      const body = await send('GET', path, (signal) =>
        api.GET(path, { params: { path: { ...account, id: contactId } }, signal }),
      );
      return (body.payload ?? []) as unknown as ChatwootConversation[];
    },

    /**
     * Returns the full conversation (NOTES §F.3). On an inbox with `lock_to_single_conversation`
     * it is the contact's last existing conversation.
     */
    async createConversation(input: CreateConversationInput): Promise<ChatwootConversation> {
      const body = await send('POST', CONVERSATIONS, (signal) =>
        api.POST(CONVERSATIONS, {
          params: { path: account },
          // The spec requires source_id and knows only content/template_params in `message`;
          // the server takes inbox_id + contact_id and every message-create field (NOTES §B).
          body: input as unknown as SpecRequestBody<typeof CONVERSATIONS, 'post'>,
          signal,
        }),
      );
      return body as unknown as ChatwootConversation;
    },

    /** Unwraps the extra `data` level of the list (NOTES §F.4). 25 per page. */
    async listConversations(query: ListConversationsQuery = {}): Promise<ChatwootConversationList> {
      const body = await send('GET', CONVERSATIONS, (signal) =>
        api.GET(CONVERSATIONS, { params: { path: account, query }, signal }),
      );
      return body.data as unknown as ChatwootConversationList;
    },

    async getConversation(conversationId: number): Promise<ChatwootConversation> {
      const body = await send('GET', CONVERSATION, (signal) =>
        api.GET(CONVERSATION, { params: { path: { ...account, conversation_id: conversationId } }, signal }),
      );
      return body as unknown as ChatwootConversation;
    },

    /**
     * `status` in the answer is the creation status (`sent`); a WhatsApp conversation outside the
     * 24-hour window needs `template_params`, or the message turns `failed` afterwards.
     */
    async createMessage(conversationId: number, input: CreateMessageInput): Promise<ChatwootMessage> {
      const body = await send('POST', MESSAGES, (signal) =>
        api.POST(MESSAGES, {
          params: { path: { ...account, conversation_id: conversationId } },
          // The spec requires all four template_params fields; the server only `name` (NOTES §B).
          body: input as SpecRequestBody<typeof MESSAGES, 'post'>,
          signal,
        }),
      );
      return body as unknown as ChatwootMessage;
    },

    /** Latest 20 by default; `after=X&before=X+1` reads exactly message X (e.g. its status). */
    async listMessages(conversationId: number, query: ListMessagesQuery = {}): Promise<ChatwootMessage[]> {
      const body = await send('GET', MESSAGES, (signal) =>
        api.GET(MESSAGES, {
          params: { path: { ...account, conversation_id: conversationId }, query },
          signal,
        }),
      );
      return (body.payload ?? []) as unknown as ChatwootMessage[];
    },

    async toggleStatus(conversationId: number, input: ToggleStatusInput): Promise<ToggleStatusResult> {
      const path = `${CONVERSATION}/toggle_status` as const;
      const body = await send('POST', path, (signal) =>
        api.POST(path, {
          params: { path: { ...account, conversation_id: conversationId } },
          // The spec's status enum lacks `snoozed`, which the server accepts (NOTES §B).
          body: input as SpecRequestBody<typeof path, 'post'>,
          signal,
        }),
      );
      return body.payload as ToggleStatusResult;
    },

    /** Answers `{payload:{webhook}}`, not the spec's flat webhook (NOTES §B). Needs an admin token. */
    async createWebhook(input: CreateWebhookInput): Promise<ChatwootWebhook> {
      const body = await send('POST', WEBHOOKS, (signal) =>
        api.POST(WEBHOOKS, {
          params: { path: account },
          // The spec's subscription enum lacks the two inbox events the server accepts.
          body: input as SpecRequestBody<typeof WEBHOOKS, 'post'>,
          signal,
        }),
      );
      return (body as unknown as { payload: { webhook: ChatwootWebhook } }).payload.webhook;
    },

    /** Answers `{payload:{webhooks:[…]}}`, not the spec's bare array (NOTES §B). */
    async listWebhooks(): Promise<ChatwootWebhook[]> {
      const body = await send('GET', WEBHOOKS, (signal) => api.GET(WEBHOOKS, { params: { path: account }, signal }));
      return (body as unknown as { payload: { webhooks: ChatwootWebhook[] } }).payload.webhooks;
    },
  };
}
