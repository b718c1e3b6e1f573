/**
 * Copy (a rule's copy action) and its undo, uncopy. A copy is an IMAP COPY
 * of a copy the server confirms is this message (./copy-identity.ts) into
 * the target folder; the message stays where it was and gains a copy there,
 * at the UID COPYUID names (UIDPLUS). Without COPYUID the next sync finds
 * the new copy (same identity). A message already in the target folder is
 * not copied again.
 *
 * Uncopy expunges exactly the copy the copy made (its UID, kept in the
 * journal's `after`), and only with UIDPLUS, like delete.
 */
import { requestSync } from "../sync/request.ts";
import { ActionFailed, inCopyFolder, type ActionContext } from "./context.ts";
import { checkCopyIdentity } from "./copy-identity.ts";
import { expungeCopy, requireUidplus } from "./destructive.ts";
import type { Copy } from "./local-copies.ts";
import type { ActionRequest } from "./request.ts";

export async function copyMessage(ctx: ActionContext, request: Extract<ActionRequest, { action: "copy" }>, local: Copy[]): Promise<void> {
  const { sql, client } = ctx;
  if (local.some((copy) => copy.folderId === request.folderId)) return;
  const [target] = await sql<{ id: string; path: string }[]>`select id, path from folders where id = ${request.folderId} and account_id = ${ctx.account.id} and exists_on_server`;
  if (!target) throw new ActionFailed("the target folder no longer exists");
  for (const source of local) {
    const outcome = await inCopyFolder(client, source, async () => {
      const check = await checkCopyIdentity(client, source.uid, ctx.expected);
      if (check.state !== "match") return check.state;
      const copied = await client.messageCopy({ uid: String(source.uid) }, target.path, { uid: true });
      if (!copied) throw new ActionFailed(`the server refused to copy the message to ${target.path}`);
      return { copied, flags: check.flags };
    });
    if (outcome === "gone" || outcome === "absent" || outcome === "mismatch") continue;
    const newUid = outcome.copied.uidMap?.get(source.uid);
    if (newUid !== undefined && outcome.copied.uidValidity !== undefined) {
      await sql`
        insert into message_copies (message_id, folder_id, uidvalidity, uid, flags)
        values (${ctx.messageId}, ${target.id}, ${String(outcome.copied.uidValidity)}, ${newUid}, ${outcome.flags})
        on conflict (folder_id, uidvalidity, uid) do nothing`;
    } else {
      await requestSync(sql, ctx.account, "all");
    }
    return;
  }
  // No confirmed copy where the local state says: the sync sets that right, and the copy is not made.
  await requestSync(sql, ctx.account, "all");
  throw new ActionFailed("the message is not where Mail Helper last saw it on the server; nothing was copied");
}

export async function uncopyMessage(ctx: ActionContext, request: Extract<ActionRequest, { action: "uncopy" }>): Promise<void> {
  requireUidplus(ctx);
  const [folder] = await ctx.sql<{ path: string; specialUse: string | null }[]>`
    select path, special_use as "specialUse" from folders where id = ${request.folderId} and account_id = ${ctx.account.id}`;
  if (!folder) return; // The folder is gone, and the copy with it.
  const copy: Copy = { id: null, folderId: request.folderId, path: folder.path, specialUse: folder.specialUse, uid: request.uid, uidvalidity: request.uidvalidity };
  const check = await inCopyFolder(ctx.client, copy, () => checkCopyIdentity(ctx.client, copy.uid, ctx.expected));
  if (check === "gone" || check.state === "absent") return; // Already removed (here or by another client).
  if (check.state === "mismatch") throw new ActionFailed(`UID ${copy.uid} in ${copy.path} is a different message on the server: nothing was removed`);
  await expungeCopy(ctx, copy);
}
