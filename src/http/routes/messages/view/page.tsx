import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../../i18n/messages.ts";
import { textFromHtml } from "../../../../mail/parse/html-text.ts";
import type { AppEnv } from "../../../env.ts";
import { pageContext } from "../../../page.ts";
import { messageDetails } from "../../../../inbox/message-details.ts";
import { messageCalendarEvent } from "../../../../inbox/calendar-event.ts";
import { renderFrameBody } from "./frame-body.ts";
import { messagePart } from "../../../../inbox/message.ts";
import { ownMessage } from "../../../request.ts";
import { MessagePage, type BodyView } from "../../../../../views/messages/message-page.tsx";
import { remoteChoice } from "./remote.ts";

const NOTICES = {
  queued: "message.notice.queued",
  done: "message.notice.done",
  undone: "message.notice.undone",
  remote: "message.notice.remoteSaved",
  remoteForgotten: "message.notice.remoteForgotten",
  corrected: "message.corrected",
  reanalysis: "message.reanalysisQueued",
} as const;

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
    const calendar = await messageCalendarEvent(services.sql, message, attachments);
    const noticeKey = NOTICES[c.req.query("done") as keyof typeof NOTICES];
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
        notice={noticeKey ? translator(c.get("lang"))(noticeKey) : undefined}
        calendar={calendar}
      />,
    );
  });
}
