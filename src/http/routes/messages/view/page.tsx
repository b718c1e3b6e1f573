import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { messageNotice } from "./notice.ts";
import { snoozeChoices } from "../../../../mail/actions/snooze.ts";
import { formatDateTime } from "../../../../../views/format.ts";
import { textFromHtml } from "../../../../mail/parse/html-text.ts";
import type { AppEnv } from "../../../env.ts";
import { pageContext } from "../../../page.ts";
import { messageDetails } from "../../../../inbox/message-details.ts";
import { messageCalendarEvent } from "../../../../inbox/calendar-event.ts";
import { openSuggestions, userTagChips } from "../../../../inbox/message-tags.ts";
import { renderFrameBody } from "./frame-body.ts";
import { messagePart } from "../../../../inbox/message.ts";
import { ownMessage } from "../../../request.ts";
import { MessagePage, type BodyView } from "../../../../../views/messages/message-page.tsx";
import { remoteChoice } from "./remote.ts";
import { vipEntriesFor } from "../../../../senders/vip.ts";
import { listNeighbours } from "../../../../inbox/message-neighbours.ts";
import { markReadOnOpen } from "../../../../mail/actions/read-on-open.ts";
import { AppError } from "../../../errors.ts";
import { messageHref, readListContext } from "./list-context.ts";
import { messageUnsubscribeOptions } from "../../../../mail/unsubscribe-request.ts";
import type { ListNavigation } from "../../../../../views/messages/list-navigation.tsx";
import { pendingSuggestions } from "../../../../rules/pending-suggestions.ts";
import { isUuid } from "../../../../ids.ts";
import { translator, type Lang } from "../../../../i18n/messages.ts";
import { translationState } from "../../../../mail/translate/page-state.ts";

/** After a rule suggestion's form without htmx (src/http/routes/rules/suggestions.tsx): the applied one's undo, or what was done. */
function suggestionOutcome(lang: Lang, query: Record<string, string>): { applied?: string; notice?: string } {
  if (query.ruleApplied && isUuid(query.ruleApplied)) return { applied: query.ruleApplied };
  const tr = translator(lang);
  if (query.ruleNotice === "dismissed") return { notice: tr("ruleSuggestions.dismissed") };
  if (query.ruleNotice === "undone") return { notice: tr("ruleSuggestions.undone", { count: String(Number.parseInt(query.count ?? "", 10) || 0) }) };
  return {};
}

/** Spam as the user sees it: the analysis says so, the copy is in Junk, or a spam report is on its way there (an unanalysed message too). */
function spamState(analysis: { spam: boolean } | undefined, folders: { specialUse: string | null }[], pending: { action: string; state: string }[]): boolean {
  const reported = pending.findLast((entry) => entry.state === "pending" && (entry.action === "junk" || entry.action === "inbox"));
  if (reported) return reported.action === "junk";
  return analysis?.spam === true || folders.some((folder) => folder.specialUse === "junk");
}

/**
 * The message page. `?view=text` shows the plain text (always available);
 * otherwise the HTML is shown in a sandboxed frame (./body.ts). `?remote=1`
 * loads remote content for this one view. `?list=` is the list the message
 * was opened from (./list-context.ts): the page links back to it and to the
 * messages either side in it. Opening an unread message marks it read when
 * the user wants that (src/mail/actions/read-on-open.ts), but only for a
 * navigation from this site or typed in: another site linking or embedding
 * the page, or a prefetch, changes nothing.
 */
