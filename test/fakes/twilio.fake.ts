/**
 * A fake of Twilio's Programmable Messaging REST API (2010-04-01), as documented:
 * - POST /2010-04-01/Accounts/{AccountSid}/Messages.json, form-encoded To, From | MessagingServiceSid, Body;
 *   201 with the Message resource (status "queued", or "accepted" through a Messaging Service);
 * - GET /2010-04-01/Accounts/{AccountSid}.json → the Account resource;
 * - HTTP Basic auth (Account SID : Auth Token);
 * - errors as `{ code, message, more_info, status }` with Twilio's codes and wording.
 * Input decides the documented outcomes (a bad number is 21211); failNextWith() forces the rest.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { acceptFormBodies, startFakeHttpServer, type FakeHttpServer } from './fake-http-server.ts';

/** Twilio error codes the fake can produce, with their HTTP status and Twilio's message. */
export const twilioErrors = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'An internal server error has occurred' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21614: { status: 400, message: "'To' number is not a valid mobile number" },
  21617: { status: 400, message: 'The concatenated message body exceeds the 1600 character limit.' },
} as const;
export type TwilioErrorCode = keyof typeof twilioErrors;

export interface FakeTwilioOptions {
  accountSid: string;
  authToken: string;
  accountStatus?: 'active' | 'suspended' | 'closed';
  /** Numbers that replied STOP: Twilio refuses them with 21610. */
  unsubscribed?: string[];
  /** Landlines: Twilio refuses them with 21614. */
  landlines?: string[];
}

export interface FakeTwilio extends FakeHttpServer {
  /** The next request fails with this Twilio error, whatever it asks. */
  failNextWith(code: TwilioErrorCode, headers?: Record<string, string>): void;
}

const MAX_BODY_CHARACTERS = 1600;
const E164 = /^\+[1-9]\d{1,14}$/;

function twilioErrorBody(code: TwilioErrorCode) {
  const { status, message } = twilioErrors[code];
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

export async function startFakeTwilio(options: FakeTwilioOptions): Promise<FakeTwilio> {
  const fail = (reply: FastifyReply, code: TwilioErrorCode) => reply.code(twilioErrors[code].status).send(twilioErrorBody(code));

  const authorized = (request: FastifyRequest<{ Params: { sid: string } }>) => {
    const [scheme, encoded] = (request.headers.authorization ?? '').split(' ');
    if (scheme !== 'Basic' || !encoded) return false;
    const credentials = Buffer.from(encoded, 'base64').toString('utf8');
    return request.params.sid === options.accountSid && credentials === `${options.accountSid}:${options.authToken}`;
  };

  const server = await startFakeHttpServer((app) => {
    acceptFormBodies(app);

    app.post<{ Params: { sid: string } }>('/2010-04-01/Accounts/:sid/Messages.json', async (request, reply) => {
      if (!authorized(request)) return fail(reply, 20003);
      // Twilio reads form fields only; a JSON body counts as no parameters at all.
      const isForm = request.headers['content-type']?.startsWith('application/x-www-form-urlencoded');
      const form = (isForm ? request.body : {}) as Record<string, string | undefined>;
      const { To: to, From: from, MessagingServiceSid: serviceSid, Body: body } = form;
      if (!to) return fail(reply, 21604);
      if (!from && !serviceSid) return fail(reply, 21603);
      if (!body) return fail(reply, 21602);
      if (!E164.test(to)) return fail(reply, 21211);
      if ([...body].length > MAX_BODY_CHARACTERS) return fail(reply, 21617);
      if (options.landlines?.includes(to)) return fail(reply, 21614);
      if (options.unsubscribed?.includes(to)) return fail(reply, 21610);
      return reply.code(201).send(messageResource({ accountSid: options.accountSid, to, from, serviceSid, body }));
    });

    app.get<{ Params: { sid: string } }>('/2010-04-01/Accounts/:sid.json', async (request, reply) => {
      if (!authorized(request)) return fail(reply, 20003);
      return accountResource(options);
    });
  });

  return { ...server, failNextWith: (code, headers) => server.replyNextWith({ status: twilioErrors[code].status, body: twilioErrorBody(code), headers }) };
}

function messageResource(message: { accountSid: string; to: string; from?: string; serviceSid?: string; body: string }) {
  const sid = `SM${randomBytes(16).toString('hex')}`;
  const now = new Date().toUTCString().replace('GMT', '+0000');
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: now,
    date_sent: null,
    date_updated: now,
    direction: 'outbound-api',
    error_code: null,
    error_message: null,
    from: message.from ?? null,
    messaging_service_sid: message.serviceSid ?? null,
    num_media: '0',
    num_segments: String(Math.ceil([...message.body].length / 160)),
    price: null,
    price_unit: 'USD',
    sid,
    // Through a Messaging Service the message is "accepted" until a sender is picked.
    status: message.serviceSid && !message.from ? 'accepted' : 'queued',
    subresource_uris: { media: `/2010-04-01/Accounts/${message.accountSid}/Messages/${sid}/Media.json` },
    to: message.to,
    uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${sid}.json`,
  };
}

function accountResource(options: FakeTwilioOptions) {
  return {
    auth_token: options.authToken,
    date_created: 'Thu, 01 Feb 2024 10:00:00 +0000',
    date_updated: 'Thu, 01 Feb 2024 10:00:00 +0000',
    friendly_name: 'Salon Demo',
    owner_account_sid: options.accountSid,
    sid: options.accountSid,
    status: options.accountStatus ?? 'active',
    subresource_uris: {},
    type: 'Full',
    uri: `/2010-04-01/Accounts/${options.accountSid}.json`,
  };
}
