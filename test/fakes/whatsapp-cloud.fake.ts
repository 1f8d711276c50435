/**
 * A fake of Meta's WhatsApp Cloud API (Graph API), as documented:
 * - POST /{version}/{phone-number-id}/messages with `Authorization: Bearer`, JSON body with
 *   messaging_product "whatsapp", `to`, and a `text`, `template` or `interactive` (reply buttons) object;
 *   200 `{ messaging_product, contacts: [{ input, wa_id }], messages: [{ id: "wamid…" }] }`;
 * - GET /{version}/{phone-number-id} → the phone number node (display_phone_number, verified_name, quality_rating);
 * - errors as `{ error: { message: "(#code) title", type, code, error_data: { messaging_product, details }, fbtrace_id } }`,
 *   with Meta's HTTP statuses (most are 400, rate limits included).
 * Meta now reports 131047 (24-hour window) through webhooks; the fake answers it synchronously, as
 * older API versions did, so the classification can be exercised.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

/** Cloud API error codes the fake can produce, with Meta's HTTP status, title and details. */
export const cloudApiErrors = {
  1: { status: 400, title: 'API Unknown', details: 'Invalid request or possible server error.' },
  2: { status: 503, title: 'API Service', details: 'Temporary due to downtime or due to being overloaded.' },
  4: { status: 429, title: 'API Too Many Calls', details: 'The app has reached its API call rate limit.' },
  100: { status: 400, title: 'Invalid parameter', details: 'The request included one or more unsupported or misspelled parameters.' },
  190: { status: 401, title: 'Access token has expired', details: 'Your access token has expired.' },
  80007: { status: 400, title: 'Rate limit issues', details: 'The WhatsApp Business Account has reached its rate limit.' },
  130429: { status: 400, title: 'Rate limit hit', details: 'Cloud API message throughput has been reached.' },
  131000: { status: 500, title: 'Something went wrong', details: 'Message failed to send due to an unknown error.' },
  131026: { status: 400, title: 'Message Undeliverable', details: 'Unable to deliver message.' },
  131047: {
    status: 400,
    title: 'Re-engagement message',
    details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
  },
  131048: { status: 400, title: 'Spam rate limit hit', details: 'Message failed to send because there are restrictions on how many messages can be sent from this phone number.' },
  131056: {
    status: 400,
    title: '(Business Account, Consumer Account) pair rate limit hit',
    details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time.',
  },
  132000: { status: 400, title: 'Number of parameters does not match the expected number of params', details: 'body: number of localizable_params does not match the expected number of params' },
  132001: { status: 404, title: 'Template name does not exist in the translation', details: 'template name does not exist in the language' },
  133010: { status: 400, title: 'Phone number Not Registered', details: 'Phone number is not registered on the WhatsApp Business Platform.' },
} as const;
export type CloudApiErrorCode = keyof typeof cloudApiErrors;

export interface FakeWhatsAppCloudOptions {
  phoneNumberId: string;
  accessToken: string;
  displayPhoneNumber?: string;
  verifiedName?: string;
  /** Approved templates, with how many body parameters each takes. */
  templates?: Array<{ name: string; language: string; bodyParams: number }>;
  /** Clients who last wrote more than 24 hours ago: free-form messages to them fail with 131047. */
  outsideWindow?: string[];
}

export interface FakeWhatsAppCloud extends FakeHttpServer {
  failNextWith(code: CloudApiErrorCode, details?: string): void;
}

const MAX_TEXT = 4096;
const MAX_BUTTONS = 3;
const MAX_BUTTON_TITLE = 20;

function graphError(code: CloudApiErrorCode, details?: string) {
  const error = cloudApiErrors[code];
  return {
    error: {
      message: `(#${code}) ${error.title}`,
      type: 'OAuthException',
      code,
      error_data: { messaging_product: 'whatsapp', details: details ?? error.details },
      fbtrace_id: randomBytes(9).toString('base64url'),
    },
  };
}

type Params = { version: string; phoneNumberId: string };