export function registerMessagePage(app: Hono<AppEnv>, services: Services) {
  app.get("/messages/:messageId", async (c) => {
    const opened = await ownMessage(c, services, c.req.param("messageId"));
    const list = readListContext(c.req.query("list"));
    // Read on open only for the user's own navigation to the page: not another site's link or frame, not a prefetch.
    const [fetchSite, fetchDest, purpose] = [c.req.header("sec-fetch-site"), c.req.header("sec-fetch-dest"), c.req.header("sec-purpose") ?? c.req.header("purpose")];
    const ownNavigation = (fetchSite === undefined || fetchSite === "same-origin" || fetchSite === "none") && (fetchDest === undefined || fetchDest === "document") && !purpose?.includes("prefetch");
    const [readNow, neighbours] = await Promise.all([
      ownNavigation ? markReadOnOpen(services.sql, opened.userId, opened) : false,
      list ? listNeighbours(services.sql, opened.dataKey, opened.userId, opened.id, list.query) : undefined,
    ]);
    if (list && !neighbours) throw new AppError("NOT_FOUND", "no such list filter");
    // Shown as read at once; the server's \Seen follows when the job has run.
    const message = readNow ? { ...opened, seen: true } : opened;
    const listNavigation: ListNavigation | undefined =
      list && neighbours
        ? {
            back: list.back,
            previous: neighbours.previous && { href: messageHref(neighbours.previous.id, list.state), subject: neighbours.previous.subject },
            next: neighbours.next && { href: messageHref(neighbours.next.id, list.state), subject: neighbours.next.subject },
          }
        : undefined;
    const view: BodyView = c.req.query("view") === "text" || !message.hasHtml ? "text" : "html";
    const [{ locations, targets, thread, analysis, tags, attachments, pending }, remote, vipEntries, rulePending] = await Promise.all([
      messageDetails(services.sql, message),
      remoteChoice(c, services, message),
      vipEntriesFor(services.sql, message.dataKey, message.userId, message.headers.from[0]?.address),
      pendingSuggestions(services.sql, message.dataKey, message.userId, { messageIds: [message.id] }),
    ]);
    // "Abbestellen" on a newsletter: the ways its List-Unsubscribe header offers.
    const unsubscribe = analysis?.newsletter ? ((await messageUnsubscribeOptions(services.sql, message.dataKey, message.userId, message.id)) ?? undefined) : undefined;
    let text: string | null = null;
    let blocked = 0;
    if (view === "html") {
      // Rendered as the frame (./body.ts) will show it, and kept for its request; only the count is used here.
      blocked = (await renderFrameBody(services, message, remote.allowed, attachments)).blockedRemote;
    } else {
      text = await messagePart(services.sql, message, "text");
      if (!text && message.hasHtml) text = textFromHtml((await messagePart(services.sql, message, "html")) ?? "");
    }
    const timeZone = pageContext(c).timeZone;
    const snooze = {
      laterToday: snoozeChoices(new Date(), timeZone).laterToday !== null,
      until: message.snoozedUntil && message.snoozedUntil > new Date() ? formatDateTime(message.snoozedUntil, c.get("lang"), timeZone) : undefined,
    };
    const [calendar, allTags] = await Promise.all([messageCalendarEvent(services.sql, message, attachments), userTagChips(services.sql, message)]);
    const suggestions = await openSuggestions(services.sql, message, analysis?.detail?.tags, tags, allTags);
    const translation = await translationState(services.sql, message.dataKey, message.userId, message.id, c.get("lang"), c.req.query("translation"));
    const notice = messageNotice(c.get("lang"), message.id, c.req.query(), timeZone, allTags);
    c.header("Cache-Control", "no-store");
    return c.html(
      <MessagePage
        page={pageContext(c)}
        message={message}
        accountLabel={locations.accountLabel}
        folders={locations.folders}
        moveTargets={targets.filter((folder) => !locations.folders.some((location) => location.folderId === folder.id))}
        thread={thread}
        analysis={analysis}
        tags={tags}
        allTags={allTags}
        suggestions={suggestions}
        attachments={attachments}
        pending={pending}
        view={view}
        text={text}
        remote={{ ...remote, blocked }}
        listNavigation={listNavigation}
        listState={list?.state}
        unsubscribe={unsubscribe}
        notice={notice}
        spam={spamState(analysis, locations.folders, pending)}
        snooze={snooze}
        calendar={calendar}
        vip={message.headers.from[0]?.address ? { entry: vipEntries[0] ?? null } : undefined}
        ruleSuggestions={{ pending: rulePending, ...suggestionOutcome(c.get("lang"), c.req.query()) }}
        translation={translation}
      />,
    );
  });
}
