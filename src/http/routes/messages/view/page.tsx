import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { userTimeZone } from "../../../../mail/actions/snooze-choice.ts";
import { messageNotice } from "./notice.ts";
import { snoozeChoices } from "../../../../mail/actions/snooze.ts";
import { formatInZone } from "../../../../../views/format-zone.ts";
import { textFromHtml } from "../../../../mail/parse/html-text.ts";
import type { AppEnv } from "../../../env.ts";
import { pageContext } from "../../../page.ts";
import { messageDetails } from "../../../../inbox/message-details.ts";
import { renderFrameBody } from "./frame-body.ts";
import { messagePart } from "../../../../inbox/message.ts";
import { ownMessage } from "../../../request.ts";
import { MessagePage, type BodyView } from "../../../../../views/messages/message-page.tsx";
import { remoteChoice } from "./remote.ts";

/** Spam as the user sees it: the analysis says so, the copy is in Junk, or a spam report is on its way there (an unanalysed message too). */
function spamState(analysis: { spam: boolean } | undefined, folders: { specialUse: string | null }[], pending: { action: string; state: string }[]): boolean {
  const reported = pending.findLast((entry) => entry.state === "pending" && (entry.action === "junk" || entry.action === "inbox"));
  if (reported) return reported.action === "junk";
  return analysis?.spam === true || folders.some((folder) => folder.specialUse === "junk");
}

/**
 * The message page. `?view=text` shows the plain text (always available);
 * otherwise the HTML is shown in a sandboxed frame (./body.ts). `?remote=1`
 * loads remote content for this one view.
 */
export function registerMessagePage(app: Hono<AppEnv>, services: Services) {
  app.get("/messages/:messageId", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const view: BodyView = c.req.query("view") === "text" || !message.hasHtml ? "text" : "html";
    const [{ locations, targets, thread, analysis, tags, attachments, pending }, remote] = await Promise.all([messageDetails(services.sql, message), remoteChoice(c, services, message)]);
    let text: string | null = null;
    let blocked = 0;
    if (view === "html") {
      // Rendered as the frame (./body.ts) will show it, and kept for its request; only the count is used here.
      blocked = (await renderFrameBody(services, message, remote.allowed, attachments)).blockedRemote;
    } else {
      text = await messagePart(services.sql, message, "text");
      if (!text && message.hasHtml) text = textFromHtml((await messagePart(services.sql, message, "html")) ?? "");
    }
    const timeZone = await userTimeZone(services.sql, message.userId);
    const notice = messageNotice(c.get("lang"), message.id, c.req.query(), timeZone);
    const snooze = {
      laterToday: snoozeChoices(new Date(), timeZone).laterToday !== null,
      until: message.snoozedUntil && message.snoozedUntil > new Date() ? formatInZone(message.snoozedUntil, c.get("lang"), timeZone) : undefined,
    };
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
        attachments={attachments}
        pending={pending}
        view={view}
        text={text}
        remote={{ ...remote, blocked }}
        notice={notice}
        spam={spamState(analysis, locations.folders, pending)}
        snooze={snooze}
      />,
    );
  });
}
