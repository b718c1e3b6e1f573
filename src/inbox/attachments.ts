/**
 * A message's attachments: their (decrypted) names and types for the page,
 * their content for downloads, and the raster images its HTML references by
 * `cid:`, embedded as data: URLs (the sandboxed frame has no origin of
 * ours, so it could not fetch them with the user's session anyway).
 */
import { isUuid } from "../ids.ts";
import { decrypt, decryptText } from "../crypto/aead.ts";
import type { Sql } from "../db/connection.ts";
import type { OwnMessage } from "./message.ts";

export interface AttachmentInfo {
  id: string;
  filename: string | null;
  contentType: string;
  contentId: string | null;
  size: number;
  inline: boolean;
  /** False when the content was too large to keep (only the server copy has it). */
  stored: boolean;
}

/** Shown inline (in the frame, from cid:) only these: decoders browsers harden, no script, no markup. */
export const RASTER_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;

/** Embedded images per message: beyond this the frame shows the placeholder, and the attachment list still has them. */
const MAX_INLINE_IMAGE_BYTES = 10 * 1024 * 1024;

interface Row {
  id: string;
  size: number;
  inline: boolean;
  stored: boolean;
  metaEncrypted: Uint8Array;
}

function readMeta(message: OwnMessage, row: Row): AttachmentInfo {
  const meta = JSON.parse(decryptText(message.dataKey, row.metaEncrypted, { owner: message.userId, purpose: `attachment-meta:${row.id}` })) as Record<string, unknown>;
  return {
    id: row.id,
    filename: typeof meta.filename === "string" && meta.filename ? meta.filename : null,
    contentType: typeof meta.contentType === "string" ? meta.contentType.toLowerCase() : "application/octet-stream",
    contentId: typeof meta.contentId === "string" && meta.contentId ? meta.contentId : null,
    size: row.size,
    inline: row.inline,
    stored: row.stored,
  };
}

export async function listAttachments(sql: Sql, message: OwnMessage): Promise<AttachmentInfo[]> {
  const rows = await sql<Row[]>`
    select id, size, inline, content_encrypted is not null as stored, meta_encrypted as "metaEncrypted"
    from attachments where message_id = ${message.id} and user_id = ${message.userId} order by part_index`;
  return rows.map((row) => readMeta(message, row));
}

/** One attachment with its content; undefined for an id that is not this message's. */
export async function attachmentContent(sql: Sql, message: OwnMessage, attachmentId: string): Promise<{ info: AttachmentInfo; content: Uint8Array | null } | undefined> {
  if (!isUuid(attachmentId)) return undefined;
  const [row] = await sql<(Row & { contentEncrypted: Uint8Array | null })[]>`
    select id, size, inline, content_encrypted is not null as stored, meta_encrypted as "metaEncrypted", content_encrypted as "contentEncrypted"
    from attachments where id = ${attachmentId} and message_id = ${message.id} and user_id = ${message.userId}`;
  if (!row) return undefined;
  const content = row.contentEncrypted ? decrypt(message.dataKey, row.contentEncrypted, { owner: message.userId, purpose: `attachment:${row.id}` }) : null;
  return { info: readMeta(message, row), content };
}

/** Content-ID (lower case) → data: URL, for the raster images the HTML may reference. */
export async function inlineImages(sql: Sql, message: OwnMessage, attachments: AttachmentInfo[]): Promise<Map<string, string>> {
  const images = new Map<string, string>();
  let budget = MAX_INLINE_IMAGE_BYTES;
  for (const attachment of attachments) {
    if (!attachment.contentId || !attachment.stored || !(RASTER_TYPES as readonly string[]).includes(attachment.contentType) || attachment.size > budget) continue;
    const loaded = await attachmentContent(sql, message, attachment.id);
    if (!loaded?.content) continue;
    budget -= loaded.content.byteLength;
    images.set(attachment.contentId.toLowerCase(), `data:${attachment.contentType};base64,${Buffer.from(loaded.content).toString("base64")}`);
  }
  return images;
}
