/**
 * The Chatwoot Application API endpoints the service uses, answering as v4.15.1 does (NOTES §B).
 * Each route states whether agent-bot tokens may call it (the bot allow-list, NOTES §A).
 */
import type { FastifyInstance } from 'fastify';
import { authenticate, authorizeAccount, rejectBots } from './sandbox.auth.ts';
import {
  addContactInbox,
  createContact,
  CONTACTS_PER_PAGE,
  filterContacts,
  searchContacts,
  sourceIdFor,
  updateContact,
} from './sandbox.contacts.ts';
import {
  createConversation,
  createMessage,
  deliverMessage,
  listConversations,
  listMessages,
  toggleStatus,
  type MessageLimits,
} from './sandbox.conversations.ts';
import { RecordInvalid, unprocessable } from './sandbox.errors.ts';
import {
  contactInboxJson,
  contactJson,
  conversationJson,
  inboxJson,
  inboxRowJson,
  messageJson,
  profileJson,
  webhookJson,
} from './sandbox.serializers.ts';
import { findContact, findConversation, findInbox, type AccountRecord, type Principal, type SandboxStore } from './sandbox.store.ts';
import { createWebhook } from './sandbox.webhooks.ts';

export interface RouteDeps {
  store: SandboxStore;
  limits: MessageLimits;
  contactInsertDelayMs: () => number;
}

interface AccountRequest {
  principal: Principal;
  account: AccountRecord;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: Record<string, unknown>;
}

type Access = 'user' | 'user-or-bot';
type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

const ACCOUNT = '/api/v1/accounts/:account_id';

/** One page of `items` and the `meta` Chatwoot's contact lists carry. */
function contactPage<T>(items: T[], query: Record<string, unknown>) {
  const page = Math.max(1, Number(query.page) || 1);
  return {
    items: items.slice((page - 1) * CONTACTS_PER_PAGE, page * CONTACTS_PER_PAGE),
    // `current_page` echoes the `page` parameter as sent (a string), else 1.
    meta: { count: items.length, current_page: query.page ?? 1, has_more: page * CONTACTS_PER_PAGE < items.length },
  };
}

