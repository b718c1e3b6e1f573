import { pageContext } from "../../../page.ts";
import type { Services } from "../../../../services.ts";
import type { Context, Hono } from "hono";
import { isUuid } from "../../../../ids.ts";
import { translator } from "../../../../i18n/messages.ts";
import { requestBulkAction } from "../../../../mail/actions/bulk.ts";
import { finishMessages, setMessagesDone } from "../../../../mail/actions/done.ts";
import type { ActionRequest } from "../../../../mail/actions/request.ts";
import { snoozeMessages } from "../../../../mail/actions/snooze.ts";
import { resolveSnooze, type SnoozeChoice } from "../../../../mail/actions/snooze-choice.ts";
import { reportSpamBulk } from "../../../../mail/actions/spam-report.ts";
import { MAX_BULK_MESSAGES } from "../../../../search/limits.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { safeLocalPath } from "../../../form.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { isHtmx, requestDataKey } from "../../../request.ts";
import { addTag, removeTag } from "../../../../tags/assign.ts";
import { bulkNoticeParams, LOCAL_ACTIONS, SERVER_ACTIONS, SNOOZE_ACTIONS, TAG_ACTIONS, type BulkAction, type BulkOutcome } from "./bulk-notice.ts";
import { renderMessageList } from "./render.tsx";

const SERVER_REQUESTS: Record<"read" | "unread" | "flag" | "unflag" | "trash" | "archive", ActionRequest["action"]> = {
  read: "mark_read",
  unread: "mark_unread",
  flag: "flag",
  unflag: "unflag",
  trash: "trash",
  archive: "archive",
};

interface BulkForm {
  action: BulkAction;
  ids: string[];
  folderId?: string;
  snoozeAt?: string;
  tagId?: string;
  back: string;
}

/** The list to return to: a /messages address only, anything else falls back to the plain list. */
export function listBack(value: string | undefined, publicUrl: string): string {
  const back = safeLocalPath(value, publicUrl, "/messages");
  return back === "/messages" || back.startsWith("/messages?") ? back : "/messages";
}

async function readBulkForm(c: Context<AppEnv>, publicUrl: string): Promise<BulkForm> {
  const tr = translator(c.get("lang"));
  const body = await c.req.parseBody({ all: true });
  const field = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  const back = listBack(field("back"), publicUrl);
  // A row's own button (`row=archive:<id>`, done, spam, notspam) acts on that row alone, whatever else is selected.
  const row = /^(archive|done|spam|notspam):([0-9a-f-]{36})$/i.exec(field("row") ?? "");
  if (row && isUuid(row[2]!)) return { action: row[1] as BulkAction, ids: [row[2]!], back };
  const action = field("action");
  if (!action || ![...LOCAL_ACTIONS, ...SERVER_ACTIONS, ...SNOOZE_ACTIONS, ...TAG_ACTIONS].includes(action as BulkAction)) throw new AppError("BAD_REQUEST", tr("list.bulk.badAction"));
  const ids = [body.id ?? []].flat().filter((id): id is string => typeof id === "string");
  if (ids.length > MAX_BULK_MESSAGES) throw new AppError("BAD_REQUEST", tr("list.bulk.tooMany", { max: String(MAX_BULK_MESSAGES) }));
  if (!ids.every(isUuid)) throw new AppError("BAD_REQUEST", "id: not a message id");
  const folderId = field("folderId");
  if (action === "move" && ids.length > 0 && !(folderId && isUuid(folderId))) throw new AppError("BAD_REQUEST", "folderId: choose a folder");
  const tagId = field("tagId");
  if ((action === "tag" || action === "untag") && ids.length > 0 && !(tagId && isUuid(tagId))) throw new AppError("BAD_REQUEST", `tagId: ${tr("tags.bulk.choose")}`);
  return { action: action as BulkAction, ids: [...new Set(ids)], folderId, snoozeAt: field("snoozeAt"), tagId, back };
}

/** Done is the user's own bookkeeping (src/mail/actions/done.ts): it changes at once, and archives too if the user chose so. */
async function setDone({ sql }: Services, userId: string, ids: string[], done: boolean): Promise<BulkOutcome> {
  if (!done) {
    const { changed, owned } = await setMessagesDone(sql, userId, ids, false);
    if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
    return { action: "undone", count: changed, skipped: ids.length - owned };
  }
  const { changed, owned, archiveJournalId } = await finishMessages(sql, userId, ids);
  if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
  return { action: "done", count: changed, skipped: ids.length - owned, reopen: ids, undoJournalId: archiveJournalId };
}

