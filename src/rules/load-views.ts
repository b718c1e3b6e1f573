/**
 * Message views for rules, many at once: one query for the messages with
 * their analyses, folders and tags, decrypted under the user's data key.
 * Only what the rules at hand ask for is decrypted beyond the headers (the
 * body, the raw header block, attachment names), so a run of sender rules
 * over all mail does not decrypt every body.
 */
import { decryptText } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable } from "../db/connection.ts";
import type { Category, Level } from "../analysis/types.ts";
import type { MailAddress, SelectedHeaders } from "../mail/parse/types.ts";
import { vipSenderHash } from "../senders/vip.ts";
import { vipCandidates } from "../senders/vip-value.ts";
import type { MessageView } from "./message-view.ts";
import type { Condition, RuleDefinition } from "./rule-schema.ts";

/** What the rules need decrypted beyond the headers. */
export interface ViewNeeds {
  body: boolean;
  rawHeaders: boolean;
  attachments: boolean;
  vip: boolean;
}

export function viewNeeds(definitions: RuleDefinition[]): ViewNeeds {
  const needs: ViewNeeds = { body: false, rawHeaders: false, attachments: false, vip: false };
  const walk = (node: Condition) => {
    if (node.type === "all" || node.type === "any") node.conditions.forEach(walk);
    else if (node.type === "not") walk(node.condition);
    else if (node.type === "text" && node.field === "body") needs.body = true;
    else if (node.type === "header") needs.rawHeaders = true;
    else if (node.type === "has-attachment" && node.fileType) needs.attachments = true;
    else if (node.type === "vip-sender") needs.vip = true;
  };
  for (const definition of definitions) walk(definition.condition);
  return needs;
}

interface Row {
  id: string;
  accountId: string;
  headers: Uint8Array;
  rawHeaders: Uint8Array | null;
  text: Uint8Array | null;
  size: number;
  date: Date;
  storedAt: Date;
  hasAttachments: boolean;
  folderIds: string[];
  tagIds: string[];
  category: Category | null;
  spam: boolean | null;
  newsletter: boolean | null;
  phishing: boolean | null;
  urgency: Level | null;
  importance: Level | null;
  language: string | null;
}

interface HeaderDocument {
  subject?: string;
  from?: MailAddress[];
  to?: MailAddress[];
  cc?: MailAddress[];
  replyTo?: MailAddress[];
  headers?: SelectedHeaders;
}

const bind = (userId: string, messageId: string, purpose: string) => ({ owner: userId, purpose: `${purpose}:${messageId}` });

/** The user's VIP entries' hashes: at most MAX_VIP_SENDERS, compared in memory for every message of the batch. */
async function vipHashes(sql: Queryable, userId: string): Promise<Set<string>> {
  const rows = await sql<{ hash: Uint8Array }[]>`select value_hash as hash from vip_senders where user_id = ${userId}`;
  return new Set(rows.map((row) => Buffer.from(row.hash).toString("hex")));
}

function isVip(dataKey: SecretKey, hashes: Set<string>, from: MailAddress[]): boolean {
  const candidates = hashes.size > 0 && from[0]?.address ? vipCandidates(from[0].address) : null;
  if (!candidates) return false;
  if (hashes.has(vipSenderHash(dataKey, "address", candidates.address).toString("hex"))) return true;
  return candidates.domains.some((domain) => hashes.has(vipSenderHash(dataKey, "domain", domain).toString("hex")));
}

async function attachmentsOf(sql: Queryable, dataKey: SecretKey, userId: string, ids: string[]): Promise<Map<string, MessageView["attachments"]>> {
  const rows = await sql<{ id: string; messageId: string; meta: Uint8Array }[]>`
    select id, message_id as "messageId", meta_encrypted as meta from attachments
    where user_id = ${userId} and message_id = any(${ids}::uuid[]) and not inline order by part_index`;
  const byMessage = new Map<string, MessageView["attachments"]>();
  for (const row of rows) {
    const meta = JSON.parse(decryptText(dataKey, row.meta, { owner: userId, purpose: `attachment-meta:${row.id}` })) as { filename?: string | null; contentType?: string | null };
    byMessage.set(row.messageId, [...(byMessage.get(row.messageId) ?? []), { filename: meta.filename ?? null, contentType: meta.contentType ?? null }]);
  }
  return byMessage;
}

/** Views of the user's messages among `ids` (others are left out), in the order of `ids`. */
export async function loadMessageViews(sql: Queryable, dataKey: SecretKey, userId: string, ids: string[], needs: ViewNeeds): Promise<MessageView[]> {
  if (ids.length === 0) return [];
  const rows = await sql<Row[]>`
    select m.id, m.account_id as "accountId", m.headers_encrypted as headers,
           ${needs.rawHeaders ? sql`m.raw_headers_encrypted` : sql`null::bytea`} as "rawHeaders",
           ${needs.body ? sql`m.text_encrypted` : sql`null::bytea`} as text,
           m.size, m.list_date as date, m.created_at as "storedAt", m.has_attachments as "hasAttachments",
           array(select c.folder_id from message_copies c where c.message_id = m.id) as "folderIds",
           array(select t.tag_id from message_tags t where t.message_id = m.id and t.user_id = ${userId}) as "tagIds",
           a.category, a.spam, a.newsletter, a.phishing, a.urgency, a.importance, a.language
    from messages m left join analyses a on a.message_id = m.id and a.user_id = ${userId}
    where m.user_id = ${userId} and m.id = any(${ids}::uuid[])`;
  const [vips, attachments] = await Promise.all([
    needs.vip ? vipHashes(sql, userId) : Promise.resolve(new Set<string>()),
    needs.attachments ? attachmentsOf(sql, dataKey, userId, ids) : Promise.resolve(new Map<string, MessageView["attachments"]>()),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    if (!row) return [];
    const headers = JSON.parse(decryptText(dataKey, row.headers, bind(userId, id, "message-headers"))) as HeaderDocument;
    const from = headers.from ?? [];
    const view: MessageView = {
      id,
      accountId: row.accountId,
      subject: headers.subject ?? "",
      from,
      to: headers.to ?? [],
      cc: headers.cc ?? [],
      replyTo: headers.replyTo ?? [],
      listId: headers.headers?.["list-id"] ?? null,
      rawHeaders: row.rawHeaders ? decryptText(dataKey, row.rawHeaders, bind(userId, id, "message-raw-headers")) : "",
      body: row.text ? decryptText(dataKey, row.text, bind(userId, id, "message-text")) : "",
      size: row.size,
      date: row.date,
      storedAt: row.storedAt,
      hasAttachments: row.hasAttachments,
      attachments: attachments.get(id) ?? [],
      folderIds: row.folderIds,
      tagIds: row.tagIds,
      analysis:
        row.category === null
          ? null
          : { category: row.category, spam: row.spam!, newsletter: row.newsletter!, phishing: row.phishing!, urgency: row.urgency!, importance: row.importance!, language: row.language },
      vip: needs.vip && isVip(dataKey, vips, from),
    };
    return [view];
  });
}
