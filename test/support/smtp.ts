/**
 * A real SMTP receiver in the test process (npm `smtp-server`), on a free
 * port of 127.0.0.1. It accepts any sender, recipient and password and keeps
 * every message it receives.
 *
 * @example
 * const smtp = await startSmtpReceiver();
 * // ... let the app send to smtp.host:smtp.port ...
 * const [mail] = await smtp.waitForMessages(1);
 * await smtp.stop();
 */
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";

export interface ReceivedMessage {
  /** MAIL FROM address ("" for a bounce). */
  from: string;
  /** RCPT TO addresses, in order. */
  to: string[];
  /** The DATA as sent, dot-unstuffed, CRLF line ends. */
  raw: string;
  /** Set when the client authenticated; any password is accepted. */
  auth?: { username: string };
}

export interface SmtpReceiver {
  host: string;
  port: number;
  messages: ReceivedMessage[];
  /** Resolves with all messages once at least `count` arrived; rejects after the timeout. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  stop(): Promise<void>;
}

export interface SmtpReceiverOptions {
  /** Refuse MAIL FROM before AUTH (530), like a submission server. Default false. */
  requireAuth?: boolean;
}

export async function startSmtpReceiver(options: SmtpReceiverOptions = {}): Promise<SmtpReceiver> {
  const messages: ReceivedMessage[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    authOptional: !options.requireAuth,
    // Tests speak plain SMTP on loopback; without this smtp-server refuses AUTH before STARTTLS.
    allowInsecureAuth: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    // A test that forgets to QUIT should not hold stop() for the default 30 s.
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username ?? "" });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const mailFrom = session.envelope.mailFrom;
        messages.push({
          from: mailFrom ? mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          ...(session.user !== undefined ? { auth: { username: String(session.user) } } : {}),
        });
        for (const wake of waiters) wake();
        callback();
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  return {
    host: "127.0.0.1",
    port,
    messages,
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(messages);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`SMTP receiver on port ${port}: expected ${count} message(s) within ${timeoutMs} ms, got ${messages.length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
