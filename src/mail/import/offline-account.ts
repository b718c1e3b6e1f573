/**
 * Offline accounts: a mailbox without a server, holding imported mail. Its
 * IMAP columns keep placeholders (empty credentials, encrypted like any),
 * and every place that talks to a server skips `kind = 'offline'`. Folders
 * get uidvalidity 1 and synthetic UIDs (one sequence per folder), so the
 * sync's storeBatch stores imported mail unchanged.
 */
import { encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { SpecialUse } from "../imap/discover.ts";

export const OFFLINE_UIDVALIDITY = 1n;

/** A placeholder that can never resolve (RFC 6761 ".invalid"): nothing connects to an offline account. */
const NO_HOST = "offline.invalid";

export async function createOfflineAccount(sql: Sql, dataKey: SecretKey, userId: string, label: string): Promise<string> {
  const id = crypto.randomUUID();
  await sql`
    insert into mail_accounts (id, user_id, kind, label, imap_host, imap_port, imap_security, imap_username_encrypted, imap_password_encrypted)
    values (${id}, ${userId}, 'offline', ${label.slice(0, 200)}, ${NO_HOST}, 993, 'tls',
            ${encrypt(dataKey, "", { owner: userId, purpose: `imap-username:${id}` })}, ${encrypt(dataKey, "", { owner: userId, purpose: `imap-password:${id}` })})`;
  return id;
}

/** The user's offline account with this label (the oldest, when several), else a new one: a second import of the same export fills the same mailbox. */
export async function offlineAccountByLabel(sql: Sql, dataKey: SecretKey, userId: string, label: string): Promise<string> {
  const [existing] = await sql<{ id: string }[]>`
    select id from mail_accounts where user_id = ${userId} and kind = 'offline' and label = ${label.slice(0, 200)} order by created_at limit 1`;
  return existing?.id ?? (await createOfflineAccount(sql, dataKey, userId, label));
}

export async function isOfflineAccount(sql: Sql, accountId: string): Promise<boolean> {
  const [row] = await sql<{ kind: string }[]>`select kind from mail_accounts where id = ${accountId}`;
  return row?.kind === "offline";
}

/** Folder names that say their role, in English and German. */
const ROLES: Record<string, SpecialUse> = {
  inbox: "inbox",
  posteingang: "inbox",
  sent: "sent",
  "sent items": "sent",
  "sent messages": "sent",
  gesendet: "sent",
  "gesendete objekte": "sent",
  drafts: "drafts",
  entwürfe: "drafts",
  trash: "trash",
  "deleted items": "trash",
  papierkorb: "trash",
  junk: "junk",
  spam: "junk",
  archive: "archive",
  archiv: "archive",
};

export function roleOfFolder(path: string): SpecialUse | null {
  return path.includes("/") ? null : (ROLES[path.toLowerCase()] ?? null);
}

export interface OfflineFolder {
  id: string;
  /** The next synthetic UID to give. */
  nextUid: number;
}

/** The folder of an offline account by path, made if new (uidvalidity 1, the role its name says), with its next UID. */
export async function offlineFolder(sql: Sql, userId: string, accountId: string, path: string): Promise<OfflineFolder> {
  const name = path.split("/").at(-1) ?? path;
  const role = roleOfFolder(path);
  const [folder] = await sql<{ id: string }[]>`
    insert into folders (account_id, user_id, path, name, delimiter, special_use, uidvalidity, initial_done)
    values (${accountId}, ${userId}, ${path}, ${name}, '/', ${role}, ${String(OFFLINE_UIDVALIDITY)}, true)
    on conflict (account_id, path) do update set exists_on_server = true
    returning id`;
  const [max] = await sql<{ uid: string }[]>`select coalesce(max(uid), 0)::text as uid from message_copies where folder_id = ${folder!.id}`;
  return { id: folder!.id, nextUid: Number(max!.uid) + 1 };
}
