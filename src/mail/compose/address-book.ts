/**
 * Address completion from the user's own correspondence: the From of mail
 * they received and the To/Cc/Bcc of mail they sent, counted and dated.
 *
 * Stored per user in `address_book`: the row key is an HMAC of the
 * normalised address under a key derived from the user's data key (so the
 * same person is counted once, and a dump cannot test for a guessed
 * address), name and address are encrypted. Completion cannot search
 * ciphertext, so it reads the user's entries (the most used first, at most
 * ADDRESS_BOOK_SCAN_LIMIT), decrypts them and filters in memory. That was
 * chosen over storing HMACs of every prefix: a person corresponds with a few
 * hundred addresses, decrypting them takes about a millisecond, and prefix
 * HMACs would have let a dump count how many entries share a beginning.
 *
 * The book follows the mailbox incrementally: a watermark (created_at, id)
 * of the last message read; the first fill reads the newest
 * ADDRESS_BOOK_REFRESH_BATCH messages.
 */
import { decryptText, encrypt } from "../../crypto/aead.ts";
import { deriveKey, hmac } from "../../crypto/hmac.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import { byteaArray } from "../../db/bytea.ts";
import type { Sql } from "../../db/connection.ts";
import { normalizeEmail } from "../../email-address.ts";
import { messageBinding } from "../../inbox/message.ts";
import type { MailAddress } from "../parse/types.ts";
import { ADDRESS_BOOK_REFRESH_BATCH, ADDRESS_BOOK_REFRESH_INTERVAL_MS, ADDRESS_BOOK_SCAN_LIMIT, ADDRESS_SUGGESTIONS } from "./limits.ts";
import { ownAddresses } from "./own-addresses.ts";
import { addressKey, isPlausibleAddress } from "./recipients.ts";

export interface AddressEntry {
  name: string;
  address: string;
  uses: number;
  lastUsedAt: Date | null;
}

const addressHash = (dataKey: SecretKey, address: string) => hmac(deriveKey(dataKey, "address-book"), normalizeEmail(address));
const entryBinding = (userId: string, hash: Buffer) => ({ owner: userId, purpose: `address-book:${hash.toString("hex")}` });

const addresses = (value: unknown): MailAddress[] => (Array.isArray(value) ? value.filter((entry): entry is MailAddress => typeof entry?.address === "string" && typeof entry?.name === "string") : []);

interface Seen {
  name: string;
  address: string;
  uses: number;
  lastUsedAt: Date | null;
}

/** Adds one use of each address (own ones and implausible ones left out), the newest name winning. */
function count(into: Map<string, Seen>, mailboxes: MailAddress[], when: Date | null, own: Set<string>): void {
  for (const mailbox of mailboxes) {
    const address = mailbox.address.trim();
    if (!isPlausibleAddress(address) || own.has(addressKey(address))) continue;
    const key = normalizeEmail(address);
    const seen = into.get(key);
    if (!seen) into.set(key, { name: mailbox.name.trim(), address, uses: 1, lastUsedAt: when });
    else {
      seen.uses += 1;
      if (when && (!seen.lastUsedAt || when > seen.lastUsedAt)) {
        seen.lastUsedAt = when;
        if (mailbox.name.trim()) seen.name = mailbox.name.trim();
      }
    }
  }
}

interface MessageRow {
  id: string;
  createdAt: Date;
  when: Date | null;
  sent: boolean;
  headers: Uint8Array;
}

/**
 * Reads the messages the book has not seen yet into it. Returns how many
 * were read. Runs at most every ADDRESS_BOOK_REFRESH_INTERVAL_MS unless
 * `force`.
 */
