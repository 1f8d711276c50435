/**
 * The Chatwoot sandbox: a local, in-memory HTTP server that answers like a real Chatwoot v4.15.1
 * for the endpoints the service uses. Tests, benchmarks and the demo run against it.
 *
 * Every API request goes through, in order: call recording → contract check → outage / forced 429
 * → rate limit → latency → random 500 → the route (auth, then the endpoint).
 */
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChatwootContact, ChatwootConversation, ChatwootInbox, ChatwootMessage } from '../chatwoot/chatwoot.types.ts';
import { createContractChecker, loadChatwootSpec, type ContractChecker } from './contract.ts';
import { addIncomingMessage } from './sandbox.conversations.ts';
import { ChatwootHttpError } from './sandbox.errors.ts';
import { FaultInjector, FixedWindowLimiter, THROTTLED, type InterceptedResponse, type SandboxFaults } from './sandbox.faults.ts';
import { renderSandboxPage } from './sandbox.page.ts';
import { registerChatwootRoutes } from './sandbox.routes.ts';
import { contactJson, conversationJson, inboxJson, messageJson } from './sandbox.serializers.ts';
import { buildSnapshot, type SandboxSnapshot } from './sandbox.snapshot.ts';
import { findConversation, SandboxStore, type AccountSeed } from './sandbox.store.ts';

export interface ChatwootSandboxOptions {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /** Requests per token per fixed minute window before 429 (rack-attack). Off when unset. */
  rateLimitPerMinute?: number;
  /** Messages one conversation accepts per rolling minute before the flood guard's 422. */
  floodLimitPerMinute?: number;
  /**
   * `enforce` (default): a request that departs from the official spec is recorded in
   * `contractViolations` and answered 500 "contract violation: …", so the calling test fails.
   */
  contract?: 'enforce' | 'off';
  /** Fastify's request log; off by default to keep the sandbox fast and quiet. */
  logger?: boolean;
}

export interface RecordedCall {
  method: string;
  path: string;
  query: Record<string, unknown>;
  body: unknown;
  /** 0 until the response is sent. */
  status: number;
  at: Date;
}

export interface ContractViolation {
  method: string;
  path: string;
  problems: string[];
}

export interface SeededSandboxAccount {
  accountId: number;
  /** An administrator's token: use it for the client. */
  userToken: string;
  /** An agent-bot token of the same account, to test the bot allow-list. */
  botToken: string;
  inboxes: ChatwootInbox[];
}

export interface ChatwootSandbox {
  url: string;
  close(): Promise<void>;
  seedAccount(seed?: AccountSeed): SeededSandboxAccount;
  /** Replaces the active faults; `setFaults({})` turns them all off. */
  setFaults(faults: SandboxFaults): void;
  /** Makes the account answer 401 "Account is suspended". */
  suspendAccount(accountId: number): void;
  /** Every API request received, in arrival order (the page and state routes are not recorded). */
  readonly calls: readonly RecordedCall[];
  resetCalls(): void;
  readonly contractViolations: readonly ContractViolation[];
  listConversations(accountId: number): ChatwootConversation[];
  /** All messages of the conversation, oldest first, as the API renders them. */
  listMessages(accountId: number, conversationId: number): ChatwootMessage[];
  listContacts(accountId: number): ChatwootContact[];
  /** As if the conversation had been deleted in Chatwoot: its display id now answers 404. */
  deleteConversation(accountId: number, conversationId: number): void;
  /** A customer message; on WhatsApp it opens the 24-hour reply window (from `at`, default now). */
  simulateIncomingMessage(accountId: number, conversationId: number, content: string, at?: Date): ChatwootMessage;
  snapshot(): SandboxSnapshot;
}

/** Routes of the sandbox itself: never recorded, checked, throttled or faulted. */
const isSandboxRoute = (path: string) => path === '/' || path.startsWith('/__sandbox/');

