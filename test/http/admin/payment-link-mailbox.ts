/**
 * A local SMTP server for the email tests (S21): listens on 127.0.0.1 and a random port, takes every
 * message (refusing recipients while `refuse` says so) and keeps it parsed, as a customer's inbox would.
 */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A running mailbox. */
export interface Mailbox {
  /** `smtp://127.0.0.1:<port>` */
  url: string;
  /** Every message taken, in order. */
  messages: ParsedMail[];
  /** Recipients the server refuses (SMTP 550) while they match. */
  refuse: RegExp | null;
  /** Resolves with the `count`-th message (1-based) once it arrived. */
  waitFor(count: number, timeoutMs?: number): Promise<ParsedMail>;
  close(): Promise<void>;
}

/** Starts a mailbox. */
export async function startMailbox(): Promise<Mailbox> {
  const messages: ParsedMail[] = [];
  const box: Mailbox = {
    url: '',
    messages,
    refuse: null,
    async waitFor(count, timeoutMs = 5000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < count) {
        if (Date.now() > until) throw new Error(`expected ${count} messages, got ${messages.length}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return messages[count - 1]!;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (box.refuse?.test(address.address)) {
        const err = Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 });
        return callback(err);
      }
      return callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
  box.url = `smtp://127.0.0.1:${address.port}`;
  return box;
}
