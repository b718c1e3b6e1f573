/**
 * A stored message, decrypted into what an analyser reads (AnalysisInput),
 * with the context only the database knows: the user's own addresses,
 * whether it answers the user's own mail, the user's tags.
 */
import { normalizeEmail } from "../email-address.ts";
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import type { MailAddress, SelectedHeaders } from "../mail/parse/types.ts";
import { identityKeys, messageIdHash } from "../mail/message-identity.ts";
import { userTagNames } from "./tags.ts";
import type { AnalysisInput } from "./types.ts";

export interface MessageForAnalysis {
  input: AnalysisInput;
  accountId: string;
  threadId: string;
  /** The normalised From address, for the sender pattern; null when there is none or it is the user's own. */
  sender: string | null;
}

interface HeaderDocument {
  subject?: string;
  from?: MailAddress[];
  to?: MailAddress[];
  cc?: MailAddress[];
  replyTo?: MailAddress[];
  date?: string | null;
  inReplyTo?: string | null;
  headers?: SelectedHeaders;
}

const bind = (userId: string, messageId: string, purpose: string) => ({ owner: userId, purpose: `${purpose}:${messageId}` });

/** The user's sign-in address and the user names of their mailboxes that are addresses. */
export async function ownAddresses(sql: Sql, dataKey: SecretKey, userId: string): Promise<string[]> {
  const [user] = await sql<{ email: string }[]>`select email from users where id = ${userId}`;
  const accounts = await sql<{ id: string; username: Uint8Array }[]>`select id, imap_username_encrypted as username from mail_accounts where user_id = ${userId}`;
  const names = accounts.map((account) => decryptText(dataKey, account.username, { owner: userId, purpose: `imap-username:${account.id}` }));
  return [...new Set([user?.email ?? "", ...names].filter((name) => name.includes("@")).map(normalizeEmail))];
}

/** An address without its plus tag ("anna+shop@x" is anna@x), for telling the user's own addresses. */
export const withoutPlusTag = (address: string) => address.replace(/\+[^@]*@/, "@");

/**
 * The From address whose pattern the message teaches and reads, or null:
 * the user's own mail (an own address, with any plus tag, or a copy in Sent
 * or Drafts, which also covers aliases) must never teach what the user's
 * mail "usually is", or a correction of one reply would colour all of them.
 */
function patternSender(from: MailAddress[], own: string[], roles: string[]): string | null {
  const address = from[0]?.address ? normalizeEmail(from[0].address) : null;
  if (!address || roles.includes("sent") || roles.includes("drafts")) return null;
  const bare = withoutPlusTag(address);
  return own.some((mine) => withoutPlusTag(mine) === bare) ? null : address;
}

/** The message it answers is one the user sent (a copy in a Sent folder). */
async function answersOwnMail(sql: Sql, dataKey: SecretKey, userId: string, accountId: string, inReplyTo: string | null | undefined): Promise<boolean> {
  if (!inReplyTo) return false;
  const [row] = await sql`
    select 1 from messages m join message_copies c on c.message_id = m.id join folders f on f.id = c.folder_id
    where m.user_id = ${userId} and m.account_id = ${accountId} and m.message_id_hash = ${messageIdHash(identityKeys(dataKey), inReplyTo)}
      and f.special_use = 'sent' limit 1`;
  return Boolean(row);
}

/** The roles of the folders holding the message's server copies (no role: left out). */
async function folderRoles(sql: Sql, messageId: string): Promise<string[]> {
  const rows = await sql<{ role: string }[]>`
    select distinct f.special_use as role from message_copies c join folders f on f.id = c.folder_id where c.message_id = ${messageId} and f.special_use is not null`;
  return rows.map((row) => row.role);
}

/** "junk" when a server copy is in the account's Junk role folder (the server's spam verdict), else the role of some copy's folder, or null. */
const mainRole = (roles: string[]) => (roles.includes("junk") ? "junk" : (roles[0] ?? null));

/** The file names of the message's attachments that are not inline parts (for risky types). */
async function attachmentNames(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<string[]> {
  const rows = await sql<{ id: string; meta: Uint8Array }[]>`
    select id, meta_encrypted as meta from attachments where message_id = ${messageId} and user_id = ${userId} and not inline order by part_index limit ${MAX_ATTACHMENT_NAMES}`;
  return rows.flatMap((row) => {
    const meta = JSON.parse(decryptText(dataKey, row.meta, { owner: userId, purpose: `attachment-meta:${row.id}` })) as { filename?: string | null };
    return meta.filename ? [meta.filename] : [];
  });
}
/** Phishing needs one risky attachment; more names only cost decryption. */
const MAX_ATTACHMENT_NAMES = 20;

/** Null when the message is not the user's (or no longer exists). */
export async function loadMessageForAnalysis(sql: Sql, dataKey: SecretKey, userId: string, messageId: string): Promise<MessageForAnalysis | null> {
  const [row] = await sql<
    { accountId: string; threadId: string; headers: Uint8Array; rawHeaders: Uint8Array | null; text: Uint8Array | null; html: Uint8Array | null; hasAttachments: boolean; isCalendar: boolean }[]
  >`
    select account_id as "accountId", thread_id as "threadId", headers_encrypted as headers, raw_headers_encrypted as "rawHeaders",
           text_encrypted as text, html_encrypted as html, has_attachments as "hasAttachments", is_calendar as "isCalendar"
    from messages where id = ${messageId} and user_id = ${userId}`;
  if (!row) return null;
  const headers = JSON.parse(decryptText(dataKey, row.headers, bind(userId, messageId, "message-headers"))) as HeaderDocument;
  const [own, repliesToOwnMail, userTags, roles, attachments] = await Promise.all([
    ownAddresses(sql, dataKey, userId),
    answersOwnMail(sql, dataKey, userId, row.accountId, headers.inReplyTo),
    userTagNames(sql, dataKey, userId),
    folderRoles(sql, messageId),
    row.hasAttachments ? attachmentNames(sql, dataKey, userId, messageId) : Promise.resolve([]),
  ]);
  const from = headers.from ?? [];
  return {
    accountId: row.accountId,
    threadId: row.threadId,
    sender: patternSender(from, own, roles),
    input: {
      subject: headers.subject ?? "",
      from,
      to: headers.to ?? [],
      cc: headers.cc ?? [],
      replyTo: headers.replyTo ?? [],
      headers: headers.headers ?? {},
      rawHeaders: row.rawHeaders ? decryptText(dataKey, row.rawHeaders, bind(userId, messageId, "message-raw-headers")) : "",
      text: row.text ? decryptText(dataKey, row.text, bind(userId, messageId, "message-text")) : "",
      html: row.html ? decryptText(dataKey, row.html, bind(userId, messageId, "message-html")) : null,
      attachmentNames: attachments,
      folderRole: mainRole(roles),
      date: headers.date ?? null,
      hasAttachments: row.hasAttachments,
      isCalendar: row.isCalendar,
      ownAddresses: own,
      repliesToOwnMail,
      userTags,
    },
  };
}