export async function startChatwootSandbox(options: ChatwootSandboxOptions = {}): Promise<ChatwootSandbox> {
  const store = new SandboxStore();
  const faults = new FaultInjector();
  const limiter = options.rateLimitPerMinute === undefined ? undefined : new FixedWindowLimiter(options.rateLimitPerMinute);
  const contract: ContractChecker | undefined =
    options.contract === 'off' ? undefined : createContractChecker(loadChatwootSpec());
  const calls: RecordedCall[] = [];
  const contractViolations: ContractViolation[] = [];
  const callByRequest = new WeakMap<FastifyRequest, RecordedCall>();

  const app = Fastify({ logger: options.logger ?? false });

  const intercept = (reply: FastifyReply, response: InterceptedResponse) =>
    reply.code(response.status).type(response.contentType).send(response.body);

  app.addHook('preHandler', async (request, reply) => {
    const path = request.url.split('?', 1)[0];
    if (isSandboxRoute(path)) return;
    const call: RecordedCall = {
      method: request.method,
      path,
      query: { ...(request.query as Record<string, unknown>) },
      body: request.body ?? null,
      status: 0,
      at: new Date(),
    };
    calls.push(call);
    callByRequest.set(request, call);

    const problems = contract?.check({ method: request.method, path, query: call.query, body: request.body }) ?? [];
    if (problems.length > 0) {
      contractViolations.push({ method: request.method, path, problems });
      return reply.code(500).type('text/plain').send(`contract violation: ${problems.join('; ')}`);
    }
    const token = request.headers.api_access_token;
    const early =
      faults.beforeRequest() ?? (limiter && !limiter.allow(typeof token === 'string' ? token : '') ? THROTTLED : undefined);
    if (early) return intercept(reply, early);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const randomError = faults.randomError();
    if (randomError) return intercept(reply, randomError);
  });

  app.addHook('onResponse', async (request, reply) => {
    const call = callByRequest.get(request);
    if (call) call.status = reply.statusCode;
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, _request, reply) => {
    if (err instanceof ChatwootHttpError) {
      if (typeof err.body === 'string') reply.type('text/plain');
      return reply.code(err.status).send(err.body);
    }
    if (err.statusCode !== undefined && err.statusCode < 500) {
      return reply.code(err.statusCode).send({ error: err.message });
    }
    // Rails' development-mode body: a sandbox bug should say what broke.
    return reply.code(500).send({ status: 500, error: 'Internal Server Error', exception: err.message });
  });

  // The sandbox implements a subset of the API: say so rather than pretend a resource is missing.
  app.setNotFoundHandler((request, reply) =>
    reply.code(501).type('text/plain').send(`sandbox does not implement ${request.method} ${request.url.split('?', 1)[0]}`),
  );

  registerChatwootRoutes(app, {
    store,
    limits: { floodLimitPerMinute: options.floodLimitPerMinute ?? 200 },
    contactInsertDelayMs: () => faults.contactInsertDelayMs,
  });

  const snapshot = () => buildSnapshot(store);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(renderSandboxPage(snapshot())));
  app.get('/__sandbox/state', async () => snapshot());

  const address = await app.listen({ port: options.port ?? 0, host: options.host ?? '127.0.0.1' });

  const accountOf = (accountId: number) => store.findAccount(accountId);

  return {
    url: address,
    close: () => app.close(),
    seedAccount(seed = {}) {
      const { account, user, bot, inboxes } = store.seedAccount(seed);
      return { accountId: account.id, userToken: user.access_token, botToken: bot.access_token, inboxes: inboxes.map(inboxJson) };
    },
    setFaults: (next) => faults.set(next),
    suspendAccount(accountId) {
      accountOf(accountId).status = 'suspended';
    },
    calls,
    resetCalls() {
      calls.length = 0;
    },
    contractViolations,
    listConversations(accountId) {
      const account = accountOf(accountId);
      return [...account.conversations.values()].map((c) => conversationJson(store, account, c));
    },
    listMessages(accountId, conversationId) {
      const account = accountOf(accountId);
      return findConversation(account, conversationId).messages.map((m) => messageJson(store, account, m));
    },
    listContacts(accountId) {
      const account = accountOf(accountId);
      return [...account.contacts.values()].map((c) => contactJson(account, c));
    },
    deleteConversation(accountId, conversationId) {
      const account = accountOf(accountId);
      findConversation(account, conversationId);
      account.conversations.delete(conversationId);
    },
    simulateIncomingMessage(accountId, conversationId, content, at = new Date()) {
      const account = accountOf(accountId);
      const conversation = findConversation(account, conversationId);
      return messageJson(store, account, addIncomingMessage(store, account, conversation, content, at.getTime()));
    },
    snapshot,
  };
}
