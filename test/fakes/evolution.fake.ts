/**
 * A fake of Evolution API v2, as its source and docs define it:
 * - POST /message/sendText/{instance} with the `apikey` header and JSON `{ number, text }` (digits,
 *   country code first) → 201 with the sent Baileys message `{ key: { remoteJid, fromMe, id }, status, … }`;
 * - GET /instance/connectionState/{instance} → `{ instance: { instanceName, state } }`, state open | connecting | close;
 * - errors as `{ status, error, response: { message } }`: 404 for an unknown instance (checked first),
 *   401 for a wrong key, 400 with `[{ jid, exists: false, number }]` for a number without WhatsApp.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

export type InstanceState = 'open' | 'connecting' | 'close';

export interface FakeEvolutionOptions {
  apiKey: string;
  instances: Record<string, InstanceState>;
  /** Numbers (digits) that have no WhatsApp account. */
  notOnWhatsApp?: string[];
}

export interface FakeEvolution extends FakeHttpServer {
  /** The next request fails with this HTTP status in Evolution's error shape. */
  failNextWith(status: number, message: unknown): void;
}

const reasons: Record<number, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 500: 'Internal Server Error' };

function evolutionError(status: number, message: unknown) {
  return { status, error: reasons[status] ?? 'Error', response: { message } };
}

type Params = { instance: string };

export async function startFakeEvolution(options: FakeEvolutionOptions): Promise<FakeEvolution> {
  const fail = (reply: FastifyReply, status: number, message: unknown) => reply.code(status).send(evolutionError(status, message));

  /** Evolution's guards: the instance must exist, then the key must match. */
  const admitted = (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    if (!(request.params.instance in options.instances)) {
      void fail(reply, 404, [`The "${request.params.instance}" instance does not exist`]);
      return false;
    }
    if (request.headers.apikey !== options.apiKey) {
      void fail(reply, 401, 'Unauthorized');
      return false;
    }
    return true;
  };

  const server = await startFakeHttpServer((app) => {
    app.post<{ Params: Params }>('/message/sendText/:instance', async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      const { number, text } = (request.body ?? {}) as { number?: unknown; text?: unknown };
      const missing = [typeof number !== 'string' && 'number', typeof text !== 'string' && 'text'].filter(Boolean);
      if (missing.length > 0) return fail(reply, 400, missing.map((field) => `instance requires property "${field}"`));
      const digits = String(number).replace(/\D/g, '');
      const jid = `${digits}@s.whatsapp.net`;
      if (options.notOnWhatsApp?.includes(digits)) return fail(reply, 400, [{ jid, exists: false, number: digits }]);
      return reply.code(201).send({
        key: { remoteJid: jid, fromMe: true, id: `3EB0${randomBytes(8).toString('hex').toUpperCase()}` },
        pushName: '',
        status: 'PENDING',
        message: { conversation: text },
        messageType: 'conversation',
        messageTimestamp: Math.floor(Date.now() / 1000),
        instanceId: randomUUID(),
        source: 'unknown',
      });
    });

    app.get<{ Params: Params }>('/instance/connectionState/:instance', async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      return { instance: { instanceName: request.params.instance, state: options.instances[request.params.instance] } };
    });
  });

  return { ...server, failNextWith: (status, message) => server.replyNextWith({ status, body: evolutionError(status, message) }) };
}
