/**
 * The message's state and what can be done with it. Each action is a form
 * that works without JavaScript (POST, then back to the page); htmx posts
 * the same form and follows the redirect it is told about.
 */
import { folderName } from "../folder-name.ts";
import type { PageContext } from "../page.ts";
import { translator } from "../../src/i18n/messages.ts";
import type { PendingAction } from "../../src/inbox/message-details.ts";
import type { OwnMessage } from "../../src/inbox/message.ts";
import { SnoozeMenu } from "./list-rows.tsx";
import { MESSAGE_ACTIONS, type MessageAction } from "../../src/mail/actions/request.ts";

export const PAGE_ACTIONS = ["mark_read", "mark_unread", "flag", "unflag", "move", "trash", "delete"] as const;
export type PageAction = (typeof PAGE_ACTIONS)[number];

function ActionButton({ page, message, action, confirm }: { page: PageContext; message: OwnMessage; action: Exclude<PageAction, "move">; confirm?: string }) {
  const tr = translator(page.lang);
  const url = `/messages/${message.id}/actions`;
  return (
    <form method="post" action={url} hx-post={url} hx-confirm={confirm}>
      <input type="hidden" name="action" value={action} />
      <button type="submit">{tr(`message.action.${action}`)}</button>
    </form>
  );
}

export function MessageActions({
  page,
  message,
  moveTargets,
  pending,
  spam,
  snooze,
  listState,
}: {
  page: PageContext;
  message: OwnMessage;
  moveTargets: { id: string; name: string; path: string; specialUse: string | null }[];
  pending: PendingAction[];
  spam: boolean;
  snooze: { laterToday: boolean; until?: string };
  /** The list the page was opened from (its `?list=`): kept through each action, so "back" still returns to it. */
  listState?: string;
}) {
  const tr = translator(page.lang);
  const inList = listState === undefined ? "" : `?list=${encodeURIComponent(listState)}`;
  const doneUrl = `/messages/${message.id}/done${inList}`;
  const actionsUrl = `/messages/${message.id}/actions${inList}`;
  const spamUrl = `/messages/${message.id}/spam${inList}`;
  const snoozeUrl = `/messages/${message.id}/snooze${inList}`;
  return (
    <section class="card mh-actions-card" aria-labelledby="actions-title">
      <h2 id="actions-title" class="mh-vh">
        {tr("message.actions.title")}
      </h2>
      <div class="mh-state">
        <span class="mh-badge mh-seen">{tr(message.seen ? "message.state.read" : "message.state.unread")}</span>
        {message.flagged && <span class="mh-badge mh-flagged">{tr("message.state.flagged")}</span>}
        {message.doneAt && <span class="mh-badge mh-done">{tr("message.state.done")}</span>}
        {snooze.until && <span class="mh-badge mh-snoozed">{tr("actions.snooze.state", { time: snooze.until })}</span>}
      </div>
      {pending.length > 0 && (
        <ul class="mh-pending" aria-live="polite">
          {pending.map((entry) => (
            <li data-state={entry.state}>
              {tr(entry.state === "pending" ? "message.pending.waiting" : "message.pending.failed", {
                action: (PAGE_ACTIONS as readonly string[]).includes(entry.action)
                  ? tr(`message.action.${entry.action as PageAction}`)
                  : tr(`actions.name.${(MESSAGE_ACTIONS as readonly string[]).includes(entry.action) ? (entry.action as MessageAction) : "move"}`),
              })}
            </li>
          ))}
        </ul>
      )}
      <div class="mh-actions">
        <a href={`/messages/${message.id}/reply`} class="button" data-shortcut="r" aria-keyshortcuts="r">
          {tr("compose.action.reply")}
        </a>
        <a href={`/messages/${message.id}/reply-all`} class="button" data-shortcut="a" aria-keyshortcuts="a">
          {tr("compose.action.replyAll")}
        </a>
        <a href={`/messages/${message.id}/forward`} class="button" data-shortcut="f" aria-keyshortcuts="f">
          {tr("compose.action.forward")}
        </a>
        <form method="post" action={actionsUrl} hx-post={actionsUrl}>
          <input type="hidden" name="action" value="archive" />
          <button type="submit" data-shortcut="e" aria-keyshortcuts="e">
            {tr("actions.archive")}
          </button>
        </form>
        <form method="post" action={doneUrl} hx-post={doneUrl}>
          <input type="hidden" name="done" value={message.doneAt ? "0" : "1"} />
          <button type="submit" data-shortcut="d" aria-keyshortcuts="d">
            {tr(message.doneAt ? "message.action.notDone" : "message.action.done")}
          </button>
        </form>
        <form method="post" action={spamUrl} hx-post={spamUrl}>
          <input type="hidden" name="spam" value={spam ? "0" : "1"} />
          <button type="submit" data-shortcut="!" aria-keyshortcuts="!">
            {tr(spam ? "actions.notSpam" : "actions.spam")}
          </button>
        </form>
        <form method="post" action={snoozeUrl} hx-post={snoozeUrl} class="mh-snooze">
          <SnoozeMenu lang={page.lang} laterToday={snooze.laterToday} name="until" prefix="" shortcut="s" />
          {snooze.until && (
            <button type="submit" name="until" value="clear">
              {tr("actions.snooze.clear")}
            </button>
          )}
        </form>
        <ActionButton page={page} message={message} action={message.seen ? "mark_unread" : "mark_read"} />
        <ActionButton page={page} message={message} action={message.flagged ? "unflag" : "flag"} />
        {moveTargets.length > 0 && (
          <form method="post" action={actionsUrl} hx-post={actionsUrl}>
            <input type="hidden" name="action" value="move" />
            <label for="move-target">{tr("message.action.moveTo")}</label>
            <select id="move-target" name="folderId">
              {moveTargets.map((folder) => (
                <option value={folder.id}>{folderName(page.lang, { name: folder.path, specialUse: folder.specialUse })}</option>
              ))}
            </select>
            <button type="submit">{tr("message.action.move")}</button>
          </form>
        )}
        <ActionButton page={page} message={message} action="trash" />
        <ActionButton page={page} message={message} action="delete" confirm={tr("message.action.deleteConfirm")} />
        <a href={`/rules/new?message=${message.id}`} class="mh-make-rule">
          {tr("ruleEditor.fromMessage")}
        </a>
      </div>
    </section>
  );
}
