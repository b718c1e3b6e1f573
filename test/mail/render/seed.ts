/**
 * Messages for the message-view tests, stored the way sync stores them
 * (parsed by the real parser, encrypted and inserted by `storeBatch`) but
 * without IMAP: the view reads the database only, and this keeps the
 * hostile and torture suites fast.
 */
import type { Services } from "../../../src/services.ts";
import { createMailAccount, type MailAccount } from "../../../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders, type Folder } from "../../../src/mail/folders.ts";
import { parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { identityKeys } from "../../../src/mail/message-identity.ts";
import { storeBatch } from "../../../src/mail/sync/store.ts";
import { createTestUser, type TestUser } from "../../support/users.ts";

export interface SeededMailbox {
  user: TestUser;
  account: MailAccount;
  inbox: Folder;
  folders: Folder[];
  /** Parses and stores one raw message in INBOX; returns its message id. */
  store(raw: string | Uint8Array, options?: { flags?: string[] }): Promise<string>;
}

let uid = 0;

export async function seedMailbox(services: Services, user?: TestUser): Promise<SeededMailbox> {
  const owner = user ?? (await createTestUser(services));
  const account = await createMailAccount(services.sql, owner.dataKey, owner.user.id, {
    label: "Arbeit",
    host: "imap.example.org",
    port: 993,
    security: "tls",
    username: "me",
    password: "imap password",
  });
  await saveDiscoveredFolders(services.sql, owner.user.id, account.id, [
    { path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" },
    { path: "Archive", name: "Archive", delimiter: "/", specialUse: "archive" },
    { path: "Trash", name: "Trash", delimiter: "/", specialUse: "trash" },
  ]);
  const folders = await listFolders(services.sql, owner.user.id, account.id);
  const inbox = folders.find((folder) => folder.specialUse === "inbox")!;
  return {
    user: owner,
    account,
    inbox,
    folders,
    async store(raw, options = {}) {
      const bytes = typeof raw === "string" ? new TextEncoder().encode(raw) : raw;
      const parsed = await parseMessage(bytes);
      const messageUid = ++uid;
      await storeBatch(services.sql, { userId: owner.user.id, accountId: account.id, folderId: inbox.id, uidvalidity: 1n, dataKey: owner.dataKey, identity: identityKeys(owner.dataKey) }, [
        { uid: messageUid, flags: options.flags ?? [], modseq: null, internalDate: new Date(), size: bytes.byteLength, parsed },
      ]);
      const [row] = await services.sql<{ messageId: string }[]>`select message_id as "messageId" from message_copies where folder_id = ${inbox.id} and uid = ${messageUid}`;
      return row!.messageId;
    },
  };
}

export interface MimePart {
  contentType: string;
  filename?: string;
  contentId?: string;
  inline?: boolean;
  content: Uint8Array | string;
}

/**
 * An HTML mail (with a plain-text alternative) and optional attachments, as
 * an RFC 5322 text with CRLF line ends.
 */
export function htmlMail(m: {
  from?: string;
  to?: string;
  cc?: string;
  subject: string;
  html: string;
  text?: string;
  parts?: MimePart[];
  messageId?: string;
  inReplyTo?: string;
  date?: Date;
}): string {
  const boundary = (name: string) => `=_${name}_${crypto.randomUUID()}`;
  const mixed = boundary("mixed");
  const alternative = boundary("alt");
  const base64 = (content: Uint8Array | string) => Buffer.from(content).toString("base64").replace(/.{76}/g, "$&\r\n");
  const headers = [
    `From: ${m.from ?? "Anna Beispiel <anna@example.org>"}`,
    `To: ${m.to ?? "me@example.org"}`,
    ...(m.cc ? [`Cc: ${m.cc}`] : []),
    `Subject: =?UTF-8?B?${Buffer.from(m.subject).toString("base64")}?=`,
    `Date: ${(m.date ?? new Date("2026-11-20T09:30:00Z")).toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: ${m.messageId ?? `<${crypto.randomUUID()}@mailhelper.test>`}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`, `References: ${m.inReplyTo}`] : []),
    "MIME-Version: 1.0",
    `Content-Type: multipart/mixed; boundary="${mixed}"`,
  ];
  const lines = [
    ...headers,
    "",
    `--${mixed}`,
    `Content-Type: multipart/alternative; boundary="${alternative}"`,
    "",
    `--${alternative}`,
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64(m.text ?? "Plain text of the message."),
    `--${alternative}`,
    "Content-Type: text/html; charset=utf-8",
    "Content-Transfer-Encoding: base64",
    "",
    base64(m.html),
    `--${alternative}--`,
  ];
  for (const part of m.parts ?? []) {
    lines.push(
      `--${mixed}`,
      `Content-Type: ${part.contentType}${part.filename ? `; name="${part.filename}"` : ""}`,
      "Content-Transfer-Encoding: base64",
      `Content-Disposition: ${part.inline ? "inline" : "attachment"}${part.filename ? `; filename*=UTF-8''${encodeURIComponent(part.filename)}` : ""}`,
      ...(part.contentId ? [`Content-ID: <${part.contentId}>`] : []),
      "",
      base64(part.content),
    );
  }
  lines.push(`--${mixed}--`, "");
  return lines.join("\r\n");
}

/** A 1×1 red PNG. */
export const TINY_PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "base64");
