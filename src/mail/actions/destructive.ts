/**
 * Move (to a folder, or to the Archive, Junk, INBOX or Snoozed role folder), trash
 * and delete: first find out where the message really is, then act only on
 * a copy the server confirmed is this message.
 *
 *   each copy is checked on the server (copy-identity.ts): this message,
 *     gone from that folder, or a different message under that UID;
 *   a different message → nothing is touched, the wrong local copy is
 *     dropped, its folder rescanned by the requested sync, and the action fails;
 *   gone, for a move → the server's newer state wins: the copy is dropped
 *     (orphaned like sync does), a sync is requested, and the move fails;
 *   gone, for trash or delete → the user wants the message gone wherever it
 *     went: a sync is requested and the job retried (AwaitingSync), so the
 *     action applies to the copy the sync finds. The stale copy is left for
 *     the sync to remove: while it is there, the sync has not run yet.
 *
 * No local copy left (a concurrent sync removed it): the copies the journal
 * saw are checked instead, so a message still there is acted on.
 *
 * What happened is read from the server's answer: COPYUID names the UIDs a
 * MOVE moved, and after UID EXPUNGE the UID must be gone. Deleting expunges
 * exactly that UID; a server without UIDPLUS gets no delete, because a
 * plain EXPUNGE would also remove every other message marked deleted.
 */
import { ImapError } from "../imap/errors.ts";
import { requestSync } from "../sync/request.ts";
import { checkCopyIdentity, type CopyCheck } from "./copy-identity.ts";
import { ActionFailed, AwaitingSync, inCopyFolder, type ActionContext } from "./context.ts";
import { dropCopies, journalCopies, recordExpunge, recordMove, rescanFolders, type Copy } from "./local-copies.ts";
import type { ActionRequest } from "./request.ts";
import { ensureRoleFolder } from "./role-folders.ts";

interface Resolved {
  copy: Copy;
  check: CopyCheck;
}

const paths = (copies: Copy[]) => [...new Set(copies.map((copy) => copy.path))].join(", ");

async function resolveCopies(ctx: ActionContext, copies: Copy[]): Promise<Resolved[]> {
  const resolved: Resolved[] = [];
  for (const copy of copies) {
    const check = await inCopyFolder(ctx.client, copy, () => checkCopyIdentity(ctx.client, copy.uid, ctx.expected));
    resolved.push({ copy, check: check === "gone" ? { state: "absent" } : check });
  }
  return resolved;
}

/** Without UIDPLUS only a plain EXPUNGE exists, and it would also remove every other message marked deleted. */
export function requireUidplus(ctx: ActionContext): void {
  if (!ctx.client.capabilities.has("UIDPLUS")) throw new ActionFailed("the server lacks UIDPLUS: deleting one message would expunge every message marked deleted, so it is not done");
}

async function awaitSync(ctx: ActionContext, reason: string): Promise<never> {
  await requestSync(ctx.sql, ctx.account, "all");
  throw new AwaitingSync(reason);
}

/**
 * A copy that is another message on the server is never acted on; the local
 * state is wrong, and the sync sets it right. The action fails rather than
 * waiting for that sync: the user asked about what they were shown, which
 * was wrong, and can ask again once the message is listed as it really is.
 */
async function refuseMismatches(ctx: ActionContext, resolved: Resolved[]): Promise<void> {
  const wrong = resolved.filter((entry) => entry.check.state === "mismatch").map((entry) => entry.copy);
  if (wrong.length === 0) return;
  await dropCopies(ctx.sql, ctx.messageId, wrong);
  await rescanFolders(ctx.sql, [...new Set(wrong.map((copy) => copy.folderId))]);
  await requestSync(ctx.sql, ctx.account, "all");
  const where = wrong.map((copy) => `UID ${copy.uid} in ${copy.path}`).join(", ");
  throw new ActionFailed(`${where} is a different message on the server: nothing was changed, the wrong copy was dropped and a sync was requested`);
}

/** The move's source is gone from the server: the local state follows, and the move did not happen. */
async function sourceGone(ctx: ActionContext, copies: Copy[]): Promise<never> {
  await dropCopies(ctx.sql, ctx.messageId, copies);
  await requestSync(ctx.sql, ctx.account, "all");
  throw new ActionFailed(`the message is no longer in ${paths(copies)} on the server (moved or deleted elsewhere); nothing was moved`);
}

