/**
 * What a bulk action did, in words, and how to put it back. Without
 * JavaScript the post redirects back to the list with the outcome in the
 * query (a redirect carries no body); with htmx the same notice comes with
 * the swapped list. Server changes are undone through their journal batch
 * (POST /actions/:journalId/undo, which also reopens and wakes the ids it
 * is given); done and snooze are local marks, undone by posting the inverse
 * for the same ids (undone, unsnooze) when nothing went to the server.
 */
import { translator, type Lang, type MessageKey } from "../../../../i18n/messages.ts";
import { isUuid } from "../../../../ids.ts";
import type { Notice, UndoForm } from "../../../../../views/actions/undo-notice.tsx";
import { formatDateTime } from "../../../../../views/format.ts";

/** Removed from the list's own query: none may share a name with a filter (`tag` is one). */
export const BULK_NOTICE_PARAMS = ["bulk", "count", "skipped", "undo", "reopen", "wake", "until", "bulkTag", "tagged"] as const;
export const LOCAL_ACTIONS = ["done", "undone", "unsnooze"] as const;
export const SERVER_ACTIONS = ["read", "unread", "flag", "unflag", "trash", "move", "archive", "spam", "notspam"] as const;
export const SNOOZE_ACTIONS = ["snooze-later", "snooze-tomorrow", "snooze-nextweek", "snooze-at"] as const;
/** A tag put on or taken off the selection (`tagId`): here at once, on the server through the journal (src/tags/assign.ts). */
export const TAG_ACTIONS = ["tag", "untag"] as const;
/** Outcomes that are not an action of the form: an undo, or a post with nothing selected. */
type OtherOutcome = "snooze" | "restored" | "notundoable" | "none";
export type BulkAction = (typeof LOCAL_ACTIONS)[number] | (typeof SERVER_ACTIONS)[number] | (typeof SNOOZE_ACTIONS)[number] | (typeof TAG_ACTIONS)[number];

export interface BulkOutcome {
  action: Exclude<BulkAction, (typeof SNOOZE_ACTIONS)[number]> | OtherOutcome;
  count: number;
  skipped: number;
  /** The journal entry whose batch undoes the server side. */
  undoJournalId?: string | null;
  /** Marked done here: reopened by the undo. */
  reopen?: string[];
  /** Snoozed here: woken by the undo. */
  wake?: string[];
  until?: Date;
  /** The tag put on or taken off, and the messages that changed: the undo does the inverse for them. */
  tag?: { id: string; changed: string[] };
}

const TEXTS: Record<BulkOutcome["action"], MessageKey> = {
  done: "list.bulk.result.done",
  undone: "list.bulk.result.undone",
  read: "list.bulk.result.queued",
  unread: "list.bulk.result.queued",
  flag: "list.bulk.result.queued",
  unflag: "list.bulk.result.queued",
  trash: "actions.notice.trashed",
  move: "actions.notice.moved",
  archive: "actions.notice.archived",
  spam: "actions.notice.spam",
  notspam: "actions.notice.notSpam",
  snooze: "actions.notice.snoozed",
  unsnooze: "actions.notice.unsnoozed",
  restored: "actions.notice.undone",
  notundoable: "actions.notice.notUndoable",
  none: "list.bulk.none",
  tag: "tags.notice.bulkTagged",
  untag: "tags.notice.bulkUntagged",
};

export function bulkNoticeParams(outcome: BulkOutcome): Record<string, string> {
  const params: Record<string, string> = { bulk: outcome.action, count: String(outcome.count), skipped: String(outcome.skipped) };
  if (outcome.undoJournalId) params.undo = outcome.undoJournalId;
  if (outcome.reopen?.length) params.reopen = outcome.reopen.join(",");
  if (outcome.wake?.length) params.wake = outcome.wake.join(",");
  if (outcome.until) params.until = outcome.until.toISOString();
  if (outcome.tag) {
    params.bulkTag = outcome.tag.id;
    if (outcome.tag.changed.length) params.tagged = outcome.tag.changed.join(",");
  }
  return params;
}

const idList = (value: string | undefined) => (value ? value.split(",").filter(isUuid) : []);

function undoForm(raw: Record<string, string | undefined>, back: string): UndoForm | undefined {
  const reopen = idList(raw.reopen);
  const wake = idList(raw.wake);
  const ids = (list: string[]): [string, string][] => list.map((id) => ["id", id]);
  // A tag change is undone by its inverse on the messages it changed, which takes the same way to the server.
  const tagged = idList(raw.tagged);
  if ((raw.bulk === "tag" || raw.bulk === "untag") && raw.bulkTag && isUuid(raw.bulkTag) && tagged.length)
    return { url: "/messages/bulk", fields: [["action", raw.bulk === "tag" ? "untag" : "tag"], ["tagId", raw.bulkTag], ["back", back], ...ids(tagged)] };
  if (raw.undo && isUuid(raw.undo)) return { url: `/actions/${raw.undo}/undo`, fields: [["back", back], ...ids(reopen), ...wake.map((id): [string, string] => ["wake", id])] };
  if (reopen.length) return { url: "/messages/bulk", fields: [["action", "undone"], ["back", back], ...ids(reopen)] };
  if (wake.length) return { url: "/messages/bulk", fields: [["action", "unsnooze"], ["back", back], ...ids(wake)] };
  return undefined;
}

/** The notice the query names, or undefined; `back` is the list the undo returns to; `tags` name the tag of a tag change. */
export function bulkNotice(lang: Lang, raw: Record<string, string | undefined>, back: string, timeZone: string, tags: { id: string; name: string }[] = []): Notice | undefined {
  const tr = translator(lang);
  const action = raw.bulk as BulkOutcome["action"] | undefined;
  const count = Number(raw.count);
  const skipped = Number(raw.skipped ?? 0);
  if (!action || !Object.hasOwn(TEXTS, action) || !Number.isInteger(count) || count < 0 || !Number.isInteger(skipped) || skipped < 0) return undefined;
  const until = raw.until ? new Date(raw.until) : undefined;
  const time = until && !Number.isNaN(until.getTime()) ? formatDateTime(until, lang, timeZone) : "";
  const text = tr(TEXTS[action], { count: String(count), time, name: tags.find((tag) => tag.id === raw.bulkTag)?.name ?? "" });
  return { text: skipped > 0 ? `${text} ${tr("list.bulk.result.skipped", { count: String(skipped) })}` : text, undo: undoForm(raw, back) };
}
