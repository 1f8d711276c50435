/**
 * Email through the tenant's SMTP server (nodemailer): a text part plus an HTML part derived from it.
 * One connection per message — notifications trickle out one job at a time, and a pool would need a
 * close() the Channel contract does not have.
 */
import nodemailer from 'nodemailer';
import { z } from 'zod';
import { NotificationChannel } from '../../notifications/notification.enums.ts';
import type { Channel, ChannelTestResult, OutgoingMessage } from '../channel.ts';
import { createFailureReporter, DEFAULT_TIMEOUT_MS, failedProbe, type ProviderOptions } from '../delivery-failure.ts';
import { textToHtml } from './email-html.ts';
import { classifySmtpError } from './smtp.errors.ts';
import type { SmtpSecrets, SmtpSettings } from './smtp.schemas.ts';

const emailAddress = z.email();
const MAX_DERIVED_SUBJECT = 100;

export function createSmtpChannel(settings: SmtpSettings, secrets: SmtpSecrets, options: ProviderOptions = {}): Channel {
  const reporter = createFailureReporter({ provider: 'smtp', secrets: [secrets.pass], logger: options.logger });
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const transporter = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    auth: secrets.user ? { user: secrets.user, pass: secrets.pass } : undefined,
    // Every phase gets the bound, so a server that stalls cannot hold a delivery worker.
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
  const failure = (error: unknown) => {
    const classified = classifySmtpError(error);
    return reporter.fail(classified.kind, classified.code, classified.message);
  };

  return {
    channel: NotificationChannel.EMAIL,
    provider: 'smtp',

    async send(message) {
      if (!emailAddress.safeParse(message.to).success) {
        return reporter.fail('permanent', 'SMTP_INVALID_RECIPIENT', 'the recipient is not a valid email address');
      }
      try {
        const info = await transporter.sendMail({
          from: settings.fromName ? { name: settings.fromName, address: settings.from } : settings.from,
          to: message.recipientName ? { name: message.recipientName, address: message.to } : message.to,
          replyTo: settings.replyTo,
          // nodemailer folds header values onto one line, so a rendered subject cannot inject headers.
          subject: message.subject ?? derivedSubject(message),
          text: message.text,
          html: message.html ?? textToHtml(message.text),
        });
        return { ok: true, providerMessageId: info.messageId, raw: { response: reporter.redact(info.response) } };
      } catch (error) {
        return failure(error);
      }
    },

    async test(): Promise<ChannelTestResult> {
      try {
        await transporter.verify();
      } catch (error) {
        return failedProbe('SMTP server', failure(error), 'Check host, port and `secure`, and the SMTP user and password');
      }
      const login = secrets.user ? ` and logged in as ${secrets.user}` : '';
      return { ok: true, checks: [{ name: 'SMTP server', ok: true, detail: `Connected to ${settings.host}:${settings.port}${login}` }] };
    },
  };
}

/** Without a subject, mail filters frown: the text's first line stands in. */
function derivedSubject(message: OutgoingMessage): string {
  const firstLine = message.text.trim().split('\n')[0].trim();
  return firstLine.length > MAX_DERIVED_SUBJECT ? `${firstLine.slice(0, MAX_DERIVED_SUBJECT - 1)}…` : firstLine;
}
