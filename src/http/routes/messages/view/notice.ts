/**
 * The message page's notice after an action (the `done` query parameter the
 * action's redirect sets) and its undo: the journal's undo for server
 * changes (`undo`: the entry), the inverse form for the local marks.
 */
import { translator, type Lang, type MessageKey } from "../../../../i18n/messages.ts";
import { isUuid } from "../../../../ids.ts";
import type { Notice, UndoForm } from "../../../../../views/actions/undo-notice.tsx";
import { formatDateTime } from "../../../../../views/format.ts";

const NOTICES = {
  queued: "message.notice.queued",
  done: "message.notice.done",
  undone: "message.notice.undone",
  remote: "message.notice.remoteSaved",
  remoteForgotten: "message.notice.remoteForgotten",
  corrected: "message.corrected",
  reanalysis: "message.reanalysisQueued",
  archived: "actions.notice.messageArchived",
  spam: "actions.notice.messageSpam",
  notspam: "actions.notice.messageNotSpam",
  snoozed: "actions.notice.messageSnoozed",
  unsnoozed: "actions.notice.messageUnsnoozed",
  restored: "actions.notice.undone",
  notundoable: "actions.notice.notUndoable",
  tagged: "tags.notice.tagged",
  untagged: "tags.notice.untagged",
  tagrejected: "tags.notice.rejected",
  taggedsimilar: "tags.notice.bulkTagged",
  vip: "vip.notice.markedFromMessage",
  unvip: "vip.notice.unmarkedFromMessage",
} as const satisfies Record<string, MessageKey>;

/** `tags`: the user's tags, for the name a tag notice (`tag=<id>`) shows; never the name in the address. */
export function messageNotice(lang: Lang, messageId: string, query: Record<string, string | undefined>, timeZone: string, tags: { id: string; name: string }[] = []): Notice | undefined {
  const kind = query.done as keyof typeof NOTICES | undefined;
  if (!kind || !Object.hasOwn(NOTICES, kind)) return undefined;
  const tr = translator(lang);
  const until = query.until ? new Date(query.until) : undefined;
  const tag = tags.find((entry) => entry.id === query.tag);
  const text = tr(NOTICES[kind], { time: until && !Number.isNaN(until.getTime()) ? formatDateTime(until, lang, timeZone) : "", name: tag?.name ?? "", count: query.count ?? "0" });
  // A tag change is undone by its inverse, which takes the same way to the server (src/tags/assign.ts).
  if (tag && (kind === "tagged" || kind === "untagged"))
    return {
      text,
      undo: {
        url: `/messages/${messageId}/tags`,
        fields: [
          ["op", kind === "tagged" ? "remove" : "add"],
          ["tagId", tag.id],
        ],
      },
    };
  const back: [string, string] = ["back", `/messages/${messageId}`];
  const journal = query.undo && isUuid(query.undo) ? query.undo : undefined;
  let undo: UndoForm | undefined;
  if (kind === "done") undo = journal ? { url: `/actions/${journal}/undo`, fields: [back, ["id", messageId]] } : { url: `/messages/${messageId}/done`, fields: [["done", "0"]] };
  else if (kind === "snoozed") undo = journal ? { url: `/actions/${journal}/undo`, fields: [back, ["wake", messageId]] } : { url: `/messages/${messageId}/snooze`, fields: [["until", "clear"]] };
  else if (journal && (kind === "queued" || kind === "archived" || kind === "spam" || kind === "notspam")) undo = { url: `/actions/${journal}/undo`, fields: [back] };
  return { text, undo };
}