export async function refreshAddressBook(sql: Sql, dataKey: SecretKey, userId: string, options: { force?: boolean } = {}): Promise<number> {
  const [state] = await sql<{ throughCreated: Date | null; throughId: string | null; refreshedAt: Date }[]>`
    select through_created as "throughCreated", through_id as "throughId", refreshed_at as "refreshedAt" from address_book_state where user_id = ${userId}`;
  if (state && !options.force && Date.now() - state.refreshedAt.getTime() < ADDRESS_BOOK_REFRESH_INTERVAL_MS) return 0;
  const sentFlag = sql`exists (select 1 from message_copies c join folders f on f.id = c.folder_id where c.message_id = m.id and f.special_use = 'sent')`;
  const rows =
    state?.throughCreated && state.throughId
      ? await sql<MessageRow[]>`
          select m.id, m.created_at as "createdAt", coalesce(m.sent_at, m.received_at) as when, ${sentFlag} as sent, m.headers_encrypted as headers
          from messages m where m.user_id = ${userId} and (m.created_at, m.id) > (${state.throughCreated}, ${state.throughId}::uuid)
          order by m.created_at, m.id limit ${ADDRESS_BOOK_REFRESH_BATCH}`
      : (
          await sql<MessageRow[]>`
          select m.id, m.created_at as "createdAt", coalesce(m.sent_at, m.received_at) as when, ${sentFlag} as sent, m.headers_encrypted as headers
          from messages m where m.user_id = ${userId}
          order by m.created_at desc, m.id desc limit ${ADDRESS_BOOK_REFRESH_BATCH}`
        ).reverse();
  const own = new Set((await ownAddresses(sql, dataKey, userId)).map(addressKey));
  const seen = new Map<string, Seen>();
  for (const row of rows) {
    const document = JSON.parse(decryptText(dataKey, row.headers, messageBinding(userId, row.id, "message-headers"))) as Record<string, unknown>;
    const from = addresses(document.from);
    const byUser = row.sent || (from.length > 0 && from.every((mailbox) => own.has(addressKey(mailbox.address))));
    if (byUser) count(seen, [...addresses(document.to), ...addresses(document.cc), ...addresses(document.bcc)], row.when, own);
    else count(seen, from, row.when, own);
  }
  const last = rows.at(-1);
  await sql.begin(async (tx) => {
    if (seen.size > 0) {
      const entries = [...seen.values()].map((entry) => {
        const hash = addressHash(dataKey, entry.address);
        return { hash, box: encrypt(dataKey, JSON.stringify({ name: entry.name, address: entry.address }), entryBinding(userId, hash)), uses: entry.uses, when: entry.lastUsedAt };
      });
      await tx`
        insert into address_book (user_id, address_hash, entry_encrypted, uses, last_used_at)
        select ${userId}, hash, box, uses, used
        from unnest(${byteaArray(
          tx,
          entries.map((entry) => entry.hash),
        )}, ${byteaArray(
          tx,
          entries.map((entry) => entry.box),
        )}, ${entries.map((entry) => entry.uses)}::int[],
                    ${entries.map((entry) => entry.when?.toISOString() ?? null)}::timestamptz[]) as e(hash, box, uses, used)
        on conflict (user_id, address_hash) do update set
          uses = address_book.uses + excluded.uses,
          entry_encrypted = case when excluded.last_used_at >= coalesce(address_book.last_used_at, '-infinity') then excluded.entry_encrypted else address_book.entry_encrypted end,
          last_used_at = greatest(address_book.last_used_at, excluded.last_used_at)`;
    }
    await tx`
      insert into address_book_state (user_id, through_created, through_id, refreshed_at)
      values (${userId}, ${last?.createdAt ?? state?.throughCreated ?? null}, ${last?.id ?? state?.throughId ?? null}, now())
      on conflict (user_id) do update set through_created = excluded.through_created, through_id = excluded.through_id, refreshed_at = now()`;
  });
  return rows.length;
}

/** How much an entry counts: its uses, fading over months without one. */
function rank(entry: AddressEntry, now: number): number {
  const ageDays = entry.lastUsedAt ? Math.max(0, (now - entry.lastUsedAt.getTime()) / 86_400_000) : 365;
  return entry.uses / (1 + ageDays / 30);
}

/**
 * Entries whose address, or a word of whose name, begins with what was typed
 * (case-insensitive), best first.
 *
 * @example
 *   await suggestAddresses(sql, dataKey, userId, "ann") // [{ name: "Anna Beispiel", address: "anna@example.org", … }]
 */
export async function suggestAddresses(sql: Sql, dataKey: SecretKey, userId: string, typed: string): Promise<AddressEntry[]> {
  const query = typed.trim().toLowerCase();
  if (query.length === 0) return [];
  const rows = await sql<{ hash: Buffer; box: Uint8Array; uses: number; lastUsedAt: Date | null }[]>`
    select address_hash as hash, entry_encrypted as box, uses, last_used_at as "lastUsedAt" from address_book
    where user_id = ${userId} order by uses desc, last_used_at desc nulls last limit ${ADDRESS_BOOK_SCAN_LIMIT}`;
  const now = Date.now();
  const matches: AddressEntry[] = [];
  for (const row of rows) {
    const { name, address } = JSON.parse(decryptText(dataKey, row.box, entryBinding(userId, Buffer.from(row.hash)))) as { name: string; address: string };
    const words = name.toLowerCase().split(/[\s,.'"()-]+/);
    if (address.toLowerCase().startsWith(query) || name.toLowerCase().startsWith(query) || words.some((word) => word.startsWith(query))) {
      matches.push({ name, address, uses: row.uses, lastUsedAt: row.lastUsedAt });
    }
  }
  return matches.sort((a, b) => rank(b, now) - rank(a, now)).slice(0, ADDRESS_SUGGESTIONS);
}
