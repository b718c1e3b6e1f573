/**
 * The frame's document for a message, rendered once per view. The page
 * request sanitises the HTML (it needs the count of blocked images) and
 * keeps the result a few seconds for the frame's request that follows, so a
 * large mail is not sanitised twice (a 2 MB mail took 5.4 s to open). A miss
 * (another process, a reload later) simply renders again.
 */
import type { Services } from "../../../../services.ts";
import type { SanitizedHtml } from "../../../../mail/render/sanitize.ts";
import type { AttachmentInfo } from "../../../../inbox/attachments.ts";
import type { OwnMessage } from "../../../../inbox/message.ts";
import { renderMessageHtml } from "../../../../inbox/message-html.ts";

/** Long enough for the frame's request to follow the page's; short, as the entries are decrypted mail. */
const KEEP_MS = 30_000;
/** At most this many UTF-16 units kept in all (two of the largest HTML parts, MAX_HTML_CHARS each). */
const KEEP_CHARS = 4_000_000;

const kept = new Map<string, { html: string; until: number }>();
let keptChars = 0;

const keyOf = (message: OwnMessage, allowRemote: boolean) => `${message.userId}:${message.id}:${allowRemote}`;

function forget(key: string): void {
  const entry = kept.get(key);
  if (!entry) return;
  kept.delete(key);
  keptChars -= entry.html.length;
}

function keep(key: string, html: string): void {
  forget(key);
  const now = Date.now();
  for (const [old, entry] of kept) if (entry.until <= now || keptChars + html.length > KEEP_CHARS) forget(old);
  if (keptChars + html.length > KEEP_CHARS) return;
  kept.set(key, { html, until: now + KEEP_MS });
  keptChars += html.length;
}

const render = (services: Services, message: OwnMessage, allowRemote: boolean, attachments?: AttachmentInfo[]): Promise<SanitizedHtml> =>
  renderMessageHtml(services.sql, message, allowRemote, attachments);

/** Sanitises the message's HTML as the frame will show it (for the page), and keeps it for the frame's request. */
export async function renderFrameBody(services: Services, message: OwnMessage, allowRemote: boolean, attachments: AttachmentInfo[]): Promise<SanitizedHtml> {
  const sanitized = await render(services, message, allowRemote, attachments);
  keep(keyOf(message, allowRemote), sanitized.html);
  return sanitized;
}

/** The frame's sanitised HTML: the page's rendering when it is still kept (taken once), else a new one. */
export async function frameBody(services: Services, message: OwnMessage, allowRemote: boolean): Promise<string> {
  const key = keyOf(message, allowRemote);
  const entry = kept.get(key);
  forget(key);
  return entry && entry.until > Date.now() ? entry.html : (await render(services, message, allowRemote)).html;
}