/** Snooze, like done, changes here at once (and moves to the Snoozed folder if the user chose so); the undo wakes the same ids, through the journal when the server was asked. */
async function snooze({ sql }: Services, c: Context<AppEnv>, userId: string, form: BulkForm): Promise<BulkOutcome> {
  if (form.action === "unsnooze") {
    const { owned } = await snoozeMessages(sql, userId, form.ids, null);
    if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
    return { action: "unsnooze", count: owned, skipped: form.ids.length - owned };
  }
  const choice = form.action.slice("snooze-".length) as SnoozeChoice;
  const until = resolveSnooze(choice, form.snoozeAt, new Date(), pageContext(c).timeZone);
  if (!until) throw new AppError("BAD_REQUEST", `snoozeAt: ${translator(c.get("lang"))("actions.snooze.badTime")}`);
  const { owned, journalId } = await snoozeMessages(sql, userId, form.ids, until);
  if (owned === 0) throw new AppError("NOT_FOUND", "no such message");
  return { action: "snooze", count: owned, skipped: form.ids.length - owned, wake: form.ids, until, undoJournalId: journalId };
}

/** Server changes: one journal entry and job per message, like a single action; the batch is undone as a whole. */
async function requestOnServer(services: Services, c: Context<AppEnv>, userId: string, form: BulkForm): Promise<BulkOutcome> {
  if (form.action === "spam" || form.action === "notspam") {
    const reported = await reportSpamBulk(services.sql, await requestDataKey(c, services), userId, form.ids, form.action === "spam");
    if (reported.notFound === form.ids.length) throw new AppError("NOT_FOUND", "no such message");
    return { action: form.action, count: reported.reported, skipped: form.ids.length - reported.reported, undoJournalId: reported.journalId };
  }
  const request: ActionRequest = form.action === "move" ? { action: "move", folderId: form.folderId! } : ({ action: SERVER_REQUESTS[form.action as keyof typeof SERVER_REQUESTS] } as ActionRequest);
  const { queued, notFound, journalId } = await requestBulkAction(services.sql, userId, form.ids, request);
  if (notFound === form.ids.length) throw new AppError("NOT_FOUND", "no such message");
  return { action: form.action as BulkOutcome["action"], count: queued, skipped: form.ids.length - queued, undoJournalId: journalId };
}

/** A tag on or off the selection; another user's tag is not found. */
async function changeTag(services: Services, c: Context<AppEnv>, userId: string, form: BulkForm): Promise<BulkOutcome> {
  const tagId = form.tagId!;
  const change = form.action === "tag" ? await addTag(services.sql, await requestDataKey(c, services), userId, tagId, form.ids) : await removeTag(services.sql, userId, tagId, form.ids);
  if (!change) throw new AppError("NOT_FOUND", "no such tag");
  if (change.notFound === form.ids.length) throw new AppError("NOT_FOUND", "no such message");
  return { action: form.action as "tag" | "untag", count: change.changed.length, skipped: change.notFound, tag: { id: tagId, changed: change.changed } };
}

async function perform(services: Services, c: Context<AppEnv>, userId: string, form: BulkForm): Promise<BulkOutcome> {
  // Nothing selected: a friendly word, not an error (the buttons are disabled then, but not without JavaScript).
  if (form.ids.length === 0) return { action: "none", count: 0, skipped: 0 };
  if (form.action === "done" || form.action === "undone") return await setDone(services, userId, form.ids, form.action === "done");
  if (form.action === "unsnooze" || form.action.startsWith("snooze-")) return await snooze(services, c, userId, form);
  if (form.action === "tag" || form.action === "untag") return await changeTag(services, c, userId, form);
  return await requestOnServer(services, c, userId, form);
}

/** After an action on the list: back to the same list with the notice (a redirect without JavaScript, the swapped list with htmx). */
export async function answerWithList(c: Context<AppEnv>, services: Services, back: string, outcome: BulkOutcome) {
  const params = bulkNoticeParams(outcome);
  if (!isHtmx(c)) return c.redirect(`${back}${back.includes("?") ? "&" : "?"}${new URLSearchParams(params)}`, 303);
  const raw = Object.fromEntries(new URL(back, "http://list").searchParams);
  return renderMessageList(c, services, raw, params, true);
}

/**
 * POST /messages/bulk: done/undone, read/unread, flag/unflag, move, trash,
 * archive, spam/not spam, snooze/unsnooze, tag/untag for the selected messages. Ids
 * that are not the user's are skipped like ids that do not exist; if none
 * is the user's, 404. Nothing selected answers a notice saying so.
 */
export function registerMessageListBulk(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/bulk", async (c) => {
    const userId = actingUser(c).id;
    const form = await readBulkForm(c, services.config.publicUrl);
    const outcome = await perform(services, c, userId, form);
    c.get("log").info("bulk message action", { userId, action: outcome.action, count: outcome.count, skipped: outcome.skipped });
    return answerWithList(c, services, form.back, outcome);
  });
}
