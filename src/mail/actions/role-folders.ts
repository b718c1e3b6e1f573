/**
 * The folder an account keeps mail of a role in: Archive, Junk, INBOX, and
 * Snoozed (where a snooze parks mail when the user chose so; IMAP has no
 * special-use for it). The one the user chose wins, then the server's
 * special-use folder; Archive, Junk and Snoozed are created on the server
 * when there is neither (Dovecot without
 * special-use, a fresh account), and remembered as the user's choice so the
 * next sync keeps them in that role.
 */
import type { Queryable } from "../../db/connection.ts";
import { ActionFailed, type ActionContext } from "./context.ts";

export type FolderRole = "archive" | "junk" | "inbox" | "snoozed";

export interface RoleFolder {
  id: string;
  path: string;
}

/** Name of a created role folder, below the personal namespace's prefix (e.g. "INBOX." on Courier). */
const CREATED_NAMES: Record<Exclude<FolderRole, "inbox">, string> = { archive: "Archive", junk: "Junk", snoozed: "Snoozed" };

export async function findRoleFolder(sql: Queryable, accountId: string, role: FolderRole): Promise<RoleFolder | undefined> {
  const [folder] = await sql<RoleFolder[]>`
    select id, path from folders
    where account_id = ${accountId} and exists_on_server and (chosen_role = ${role} or special_use = ${role} or (${role} = 'inbox' and upper(path) = 'INBOX'))
    order by chosen_role is null, special_use is null limit 1`;
  return folder;
}

/** The role's folder, created on the server if the account has none. */
export async function ensureRoleFolder(ctx: ActionContext, role: FolderRole): Promise<RoleFolder> {
  const found = await findRoleFolder(ctx.sql, ctx.account.id, role);
  if (found) return found;
  if (role === "inbox") throw new ActionFailed("the account has no INBOX");
  const prefix = ctx.client.namespaces?.personal?.[0]?.prefix ?? "";
  const created = await ctx.client.mailboxCreate(`${prefix}${CREATED_NAMES[role]}`);
  const [folder] = await ctx.sql<RoleFolder[]>`
    insert into folders (account_id, user_id, path, name, delimiter, special_use, selected, chosen_role)
    values (${ctx.account.id}, ${ctx.account.userId}, ${created.path}, ${CREATED_NAMES[role]}, ${ctx.client.namespaces?.personal?.[0]?.delimiter ?? null}, null, true, ${role})
    on conflict (account_id, path) do update set chosen_role = excluded.chosen_role, exists_on_server = true
    returning id, path`;
  return folder!;
}
