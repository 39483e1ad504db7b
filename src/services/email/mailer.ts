/**
 * Sending email over SMTP (S21) with nodemailer, behind a one-method seam so services and tests speak
 * of messages, not transports. The SMTP URL carries a password: it is never logged or shown.
 * nodemailer (some 40 modules, 650 KB of source) is loaded only when SMTP is set up: a payport that
 * sends no email does not keep it in memory.
 */
import type { EmailConfig } from '../../config.js';

/** One message to send: a subject, plain text and simple HTML of the same content. */
export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  lang: 'en' | 'ar';
  /** A stable Message-ID (`<…@host>`), so a repeated send after a crash is recognisable as the same mail. */
  messageId?: string;
}

/** Sends email; rejects when the server did not take the message. */
export interface Mailer {
  /** The sender address mail goes out from. */
  readonly from: string;
  send(message: OutgoingEmail): Promise<void>;
  close(): void;
}

/** A mailer over the SMTP server of `config` (pooled connections, bounded waits). */
export async function createSmtpMailer(config: EmailConfig): Promise<Mailer> {
  const { default: nodemailer } = await import('nodemailer');
  const url = new URL(config.smtpUrl);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  const transport = nodemailer.createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(user && { auth: { user, pass: decodeURIComponent(url.password) } }),
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    from: config.from,
    async send(message) {
      await transport.sendMail({
        from: config.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: { 'Content-Language': message.lang },
        ...(message.messageId && { messageId: message.messageId }),
      });
    },
    close() {
      transport.close();
    },
  };
}

/** A short reason for a failed send, safe to store and show (no credentials, one line). */
export function sendFailureReason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text
    .replace(/\/\/[^@/\s]*@/g, '//')
    .replace(/\s+/g, ' ')
    .slice(0, 300);
}
