/**
 * The server side of a snooze, when the user chose that snoozed mail is
 * parked in the account's Snoozed folder (users.snooze_moves): `snooze`
 * moves the copy there, `unsnooze` moves it back to the folder the snooze
 * took it from. Both are journaled moves like archive; what decides whether
 * they still apply is the message's state when the job runs, not when it
 * was asked for, so a job delayed by an unreachable server never undoes
 * what happened since:
 *
 *   snooze, message already woken → nothing is moved (the action fails, saying so);
 *   snooze done → messages.snooze_moved is set; woken meanwhile → the move back is asked for at once;
 *   unsnooze, message snoozed again → nothing is moved, the copy stays parked for the new snooze;
 *   unsnooze, no copy in the Snoozed folder (moved elsewhere by another client) → nothing to move back;
 *   unsnooze done, or failed for good → snooze_moved is cleared. A retryable failure keeps it, so a later
 *     full sync asks again (../sync/snooze-moves.ts) and the message is not left parked.
 */
import type { TransactionSql } from "postgres";
import { ActionFailed, type ActionContext } from "./context.ts";
import { moveTrashOrDelete } from "./destructive.ts";
import type { Copy } from "./local-copies.ts";
import { journalMessageAction, type ActionRequest } from "./request.ts";
import { findRoleFolder } from "./role-folders.ts";

type SnoozeRequest = Extract<ActionRequest, { action: "snooze" | "unsnooze" }>;

export async function moveForSnooze(ctx: ActionContext, request: SnoozeRequest, local: Copy[]): Promise<void> {
  const [message] = await ctx.sql<{ snoozed: boolean }[]>`select snoozed_until is not null as snoozed from messages where id = ${ctx.messageId}`;
  if (!message) throw new ActionFailed("the message is no longer on the server");
  if (request.action === "snooze") return park(ctx, request, local, message.snoozed);
  if (message.snoozed) return;
  try {
    await bringBack(ctx, request, local);
  } catch (error) {
    if (error instanceof ActionFailed) await ctx.sql`update messages set snooze_moved = false where id = ${ctx.messageId}`;
    throw error;
  }
  await ctx.sql`update messages set snooze_moved = false where id = ${ctx.messageId}`;
}

async function park(ctx: ActionContext, request: SnoozeRequest, local: Copy[], snoozed: boolean): Promise<void> {
  if (!snoozed) throw new ActionFailed("the message was back in the list before the server was reached; nothing was moved");
  await moveTrashOrDelete(ctx, request, local);
  // One statement, so a wake running now either sees the flag (and asks for the move back) or is seen here.
  const [after] = await ctx.sql<{ snoozed: boolean }[]>`update messages set snooze_moved = true where id = ${ctx.messageId} returning snoozed_until is not null as snoozed`;
  if (after && !after.snoozed) await ctx.sql.begin((tx) => journalMovesBack(tx, ctx.account.userId, [ctx.messageId]));
}

async function bringBack(ctx: ActionContext, request: SnoozeRequest, local: Copy[]): Promise<void> {
  const parked = await findRoleFolder(ctx.sql, ctx.account.id, "snoozed");
  const inParked = local.filter((copy) => copy.folderId === parked?.id);
  if (!parked || inParked.length === 0) return;
  const [back] =
    request.action === "unsnooze" && request.folderId
      ? await ctx.sql<{ id: string }[]>`select id from folders where id = ${request.folderId} and account_id = ${ctx.account.id} and exists_on_server and id <> ${parked.id}`
      : [];
  const target = back ?? (await findRoleFolder(ctx.sql, ctx.account.id, "inbox"));
  if (!target) throw new ActionFailed("the account has no INBOX");
  await moveTrashOrDelete(ctx, { action: "move", folderId: target.id }, inParked);
}

/**
 * Journals the move back for those of the user's `ids` whose copy a snooze
 * parked (snooze_moved) and that are not snoozed now, unless one is already
 * pending, in the caller's transaction (with the wake). The target is the
 * folder the last snooze move took the copy from (its journal before-state),
 * INBOX when that is unknown or gone. Returns how many were asked for.
 */
export async function journalMovesBack(tx: TransactionSql, userId: string, ids: string[], options: { batchId?: string } = {}): Promise<number> {
  if (ids.length === 0) return 0;
  const due = await tx<{ id: string; folderId: string | null }[]>`
    select m.id,
           (select (j.before -> 0 ->> 'folderId')::uuid from action_journal j
            join folders f on f.id = (j.before -> 0 ->> 'folderId')::uuid and f.exists_on_server and f.chosen_role is distinct from 'snoozed'
            where j.message_id = m.id and j.user_id = ${userId} and j.action = 'snooze' and j.state = 'done'
            order by j.created_at desc limit 1) as "folderId"
    from messages m
    where m.user_id = ${userId} and m.id = any(${ids}::uuid[]) and m.snooze_moved and m.snoozed_until is null
      and not exists (select 1 from action_journal j where j.message_id = m.id and j.action = 'unsnooze' and j.state = 'pending')
    for update of m`;
  let requested = 0;
  for (const message of due) {
    const request: ActionRequest = message.folderId ? { action: "unsnooze", folderId: message.folderId } : { action: "unsnooze" };
    const result = await journalMessageAction(tx, userId, message.id, request, { requestedBy: "snooze_return", batchId: options.batchId });
    if (result.ok) requested++;
  }
  return requested;
}
