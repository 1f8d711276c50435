import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DeliveryOutcome } from '../../../src/channels/channel.ts';
import { createProviderChannel, type ProviderOptions } from '../../../src/channels/providers.ts';
import { captureLogger } from '../capture-logger.ts';
import { leafParts, readMime } from './read-mime.ts';
import { startSmtpTestServer, type SmtpTestServer } from './smtp-test-server.ts';

const LOGIN = { user: 'citas@esteticaluna.mx', pass: 'smtp-P4ssw0rd-never-logged' };
const CLIENT = 'ana.lopez@example.com';

let server: SmtpTestServer;

beforeAll(async () => {
  server = await startSmtpTestServer({
    login: LOGIN,
    refuse: {
      'nobody@example.com': { code: 550, text: '5.1.1 Mailbox unavailable' },
      'relay@elsewhere.example': { code: 553, text: '5.7.1 Relaying denied' },
      'full@example.com': { code: 452, text: '4.2.2 Mailbox full, try again later' },
    },
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.received.length = 0;
});

function smtp(settings: Record<string, unknown> = {}, secrets: Record<string, unknown> = LOGIN, options: ProviderOptions = {}) {
  return createProviderChannel(
    'smtp',
    { host: '127.0.0.1', port: server.port, secure: false, from: 'citas@esteticaluna.mx', fromName: 'Estética Luna', ...settings },
    secrets,
    { timeoutMs: 5_000, ...options },
  );
}

const failure = (outcome: DeliveryOutcome) => {
  if (outcome.ok) throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
  return outcome;
};

describe('SMTP email: sending', () => {
  it('logs in and delivers a text part and a safe HTML part, with the sender, reply-to and subject', async () => {
    const outcome = await smtp({ replyTo: 'recepcion@esteticaluna.mx' }).send({
      to: CLIENT,
      recipientName: 'Ana López',
      subject: 'Tu cita de mañana',
      text: 'Hola Ana,\nTu cita es *mañana a las 10:00*.\nNota: <script>alert(1)</script> & 5 * 3 * 2',
    });

    expect(outcome).toMatchObject({ ok: true, providerMessageId: expect.stringMatching(/^<.+@esteticaluna\.mx>$/) });
    expect(server.received).toHaveLength(1);
    const [mail] = server.received;
    expect(mail).toMatchObject({ from: 'citas@esteticaluna.mx', to: [CLIENT], user: LOGIN.user });

    const message = readMime(mail.raw);
    expect(message.headers.get('from')).toBe('Estética Luna <citas@esteticaluna.mx>');
    expect(message.headers.get('to')).toBe('Ana López <ana.lopez@example.com>');
    expect(message.headers.get('reply-to')).toBe('recepcion@esteticaluna.mx');
    expect(message.headers.get('subject')).toBe('Tu cita de mañana');
    expect(message.headers.get('message-id')).toBe(outcome.ok && outcome.providerMessageId);
    expect(message.headers.get('content-type')).toMatch(/^multipart\/alternative/);

    const [plain, html] = leafParts(message);
    expect(plain.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8/);
    expect(plain.text).toBe('Hola Ana,\nTu cita es *mañana a las 10:00*.\nNota: <script>alert(1)</script> & 5 * 3 * 2');
    expect(html.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(html.text).toContain('Hola Ana,<br>\nTu cita es <strong>mañana a las 10:00</strong>.<br>');
    expect(html.text).toContain('Nota: &lt;script&gt;alert(1)&lt;/script&gt; &amp; 5 * 3 * 2');
    expect(html.text).not.toContain('<script>');
  });

  it('uses the HTML body it is given instead of deriving one', async () => {
    await smtp().send({ to: CLIENT, subject: 'Promo', text: 'Promo de mayo', html: '<h1>Promo de mayo</h1>' });

    const [, html] = leafParts(readMime(server.received[0].raw));
    expect(html.text.trim()).toBe('<h1>Promo de mayo</h1>');
  });

  it('takes the first line of the text as the subject when none is given', async () => {
    await smtp().send({ to: CLIENT, text: 'Recordatorio de tu cita\n\nTe esperamos mañana.' });
    expect(readMime(server.received[0].raw).headers.get('subject')).toBe('Recordatorio de tu cita');
  });

  it('keeps a subject with line breaks on one header line, so it cannot add headers', async () => {
    await smtp().send({ to: CLIENT, subject: 'Hola\r\nBcc: victim@example.com', text: 'x' });

    const [mail] = server.received;
    expect(mail.to).toEqual([CLIENT]);
    expect(readMime(mail.raw).headers.has('bcc')).toBe(false);
  });

  it('refuses an invalid recipient address before connecting', async () => {
    const outcome = failure(await smtp().send({ to: 'ana.lopez@', subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'SMTP_INVALID_RECIPIENT' });
    expect(server.received).toHaveLength(0);
  });
});

describe('SMTP email: error classification', () => {
  it.each([
    { to: 'nobody@example.com', kind: 'permanent', code: 'SMTP_550' },
    { to: 'relay@elsewhere.example', kind: 'permanent', code: 'SMTP_553' },
    { to: 'full@example.com', kind: 'transient', code: 'SMTP_452' },
  ])('a recipient refused with $code is $kind', async ({ to, kind, code }) => {
    const outcome = failure(await smtp().send({ to, subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind, code });
  });

  it('a message deferred with 451 is transient', async () => {
    server.deferNextMessage();
    const outcome = failure(await smtp().send({ to: CLIENT, subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'SMTP_451' });
    expect(outcome.message).toMatch(/try again later/);
  });

  it('a wrong password (535) is permanent', async () => {
    const outcome = failure(await smtp({}, { user: LOGIN.user, pass: 'wrong' }).send({ to: CLIENT, subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'SMTP_AUTH_FAILED' });
    expect(outcome.message).toMatch(/535/);
  });

  it('a server that requires a login refuses a channel without one (530, permanent)', async () => {
    const outcome = failure(await smtp({}, {}).send({ to: CLIENT, subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind: 'permanent', code: 'SMTP_530' });
  });

  describe('with a server that accepts the connection and never greets', () => {
    let silent: Server;
    let silentPort: number;
    beforeAll(async () => {
      silent = createServer(() => {});
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      silentPort = (silent.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

    it('send() times out as transient', async () => {
      const outcome = failure(await smtp({ port: silentPort }, LOGIN, { timeoutMs: 200 }).send({ to: CLIENT, subject: 'x', text: 'x' }));
      expect(outcome).toMatchObject({ kind: 'transient', code: 'SMTP_TIMEOUT' });
    });

    it('test() fails with a hint to try again', async () => {
      const result = await smtp({ port: silentPort }, LOGIN, { timeoutMs: 200 }).test();
      expect(result.checks[0]).toMatchObject({ ok: false, hint: expect.stringContaining('try again') });
    });
  });

  it('a refused connection is transient', async () => {
    const closed = await startSmtpTestServer();
    await closed.close();
    const outcome = failure(await smtp({ port: closed.port }).send({ to: CLIENT, subject: 'x', text: 'x' }));
    expect(outcome).toMatchObject({ kind: 'transient', code: 'SMTP_CONNECTION' });
  });
});

describe('SMTP email: test()', () => {
  it('passes when the server accepts the login', async () => {
    const result = await smtp().test();
    expect(result).toEqual({
      ok: true,
      checks: [{ name: 'SMTP server', ok: true, detail: `Connected to 127.0.0.1:${server.port} and logged in as ${LOGIN.user}` }],
    });
  });

  it('fails on a wrong password, pointing at the credentials', async () => {
    const result = await smtp({}, { user: LOGIN.user, pass: 'wrong' }).test();
    expect(result.ok).toBe(false);
    expect(result.checks[0]).toMatchObject({ ok: false, detail: expect.stringContaining('535'), hint: expect.stringContaining('password') });
  });
});

describe('SMTP email: the password never leaks', () => {
  it('is scrubbed from outcomes, test() results and log lines, even when the server echoes it', async () => {
    const echoing = await startSmtpTestServer({ login: { user: LOGIN.user, pass: 'something-else' }, quoteRejectedLogin: true });
    try {
      const { logger, lines } = captureLogger();
      const channel = smtp({ port: echoing.port }, { user: LOGIN.user, pass: LOGIN.pass }, { logger });
      const produced = [await channel.send({ to: CLIENT, subject: 'x', text: 'x' }), await channel.test()];

      expect(JSON.stringify(produced)).toContain('[redacted]');
      expect(lines).toHaveLength(2);
      expect(JSON.stringify(produced)).not.toContain(LOGIN.pass);
      expect(lines.join('\n')).not.toContain(LOGIN.pass);
    } finally {
      await echoing.close();
    }
  });
});
