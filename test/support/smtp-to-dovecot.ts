/**
 * A real submission server (npm `smtp-server`) that delivers each accepted
 * message into the recipients' mailboxes on the test Dovecot by IMAP APPEND
 * to their INBOX, so a test reads what was sent back over IMAP. It checks
 * the login (one user name and password), and speaks implicit TLS,
 * STARTTLS or plain text as asked (plain text without STARTTLS lets a test
 * see "STARTTLS required" refused).
 *
 * @example
 *   const relay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": bobBox }, username: "anna", password: "pw" });
 *   // ... the app sends through 127.0.0.1:relay.port ...
 *   await relay.stop();
 */
import { mkdtempSync, readFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";
import { SMTPServer } from "smtp-server";
import { imapFlowOptions, type TestMailbox } from "./dovecot.ts";
import { makeSelfSignedCertificate } from "./tls.ts";

export interface SmtpToDovecotOptions {
  /** Recipient address (lower case) → the mailbox it is delivered to; other recipients are refused with 550. */
  mailboxes: Record<string, TestMailbox>;
  username: string;
  password: string;
  /** "plain": no TLS at all (STARTTLS not offered); "starttls": offered; "tls": implicit TLS. Default "starttls". */
  security?: "plain" | "starttls" | "tls";
  /** Recipients answered with 451 (try again later), for as long as they are in the set. */
  tempfail?: Set<string>;
}

export interface SmtpToDovecot {
  host: string;
  port: number;
  /** PEM of the server's self-signed certificate (for "tls" and "starttls"). */
  ca: string;
  /** Every delivered message's raw text, in order. */
  delivered: string[];
  /** Logins the server refused. */
  refusedLogins: number;
  stop(): Promise<void>;
}

async function appendToInbox(box: TestMailbox, raw: Buffer): Promise<void> {
  const client = new ImapFlow(imapFlowOptions(box));
  await client.connect();
  try {
    await client.append("INBOX", raw);
  } finally {
    await client.logout();
  }
}

export async function startSmtpToDovecot(options: SmtpToDovecotOptions): Promise<SmtpToDovecot> {
  const security = options.security ?? "starttls";
  const certificate = makeSelfSignedCertificate(mkdtempSync(join(tmpdir(), "mailhelper-smtp-")));
  const delivered: string[] = [];
  const state = { refusedLogins: 0 };
  const server = new SMTPServer({
    secure: security === "tls",
    key: readFileSync(certificate.keyFile),
    cert: readFileSync(certificate.certFile),
    // Plain text only in the "plain" mode, which exists to be refused or allowed explicitly.
    allowInsecureAuth: security === "plain",
    disabledCommands: security === "plain" ? ["STARTTLS"] : [],
    authMethods: ["PLAIN", "LOGIN"],
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (auth.username === options.username && auth.password === options.password) return callback(null, { user: auth.username });
      state.refusedLogins++;
      const error = Object.assign(new Error("Authentication credentials invalid"), { responseCode: 535 });
      callback(error);
    },
    onRcptTo(address, _session, callback) {
      if (options.tempfail?.has(address.address.toLowerCase())) return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
      if (options.mailboxes[address.address.toLowerCase()]) return callback();
      callback(Object.assign(new Error("No such user here"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("error", callback);
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        const boxes = [...new Set(session.envelope.rcptTo.map((rcpt) => options.mailboxes[rcpt.address.toLowerCase()]!))];
        Promise.all(boxes.map((box) => appendToInbox(box, raw)))
          .then(() => {
            delivered.push(raw.toString("utf8"));
            callback();
          })
          .catch((error: Error) => callback(Object.assign(error, { responseCode: 451 })));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  server.on("error", () => {});
  const { port } = server.server.address() as AddressInfo;
  return {
    host: "127.0.0.1",
    port,
    ca: certificate.pem,
    delivered,
    get refusedLogins() {
      return state.refusedLogins;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
