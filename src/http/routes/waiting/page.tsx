import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { translator } from "../../../i18n/messages.ts";
import { isUuid } from "../../../ids.ts";
import { snoozeChoices, snoozeMessages } from "../../../mail/actions/snooze.ts";
import { SNOOZE_CHOICES } from "../../../mail/actions/snooze-choice.ts";
import { remindWaiting } from "../../../mail/waiting/remind.ts";
import { dismissWaiting, InvalidWaitingCursorError, listWaiting, restoreWaiting, setWaitingDays } from "../../../mail/waiting/waiting.ts";
import { isOwnMessage } from "../../../inbox/message.ts";
import { WaitingPage } from "../../../../views/waiting/waiting-page.tsx";
import type { Notice } from "../../../../views/actions/undo-notice.tsx";
import { formatDateTime } from "../../../../views/format.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

const RemindFormSchema = v.object({ until: v.picklist([...SNOOZE_CHOICES, "clear"]), snoozeAt: v.optional(v.string()) });

/** The notice the page shows after a form (`?done=`), with its undo where there is one. */
function waitingNotice(lang: Parameters<typeof translator>[0], timeZone: string, query: Record<string, string>, days: number): Notice | undefined {
  const tr = translator(lang);
  const id = query.id && isUuid(query.id) ? query.id : undefined;
  switch (query.done) {
    case "dismissed":
      return { text: tr("waiting.notice.dismissed"), undo: id ? { url: `/waiting/${id}/restore`, fields: [] } : undefined };
    case "restored":
      return { text: tr("waiting.notice.restored") };
    case "reminded": {
      const until = query.until ? new Date(query.until) : undefined;
      if (!until || Number.isNaN(until.getTime())) return undefined;
      return { text: tr("waiting.notice.reminded", { time: formatDateTime(until, lang, timeZone) }), undo: id ? { url: `/waiting/${id}/remind`, fields: [["until", "clear"]] } : undefined };
    }
    case "saved":
      return { text: tr("waiting.notice.saved", { days: String(days) }) };
    default:
      return undefined;
  }
}

/**
 * /waiting and its forms: the number of days, "Erledigt" (and its undo),
 * "Erinnern in …" (a snooze; "clear" takes it back). Another user's message
 * id answers 404 and changes nothing.
 */
export function registerWaitingPage(app: Hono<AppEnv>, services: Services) {
  app.get("/waiting", async (c) => {
    const userId = actingUser(c).id;
    const page = pageContext(c);
    let data: Awaited<ReturnType<typeof listWaiting>>;
    try {
      data = await listWaiting(services.sql, await requestDataKey(c, services), userId, { after: c.req.query("after") || undefined });
    } catch (error) {
      if (error instanceof InvalidWaitingCursorError) throw new AppError("BAD_REQUEST", "after: not a waiting cursor");
      throw error;
    }
    c.header("Cache-Control", "no-store");
    return c.html(
      <WaitingPage page={page} data={data} notice={waitingNotice(page.lang, page.timeZone, c.req.query(), data.days)} laterToday={snoozeChoices(new Date(), page.timeZone).laterToday !== null} />,
    );
  });

  app.post("/waiting/settings", async (c) => {
    const form = await readForm(c);
    const days = /^\d{1,2}$/.test(form.days?.trim() ?? "") ? Number(form.days) : Number.NaN;
    if (!(await setWaitingDays(services.sql, actingUser(c).id, days))) throw new AppError("BAD_REQUEST", `days: ${translator(c.get("lang"))("waiting.days.bad")}`);
    return navigate(c, "/waiting?done=saved");
  });

  app.post("/waiting/:messageId/dismiss", async (c) => {
    const messageId = c.req.param("messageId");
    if (!(await dismissWaiting(services.sql, actingUser(c).id, messageId))) throw new AppError("NOT_FOUND", "no such message");
    return navigate(c, `/waiting?done=dismissed&id=${messageId}`);
  });

  app.post("/waiting/:messageId/restore", async (c) => {
    const userId = actingUser(c).id;
    const messageId = c.req.param("messageId");
    if (!(await isOwnMessage(services.sql, userId, messageId))) throw new AppError("NOT_FOUND", "no such message");
    await restoreWaiting(services.sql, userId, messageId);
    return navigate(c, "/waiting?done=restored");
  });

  app.post("/waiting/:messageId/remind", async (c) => {
    const userId = actingUser(c).id;
    const messageId = c.req.param("messageId");
    // Another user's message is 404 whatever the form says.
    if (!(await isOwnMessage(services.sql, userId, messageId))) throw new AppError("NOT_FOUND", "no such message");
    const parsed = v.safeParse(RemindFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "until: choose a time");
    if (parsed.output.until === "clear") {
      await snoozeMessages(services.sql, userId, [messageId], null);
      return navigate(c, "/waiting");
    }
    const result = await remindWaiting(services.sql, userId, messageId, parsed.output.until, parsed.output.snoozeAt, new Date(), pageContext(c).timeZone);
    if (!result.ok && result.reason === "not_found") throw new AppError("NOT_FOUND", "no such message");
    if (!result.ok) throw new AppError("BAD_REQUEST", `snoozeAt: ${translator(c.get("lang"))("actions.snooze.badTime")}`);
    return navigate(c, `/waiting?done=reminded&id=${messageId}&until=${encodeURIComponent(result.until.toISOString())}`);
  });
}