export async function startFakeWhatsAppCloud(options: FakeWhatsAppCloudOptions): Promise<FakeWhatsAppCloud> {
  const fail = (reply: FastifyReply, code: CloudApiErrorCode, details?: string) =>
    reply.code(cloudApiErrors[code].status).send(graphError(code, details));

  /** Checks what Graph checks before anything else; answers and returns false when it fails. */
  const admitted = (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    if (request.headers.authorization !== `Bearer ${options.accessToken}`) {
      void reply.code(401).send({
        error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'fake' },
      });
      return false;
    }
    if (request.params.phoneNumberId !== options.phoneNumberId) {
      void fail(reply, 100, `Unsupported request - method type: ${request.method.toLowerCase()}. Object with ID '${request.params.phoneNumberId}' does not exist`);
      return false;
    }
    return true;
  };

  const server = await startFakeHttpServer((app) => {
    app.post<{ Params: Params }>('/:version/:phoneNumberId/messages', async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      const message = (request.body ?? {}) as Record<string, any>;
      if (message.messaging_product !== 'whatsapp') return fail(reply, 100, 'The parameter messaging_product is required.');
      if (typeof message.to !== 'string' || !/^\+?\d{7,15}$/.test(message.to)) return fail(reply, 100, 'Invalid parameter: to');

      const problem = contentProblem(message, options);
      if (problem) return fail(reply, problem.code, problem.details);
      if (message.type !== 'template' && options.outsideWindow?.includes(message.to)) return fail(reply, 131047);

      const waId = message.to.replace(/^\+/, '');
      return {
        messaging_product: 'whatsapp',
        contacts: [{ input: message.to, wa_id: waId }],
        messages: [{ id: `wamid.${randomBytes(24).toString('base64url')}`, ...(message.type === 'template' && { message_status: 'accepted' }) }],
      };
    });

    app.get<{ Params: Params }>('/:version/:phoneNumberId', async (request, reply) => {
      if (!admitted(request, reply)) return reply;
      return {
        verified_name: options.verifiedName ?? 'Salon Demo',
        display_phone_number: options.displayPhoneNumber ?? '+52 55 1234 5678',
        quality_rating: 'GREEN',
        id: options.phoneNumberId,
      };
    });
  });

  return { ...server, failNextWith: (code, details) => server.replyNextWith({ status: cloudApiErrors[code].status, body: graphError(code, details) }) };
}

/** What Meta says about the message object itself, if anything is wrong with it. */
function contentProblem(message: Record<string, any>, options: FakeWhatsAppCloudOptions): { code: CloudApiErrorCode; details: string } | undefined {
  switch (message.type) {
    case 'text': {
      const body = message.text?.body;
      if (typeof body !== 'string' || body.length === 0) return { code: 100, details: 'The parameter text[body] is required.' };
      if (body.length > MAX_TEXT) return { code: 100, details: `Param text['body'] must be at most ${MAX_TEXT} characters long.` };
      return undefined;
    }
    case 'interactive': {
      const buttons = message.interactive?.action?.buttons;
      if (message.interactive?.type !== 'button' || !Array.isArray(buttons)) return { code: 100, details: 'Invalid interactive message.' };
      if (buttons.length < 1 || buttons.length > MAX_BUTTONS) return { code: 100, details: 'Invalid buttons count. Min allowed buttons: 1, Max allowed buttons: 3' };
      const titleTooLong = buttons.some((button: any) => [...(button?.reply?.title ?? '')].length > MAX_BUTTON_TITLE);
      if (titleTooLong) return { code: 100, details: `Button title length invalid. Min length: 1, Max length: ${MAX_BUTTON_TITLE}` };
      if (typeof message.interactive.body?.text !== 'string') return { code: 100, details: 'The parameter interactive[body][text] is required.' };
      return undefined;
    }
    case 'template': {
      const template = options.templates?.find((t) => t.name === message.template?.name && t.language === message.template?.language?.code);
      if (!template) return { code: 132001, details: `template name (${message.template?.name}) does not exist in ${message.template?.language?.code}` };
      const body = (message.template.components ?? []).find((component: any) => component.type === 'body');
      const given = body?.parameters?.length ?? 0;
      if (given !== template.bodyParams) {
        return { code: 132000, details: `body: number of localizable_params (${given}) does not match the expected number of params (${template.bodyParams})` };
      }
      return undefined;
    }
    default:
      return { code: 100, details: `Invalid parameter: type ${String(message.type)}` };
  }
}
