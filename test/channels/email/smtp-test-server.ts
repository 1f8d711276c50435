/**
 * A real SMTP server (the `smtp-server` package) on a free loopback port, with the refusals the
 * SMTP channel must tell apart: a recipient refused with 550/553, a message deferred with 451,
 * and a login that is required and can be wrong.
 */
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface ReceivedMail {
  from: string | false;
  to: string[];
  user?: string;
  raw: string;
}

export interface SmtpTestServerOptions {
  /** When set, every session must log in with these credentials. */
  login?: { user: string; pass: string };
  /** Refuse a bad login quoting the credentials back, as some careless servers do. */
  quoteRejectedLogin?: boolean;
  /** Recipients refused at RCPT TO, with the reply code and text. */
  refuse?: Record<string, { code: number; text: string }>;
}

export interface SmtpTestServer {
  port: number;
  received: ReceivedMail[];
  /** The next message is answered 451 after DATA: "try again later". */
  deferNextMessage(): void;
  close(): Promise<void>;
}

const smtpError = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

export async function startSmtpTestServer(options: SmtpTestServerOptions = {}): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  let deferNext = false;

  const serverOptions: SMTPServerOptions = {
    logger: false,
    // Plain connections keep the test about SMTP replies, not certificates.
    disabledCommands: options.login ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    allowInsecureAuth: true,
    authOptional: !options.login,
    onAuth(auth, _session, done) {
      const { login } = options;
      if (login && auth.username === login.user && auth.password === login.pass) return done(null, { user: auth.username });
      const quoted = options.quoteRejectedLogin ? ` (${auth.username}:${auth.password})` : '';
      done(smtpError(535, `5.7.8 Authentication credentials invalid${quoted}`));
    },
    onRcptTo(address, _session, done) {
      const refusal = options.refuse?.[address.address];
      done(refusal ? smtpError(refusal.code, refusal.text) : null);
    },
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (deferNext) {
          deferNext = false;
          return done(smtpError(451, '4.3.0 Temporary system problem, try again later'));
        }
        received.push({
          from: session.envelope.mailFrom && session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          user: session.user as string | undefined,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  };
  const server = new SMTPServer(serverOptions);

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  return {
    port,
    received,
    deferNextMessage: () => {
      deferNext = true;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
