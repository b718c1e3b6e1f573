/**
 * The user's VIP and trusted senders: addresses, and domains that cover
 * their subdomains. Their mail is never judged spam, is of high importance
 * and loads remote content (src/analysis/local/vip.ts says when a forged
 * From address is not believed).
 *
 * Each entry is matched by an HMAC of "<kind>:<value>" under a key derived
 * from the user's data key, so one indexed query answers for a message, and
 * the value is encrypted for the user's list: the table can be matched,
 * not read.
 *
 * @example
 * await addVipSender(sql, dataKey, userId, "anna@example.org");   // { outcome: "added", sender: { kind: "address", … } }
 * await addVipSender(sql, dataKey, userId, "example.org");        // a domain: its subdomains too
 * await isVipSender(sql, dataKey, userId, "news@lists.example.org"); // true
 */
import { decryptText, encrypt } from "../crypto/aead.ts";
import { deriveKey, hmac } from "../crypto/hmac.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import { byteaArray } from "../db/bytea.ts";
import type { Queryable, Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { rescoreVipSenderMail } from "./vip-rescore.ts";
import { displayVipValue, parseVipSender, vipCandidates, type ParsedVipSender, type VipSenderKind } from "./vip-value.ts";

export const VIP_SENDER_PURPOSE = "vip-sender";
/** Enough for every colleague and client of a busy user; a list past it is no longer a list of VIPs. */
export const MAX_VIP_SENDERS = 500;

export interface VipSender {
  id: string;
  kind: VipSenderKind;
  /** As the user reads it (a domain in Unicode). */
  value: string;
  createdAt: Date;
}

export type AddVipResult = { outcome: "added" | "already"; sender: VipSender } | { outcome: "invalid"; reason: Extract<ParsedVipSender, { ok: false }>["reason"] } | { outcome: "full" };

export function vipSenderHash(dataKey: SecretKey, kind: VipSenderKind, value: string): Buffer {
  return hmac(deriveKey(dataKey, VIP_SENDER_PURPOSE), `${kind}:${value}`);
}

/** How `vip_senders.value_encrypted` is bound (AAD). */
export const vipSenderBinding = (userId: string, hash: Uint8Array) => ({ owner: userId, purpose: `${VIP_SENDER_PURPOSE}:${Buffer.from(hash).toString("hex")}` });

interface Row {
  id: string;
  kind: VipSenderKind;
  hash: Uint8Array;
  value: Uint8Array;
  createdAt: Date;
}

function fromRow(dataKey: SecretKey, userId: string, row: Row): VipSender {
  return { id: row.id, kind: row.kind, value: displayVipValue(row.kind, decryptText(dataKey, row.value, vipSenderBinding(userId, row.hash))), createdAt: row.createdAt };
}

/** The user's entries, domains first, then by value. */
export async function listVipSenders(sql: Queryable, dataKey: SecretKey, userId: string): Promise<VipSender[]> {
  const rows = await sql<Row[]>`
    select id, kind, value_hash as hash, value_encrypted as value, created_at as "createdAt" from vip_senders where user_id = ${userId}`;
  return rows.map((row) => fromRow(dataKey, userId, row)).sort((a, b) => a.kind.localeCompare(b.kind) || a.value.localeCompare(b.value));
}

/**
 * Adds an address or a domain (`kind` when the input does not say); one
 * already listed answers "already" with its entry. The mail it covers is
 * judged again (./vip-rescore.ts).
 */
export async function addVipSender(sql: Sql, dataKey: SecretKey, userId: string, input: string, kind?: VipSenderKind): Promise<AddVipResult> {
  const parsed = parseVipSender(input, kind);
  if (!parsed.ok) return { outcome: "invalid", reason: parsed.reason };
  // The entry and the run that re-scores its mail commit together: an entry whose mail was never re-judged would look broken.
  return await sql.begin((tx) => insertVipSender(tx, dataKey, userId, parsed));
}

async function insertVipSender(sql: Queryable, dataKey: SecretKey, userId: string, parsed: { kind: VipSenderKind; value: string }): Promise<AddVipResult> {
  const hash = vipSenderHash(dataKey, parsed.kind, parsed.value);
  const [inserted] = await sql<Row[]>`
    insert into vip_senders (user_id, kind, value_hash, value_encrypted)
    select ${userId}, ${parsed.kind}, ${hash}, ${encrypt(dataKey, parsed.value, vipSenderBinding(userId, hash))}
    where (select count(*) from vip_senders where user_id = ${userId}) < ${MAX_VIP_SENDERS}
    on conflict (user_id, kind, value_hash) do nothing
    returning id, kind, value_hash as hash, value_encrypted as value, created_at as "createdAt"`;
  if (inserted) {
    await rescoreVipSenderMail(sql, dataKey, userId, parsed.kind, parsed.value);
    return { outcome: "added", sender: fromRow(dataKey, userId, inserted) };
  }
  const [existing] = await sql<Row[]>`
    select id, kind, value_hash as hash, value_encrypted as value, created_at as "createdAt"
    from vip_senders where user_id = ${userId} and kind = ${parsed.kind} and value_hash = ${hash}`;
  return existing ? { outcome: "already", sender: fromRow(dataKey, userId, existing) } : { outcome: "full" };
}

/** Removes one of the user's entries and has the mail it covered judged again; null for an id that is not theirs (or not an id). */
export async function removeVipSender(sql: Sql, dataKey: SecretKey, userId: string, id: string): Promise<VipSender | null> {
  if (!isUuid(id)) return null;
  return await sql.begin(async (tx) => {
    const [removed] = await tx<Row[]>`
      delete from vip_senders where id = ${id} and user_id = ${userId}
      returning id, kind, value_hash as hash, value_encrypted as value, created_at as "createdAt"`;
    if (!removed) return null;
    await rescoreVipSenderMail(tx, dataKey, userId, removed.kind, decryptText(dataKey, removed.value, vipSenderBinding(userId, removed.hash)));
    return fromRow(dataKey, userId, removed);
  });
}

function candidateHashes(dataKey: SecretKey, fromAddress: string | null | undefined): Buffer[] {
  const candidates = fromAddress ? vipCandidates(fromAddress) : null;
  if (!candidates) return [];
  return [vipSenderHash(dataKey, "address", candidates.address), ...candidates.domains.map((domain) => vipSenderHash(dataKey, "domain", domain))];
}

/** The user's entries that cover a From address (the address itself, its domain or a parent domain), most specific first. */
export async function vipEntriesFor(sql: Queryable, dataKey: SecretKey, userId: string, fromAddress: string | null | undefined): Promise<VipSender[]> {
  const hashes = candidateHashes(dataKey, fromAddress);
  if (hashes.length === 0) return [];
  const rows = await sql<Row[]>`
    select id, kind, value_hash as hash, value_encrypted as value, created_at as "createdAt"
    from vip_senders where user_id = ${userId} and value_hash = any(${byteaArray(sql, hashes)})`;
  const rank = (row: Row) => hashes.findIndex((hash) => hash.equals(row.hash));
  return rows.sort((a, b) => rank(a) - rank(b)).map((row) => fromRow(dataKey, userId, row));
}

/** Whether an entry covers the From address: one indexed query and nothing decrypted, cheap enough for every message analysed. */
export async function isVipSender(sql: Queryable, dataKey: SecretKey, userId: string, fromAddress: string | null | undefined): Promise<boolean> {
  const hashes = candidateHashes(dataKey, fromAddress);
  if (hashes.length === 0) return false;
  const [row] = await sql`select 1 from vip_senders where user_id = ${userId} and value_hash = any(${byteaArray(sql, hashes)}) limit 1`;
  return row !== undefined;
}
