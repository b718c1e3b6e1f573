/**
 * A user's webhooks: registered, listed, edited, paused and resumed (a
 * resume also re-enables a hook the deliveries disabled), deleted, and the
 * secret rotated. The URL and the secrets are encrypted with the user's data
 * key; every function takes the owner's id and scopes its query by it, so
 * another user's id finds nothing. A new secret is returned once and never
 * again (the page and the API show it once).
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { loadOutboundPolicy } from "../net/allowed-targets-store.ts";
import { MAX_WEBHOOKS_PER_USER, SECRET_OVERLAP_MS, type WebhookEvent } from "./limits.ts";
import { generateWebhookSecret } from "./signature.ts";
import { checkWebhookUrl, type UrlRefusal } from "./target-url.ts";

export interface Webhook {
  id: string;
  name: string;
  url: string;
  events: WebhookEvent[];
  includeText: boolean;
  /** The user's switch: false while paused. */
  enabled: boolean;
  /** Set when repeated failures disabled the hook; cleared when the user resumes it. */
  disabledAt: Date | null;
  consecutiveFailures: number;
  /** While the previous secret still signs (after a rotation). */
  previousSecretUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface WebhookInput {
  name: string;
  url: string;
  events: WebhookEvent[];
  includeText: boolean;
}

export type WebhookRefusal = { outcome: "refused"; reason: UrlRefusal } | { outcome: "full" };

type Purpose = "url" | "secret" | "previous-secret";
export const webhookBinding = (userId: string, webhookId: string, what: Purpose) => ({ owner: userId, purpose: `webhook-${what}:${webhookId}` });

interface Row extends Omit<Webhook, "url"> {
  urlEncrypted: Uint8Array;
  /** created_at to the microsecond (a Date keeps milliseconds): what a cursor carries. */
  cursorAt: string;
}

const COLUMNS = (sql: Queryable) => sql`
  id, name, url_encrypted as "urlEncrypted", events, include_text as "includeText", enabled, disabled_at as "disabledAt",
  consecutive_failures as "consecutiveFailures",
  case when previous_secret_until > now() then previous_secret_until end as "previousSecretUntil",
  created_at as "createdAt", updated_at as "updatedAt", created_at::text as "cursorAt"`;

function fromRow(dataKey: SecretKey, userId: string, { urlEncrypted, cursorAt: _, ...row }: Row): Webhook {
  return { ...row, url: decryptText(dataKey, urlEncrypted, webhookBinding(userId, row.id, "url")) };
}

/** Cursor of a list position: created_at (to the microsecond; sent as text, since a timestamptz parameter goes through a Date and loses the microseconds) and id, opaque to clients. */
const cursorOf = (row: Row) => Buffer.from(`${row.cursorAt}|${row.id}`).toString("base64url");
function readCursor(cursor: string): { at: string; id: string } | undefined {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  return at && id && isUuid(id) && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{1,6})?[+-]\d\d(:\d\d)?$/.test(at) ? { at, id } : undefined;
}

export interface WebhookPage {
  webhooks: Webhook[];
  next: string | null;
  previous: string | null;
}

export class InvalidCursorError extends Error {
  override name = "InvalidCursorError";
}

/** The user's hooks, oldest first, keyset-paginated like the message list. @throws InvalidCursorError */
export async function listWebhooks(sql: Sql, dataKey: SecretKey, userId: string, page: { after?: string; before?: string; limit?: number } = {}): Promise<WebhookPage> {
  const limit = page.limit ?? MAX_WEBHOOKS_PER_USER;
  const cursor = page.after ?? page.before;
  const at = cursor === undefined ? undefined : readCursor(cursor);
  if (cursor !== undefined && !at) throw new InvalidCursorError("invalid cursor");
  const backwards = page.before !== undefined;
  const rows = await sql<Row[]>`
    select ${COLUMNS(sql)} from webhooks
    where user_id = ${userId}
      ${at ? (backwards ? sql`and (created_at, id) < (${at.at}::text::timestamptz, ${at.id}::uuid)` : sql`and (created_at, id) > (${at.at}::text::timestamptz, ${at.id}::uuid)`) : sql``}
    order by created_at ${backwards ? sql`desc` : sql`asc`}, id ${backwards ? sql`desc` : sql`asc`}
    limit ${limit + 1}`;
  const more = rows.length > limit;
  const onPage = rows.slice(0, limit);
  if (backwards) onPage.reverse();
  const first = onPage[0];
  const last = onPage.at(-1);
  const hasNext = backwards ? true : more;
  const hasPrevious = backwards ? more : at !== undefined;
  return {
    webhooks: onPage.map((row) => fromRow(dataKey, userId, row)),
    next: hasNext && last ? cursorOf(last) : null,
    previous: hasPrevious && first ? cursorOf(first) : null,
  };
}

export async function getWebhook(sql: Sql, dataKey: SecretKey, userId: string, webhookId: string): Promise<Webhook | undefined> {
  if (!isUuid(webhookId)) return undefined;
  const [row] = await sql<Row[]>`select ${COLUMNS(sql)} from webhooks where id = ${webhookId} and user_id = ${userId}`;
  return row ? fromRow(dataKey, userId, row) : undefined;
}