async function move(ctx: ActionContext, source: Copy, flags: string[], target: { id: string; path: string }): Promise<void> {
  if (source.folderId === target.id) return;
  const { client } = ctx;
  const result = await inCopyFolder(client, source, () => client.messageMove({ uid: String(source.uid) }, target.path, { uid: true }));
  if (result === "gone") return sourceGone(ctx, [source]);
  if (!result) throw new ActionFailed(`the server refused to move the message to ${target.path}`);
  const newUid = result.uidMap?.get(source.uid);
  if (newUid !== undefined && result.uidValidity !== undefined) {
    // COPYUID named the new UID: it moved, and the copy follows with no re-download.
    await recordMove(ctx.sql, ctx.messageId, source, { folderId: target.id, uidvalidity: String(result.uidValidity), uid: newUid, flags });
    return;
  }
  // With UIDPLUS the answer names every UID it moved: none named, none moved (the message went meanwhile).
  if (client.capabilities.has("UIDPLUS")) return sourceGone(ctx, [source]);
  // Without it only the source can tell; the next sync finds the message in its new folder (same identity).
  const still = await inCopyFolder(client, source, () => client.fetchOne(String(source.uid), { uid: true }, { uid: true }));
  if (still && still !== "gone") throw new ActionFailed(`the server did not move the message to ${target.path}`);
  await recordMove(ctx.sql, ctx.messageId, source, null);
  await requestSync(ctx.sql, ctx.account, "all");
}

export async function expungeCopy(ctx: ActionContext, copy: Copy): Promise<void> {
  const { client } = ctx;
  const gone = await inCopyFolder(client, copy, async () => {
    await client.messageDelete({ uid: String(copy.uid) }, { uid: true });
    // messageDelete answers "true" whether or not anything was expunged: look.
    return !(await client.fetchOne(String(copy.uid), { uid: true }, { uid: true }));
  });
  if (gone === "gone") return awaitSync(ctx, `${copy.path} was reset on the server before the message was deleted`);
  if (!gone) throw new ImapError("server", `the server still holds the message in ${copy.path} after expunging it`);
  await recordExpunge(ctx.sql, ctx.messageId, copy);
}

/** No copy of this message is on the server where it was known to be. */
async function notFound(ctx: ActionContext): Promise<never> {
  // Orphaned by a sync that has not yet looked at every folder since: it may still find the message elsewhere.
  const [searching] = await ctx.sql`
    select 1 from messages m
    where m.id = ${ctx.messageId} and m.orphaned_at is not null
      and exists (select 1 from folders f where f.account_id = m.account_id and f.selected and f.exists_on_server
                  and (f.last_synced_at is null or f.last_synced_at <= m.orphaned_at))`;
  if (searching) return awaitSync(ctx, "the message was not found on the server; waiting for the sync to find where it went");
  throw new ActionFailed("the message is no longer on the server");
}

export async function moveTrashOrDelete(ctx: ActionContext, request: ActionRequest, local: Copy[]): Promise<void> {
  const { sql, account } = ctx;
  if (request.action === "delete") requireUidplus(ctx);
  const asked = await journalCopies(sql, ctx.journalId);
  const resolved = await resolveCopies(ctx, local.length > 0 ? local : asked);
  await refuseMismatches(ctx, resolved);
  const here = resolved.filter((entry) => entry.check.state === "match");
  // Local copies the server no longer has there (journal-only copies are not local state).
  const missing = resolved.filter((entry) => entry.check.state === "absent" && entry.copy.id !== null).map((entry) => entry.copy);

  if (request.action === "delete") {
    // Nothing is expunged until every copy is accounted for: the retry deletes them all where the sync found them.
    if (missing.length > 0) return awaitSync(ctx, `the message is no longer in ${paths(missing)} on the server; waiting for a sync to find it`);
    if (here.length === 0) return notFound(ctx);
    for (const entry of here) await expungeCopy(ctx, entry.copy);
    return;
  }
  if (here.length === 0) {
    if (missing.length === 0) return notFound(ctx);
    if (request.action === "move") return sourceGone(ctx, missing);
    return awaitSync(ctx, `the message is no longer in ${paths(missing)} on the server; waiting for a sync to find it`);
  }
  await dropCopies(sql, ctx.messageId, missing);
  if (missing.length > 0) await requestSync(sql, account, "all");
  const source = here[0]!;
  const flags = source.check.state === "match" ? source.check.flags : [];
  if (request.action === "move") {
    const [target] = await sql<{ id: string; path: string }[]>`select id, path from folders where id = ${request.folderId} and account_id = ${account.id}`;
    if (!target) throw new ActionFailed("the target folder no longer exists");
    return move(ctx, source.copy, flags, target);
  }
  if (request.action === "archive" || request.action === "junk" || request.action === "inbox") {
    return move(ctx, source.copy, flags, await ensureRoleFolder(ctx, request.action));
  }
  if (request.action === "snooze") return move(ctx, source.copy, flags, await ensureRoleFolder(ctx, "snoozed"));
  // The move back is resolved by ./snooze-folder.ts into a plain move; never a trash.
  if (request.action === "unsnooze") throw new ActionFailed("unsnooze is carried out as a move");
  const [trash] = await sql<{ id: string; path: string }[]>`select id, path from folders where account_id = ${account.id} and special_use = 'trash' and exists_on_server`;
  if (!trash) throw new ActionFailed("the account has no Trash folder");
  if (source.copy.folderId !== trash.id) return move(ctx, source.copy, flags, trash);
  // Trashing a message shown in the Trash deletes it for good; one another client moved there is where it was asked to go.
  if (!asked.some((copy) => copy.folderId === trash.id)) return;
  requireUidplus(ctx);
  return expungeCopy(ctx, source.copy);
}
