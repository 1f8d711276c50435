/**
 * What the provider fakes share: a Fastify server on a free loopback port that records every
 * request and can be told to answer the next one differently (a canned error, or a stall).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Parsed body: JSON object, form fields, or undefined. */
  body: unknown;
}

export interface CannedReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export interface FakeHttpServer {
  baseUrl: string;
  requests: RecordedRequest[];
  /** The next request gets `reply` instead of the provider's documented behaviour. */
  replyNextWith(reply: CannedReply): void;
  /** The next request waits `ms` before it is handled: enough to trip a client timeout. */
  stallNext(ms: number): void;
  close(): Promise<void>;
}

type Interception = { reply: CannedReply } | { stallMs: number };

export async function startFakeHttpServer(registerRoutes: (app: FastifyInstance) => void): Promise<FakeHttpServer> {
  const app = Fastify({ logger: false, forceCloseConnections: true });
  const requests: RecordedRequest[] = [];
  const interceptions: Interception[] = [];
  const closing = new AbortController();

  app.addHook('preHandler', async (request, reply) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers, body: request.body });
    const interception = interceptions.shift();
    if (!interception) return;
    if ('stallMs' in interception) {
      await sleep(interception.stallMs, undefined, { signal: closing.signal }).catch(() => undefined);
      return;
    }
    return reply.code(interception.reply.status).headers(interception.reply.headers ?? {}).send(interception.reply.body);
  });
  app.addHook('preClose', async () => closing.abort());
  registerRoutes(app);

  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    replyNextWith: (reply) => interceptions.push({ reply }),
    stallNext: (ms) => interceptions.push({ stallMs: ms }),
    close: () => app.close(),
  };
}

/** Form bodies (Twilio) arrive as `application/x-www-form-urlencoded`, which Fastify does not parse by default. */
export function acceptFormBodies(app: FastifyInstance): void {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