export function registerChatwootRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, limits } = deps;

  function accountRoute(method: Method, url: string, access: Access, handle: (req: AccountRequest) => unknown) {
    app.route({
      method,
      url: `${ACCOUNT}${url}`,
      handler: async (request) => {
        const principal = authenticate(store, request.headers.api_access_token);
        if (access === 'user') rejectBots(principal);
        const params = request.params as Record<string, string>;
        const account = authorizeAccount(store, principal, Number(params.account_id));
        const body = (request.body ?? {}) as Record<string, unknown>;
        return handle({ principal, account, params, query: request.query as Record<string, unknown>, body });
      },
    });
  }

  app.get('/api/v1/profile', async (request) => {
    const principal = authenticate(store, request.headers.api_access_token);
    rejectBots(principal);
    return profileJson(store, principal.user);
  });

  accountRoute('GET', '/inboxes', 'user', ({ account }) => ({ payload: [...account.inboxes.values()].map(inboxJson) }));

  accountRoute('GET', '/inboxes/:id', 'user', ({ account, params }) => inboxJson(findInbox(account, params.id)));

  accountRoute('POST', '/contacts', 'user', async ({ account, body }) => {
    const { contact, contactInbox, inbox } = await createContact(store, account, body, {
      insertDelayMs: deps.contactInsertDelayMs(),
    });
    return {
      payload: {
        contact: contactJson(account, contact),
        contact_inbox: { inbox: inbox && inboxRowJson(inbox), source_id: contactInbox?.source_id ?? null },
      },
    };
  });

  accountRoute('GET', '/contacts/search', 'user', ({ account, query }) => {
    const { items, meta } = contactPage(searchContacts(account, query.q), query);
    return { meta, payload: items.map((c) => contactJson(account, c)) };
  });

  accountRoute('POST', '/contacts/filter', 'user', ({ account, body, query }) => {
    const { items, meta } = contactPage(filterContacts(account, body.payload), query);
    return { meta: { count: meta.count, current_page: meta.current_page }, payload: items.map((c) => contactJson(account, c)) };
  });

  accountRoute('GET', '/contacts/:id', 'user', ({ account, params, query }) => ({
    payload: contactJson(account, findContact(account, params.id), {
      withContactInboxes: query.include_contact_inboxes !== 'false',
    }),
  }));

  for (const method of ['PUT', 'PATCH'] as const) {
    accountRoute(method, '/contacts/:id', 'user', ({ account, params, body }) => ({
      payload: contactJson(account, updateContact(account, findContact(account, params.id), body)),
    }));
  }

  accountRoute('POST', '/contacts/:id/contact_inboxes', 'user', ({ account, params, body }) => {
    const contact = findContact(account, params.id);
    const inbox = findInbox(account, body.inbox_id);
    const sourceId = body.source_id == null ? sourceIdFor(inbox, contact) : String(body.source_id);
    return contactInboxJson(account, addContactInbox(store, contact, inbox, sourceId));
  });

  accountRoute('GET', '/contacts/:id/conversations', 'user', ({ account, params }) => {
    const contact = findContact(account, params.id);
    const conversations = [...account.conversations.values()]
      .filter((c) => c.contact_id === contact.id)
      .sort((a, b) => b.last_activity_at - a.last_activity_at);
    return { payload: conversations.map((c) => conversationJson(store, account, c)) };
  });

  accountRoute('GET', '/conversations', 'user', ({ account, query }) => {
    const { counts, conversations } = listConversations(account, query);
    return { data: { meta: counts, payload: conversations.map((c) => conversationJson(store, account, c)) } };
  });

  accountRoute('POST', '/conversations', 'user-or-bot', ({ account, principal, body }) => {
    const { conversation, message } = createConversation(store, account, principal, body, limits);
    const json = conversationJson(store, account, conversation);
    // Rendered before the channel's send job runs, as the real response is.
    if (message) deliverMessage(account, message);
    return json;
  });

  accountRoute('GET', '/conversations/:conversation_id', 'user-or-bot', ({ account, params }) =>
    conversationJson(store, account, findConversation(account, params.conversation_id)),
  );

  accountRoute('POST', '/conversations/:conversation_id/toggle_status', 'user-or-bot', ({ account, params, body }) => {
    const conversation = toggleStatus(findConversation(account, params.conversation_id), body);
    return {
      meta: {},
      payload: { success: true, current_status: conversation.status, conversation_id: conversation.display_id },
    };
  });

  accountRoute('GET', '/conversations/:conversation_id/messages', 'user', ({ account, params, query }) => {
    const conversation = findConversation(account, params.conversation_id);
    const contact = account.contacts.get(conversation.contact_id);
    return {
      meta: {
        labels: [],
        additional_attributes: conversation.additional_attributes,
        contact: contact && contactJson(account, contact),
        agent_last_seen_at: null,
        assignee_last_seen_at: null,
      },
      payload: listMessages(conversation, query).map((m) => messageJson(store, account, m)),
    };
  });

  accountRoute('POST', '/conversations/:conversation_id/messages', 'user-or-bot', ({ account, principal, params, body }) => {
    const conversation = findConversation(account, params.conversation_id);
    try {
      const message = createMessage(store, account, principal, conversation, body, limits);
      const json = messageJson(store, account, message);
      deliverMessage(account, message);
      return json;
    } catch (err) {
      // The messages controller rescues every error into {"error": "<exception message>"}.
      if (err instanceof RecordInvalid) throw unprocessable(err.exceptionMessage);
      throw err;
    }
  });

  accountRoute('GET', '/webhooks', 'user', ({ account }) => ({
    payload: { webhooks: [...account.webhooks.values()].map((w) => webhookJson(account, w)) },
  }));

  accountRoute('POST', '/webhooks', 'user', ({ account, body }) => ({
    payload: { webhook: webhookJson(account, createWebhook(store, account, body)) },
  }));
}