/** Registers a hook; the secret in the answer is the only time it is shown. */
export async function createWebhook(sql: Sql, dataKey: SecretKey, userId: string, input: WebhookInput): Promise<{ outcome: "created"; webhook: Webhook; secret: string } | WebhookRefusal> {
  const checked = await checkWebhookUrl(await loadOutboundPolicy(sql), input.url);
  if (!checked.ok) return { outcome: "refused", reason: checked.reason };
  const id = crypto.randomUUID();
  const secret = generateWebhookSecret();
  const [row] = await sql<Row[]>`
    insert into webhooks (id, user_id, name, url_encrypted, events, include_text, secret_encrypted)
    select ${id}, ${userId}, ${input.name}, ${encrypt(dataKey, checked.url, webhookBinding(userId, id, "url"))}, ${input.events}::text[], ${input.includeText},
           ${encrypt(dataKey, secret, webhookBinding(userId, id, "secret"))}
    where (select count(*) from webhooks where user_id = ${userId}) < ${MAX_WEBHOOKS_PER_USER}
    returning ${COLUMNS(sql)}`;
  if (!row) return { outcome: "full" };
  return { outcome: "created", webhook: fromRow(dataKey, userId, row), secret };
}

export interface WebhookChange extends Partial<WebhookInput> {
  /** false pauses; true resumes, and re-enables a hook disabled after failures. */
  enabled?: boolean;
}

/** Edits a hook; a changed URL is checked like a new one. Undefined: not the user's hook. */
export async function updateWebhook(
  sql: Sql,
  dataKey: SecretKey,
  userId: string,
  webhookId: string,
  change: WebhookChange,
): Promise<{ outcome: "updated"; webhook: Webhook } | WebhookRefusal | undefined> {
  if (!isUuid(webhookId)) return undefined;
  let urlEncrypted: Uint8Array | null = null;
  if (change.url !== undefined) {
    const checked = await checkWebhookUrl(await loadOutboundPolicy(sql), change.url);
    if (!checked.ok) return { outcome: "refused", reason: checked.reason };
    urlEncrypted = encrypt(dataKey, checked.url, webhookBinding(userId, webhookId, "url"));
  }
  const resume = change.enabled === true;
  const [row] = await sql<Row[]>`
    update webhooks set
      name = coalesce(${change.name ?? null}, name),
      url_encrypted = coalesce(${urlEncrypted}, url_encrypted),
      events = coalesce(${change.events ?? null}::text[], events),
      include_text = coalesce(${change.includeText ?? null}, include_text),
      enabled = coalesce(${change.enabled ?? null}, enabled),
      disabled_at = case when ${resume} then null else disabled_at end,
      consecutive_failures = case when ${resume} then 0 else consecutive_failures end,
      failing_since = case when ${resume} then null else failing_since end,
      updated_at = now()
    where id = ${webhookId} and user_id = ${userId}
    returning ${COLUMNS(sql)}`;
  return row ? { outcome: "updated", webhook: fromRow(dataKey, userId, row) } : undefined;
}

export async function deleteWebhook(sql: Sql, userId: string, webhookId: string): Promise<boolean> {
  if (!isUuid(webhookId)) return false;
  return (await sql`delete from webhooks where id = ${webhookId} and user_id = ${userId}`).count > 0;
}

/**
 * A new secret; the current one becomes the previous and keeps signing for
 * SECRET_OVERLAP_MS (a rotation during an overlap drops the oldest).
 */
export async function rotateWebhookSecret(sql: Sql, dataKey: SecretKey, userId: string, webhookId: string): Promise<{ webhook: Webhook; secret: string } | undefined> {
  if (!isUuid(webhookId)) return undefined;
  return await sql.begin(async (tx) => {
    const [current] = await tx<{ secret: Uint8Array }[]>`select secret_encrypted as secret from webhooks where id = ${webhookId} and user_id = ${userId} for update`;
    if (!current) return undefined;
    const previous = decryptText(dataKey, current.secret, webhookBinding(userId, webhookId, "secret"));
    const secret = generateWebhookSecret();
    const [row] = await tx<Row[]>`
      update webhooks set secret_encrypted = ${encrypt(dataKey, secret, webhookBinding(userId, webhookId, "secret"))},
        previous_secret_encrypted = ${encrypt(dataKey, previous, webhookBinding(userId, webhookId, "previous-secret"))},
        previous_secret_until = now() + make_interval(secs => ${SECRET_OVERLAP_MS / 1000}), updated_at = now()
      where id = ${webhookId} and user_id = ${userId}
      returning ${COLUMNS(tx)}`;
    return { webhook: fromRow(dataKey, userId, row!), secret };
  });
}

/** The secrets that sign now: the current one, and the previous one during the overlap. */
export async function signingSecrets(sql: Queryable, dataKey: SecretKey, userId: string, webhookId: string): Promise<string[]> {
  const [row] = await sql<{ secret: Uint8Array; previous: Uint8Array | null }[]>`
    select secret_encrypted as secret, case when previous_secret_until > now() then previous_secret_encrypted end as previous
    from webhooks where id = ${webhookId} and user_id = ${userId}`;
  if (!row) return [];
  const secrets = [decryptText(dataKey, row.secret, webhookBinding(userId, webhookId, "secret"))];
  if (row.previous) secrets.push(decryptText(dataKey, row.previous, webhookBinding(userId, webhookId, "previous-secret")));
  return secrets;
}
