import { pageContext } from "../../../page.ts";
import type { Services } from "../../../../services.ts";
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { translator } from "../../../../i18n/messages.ts";
import { finishMessages, setMessageDone } from "../../../../mail/actions/done.ts";
import { requestMessageAction, type ActionRequest } from "../../../../mail/actions/request.ts";
import { snoozeMessages } from "../../../../mail/actions/snooze.ts";
import { resolveSnooze, SNOOZE_CHOICES } from "../../../../mail/actions/snooze-choice.ts";
import { reportSpam } from "../../../../mail/actions/spam-report.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { navigate } from "../../../middleware/auth.ts";
import { PAGE_ACTIONS } from "../../../../../views/messages/message-actions.tsx";
import { ownMessage } from "../../../request.ts";

const ActionFormSchema = v.variant("action", [
  v.object({ action: v.picklist([...PAGE_ACTIONS.filter((action) => action !== "move"), "archive"] as Exclude<(typeof PAGE_ACTIONS)[number] | "archive", "move">[]) }),
  v.object({ action: v.literal("move"), folderId: v.pipe(v.string(), v.uuid()) }),
]);

const DoneFormSchema = v.object({ done: v.picklist(["0", "1"]) });
const SpamFormSchema = v.object({ spam: v.picklist(["0", "1"]) });
const SnoozeFormSchema = v.object({ until: v.picklist([...SNOOZE_CHOICES, "clear"]), snoozeAt: v.optional(v.string()) });

/**
 * Back to the message with the notice `done` names and, where it can be put
 * back, the journal entry its undo posts to; within the list it was opened
 * from (`?list=`, which the page checks), so "back" still returns there.
 */
export function backToMessage(c: Context<AppEnv>, messageId: string, done: string, extra: Record<string, string | null | undefined> = {}) {
  const query = new URLSearchParams({ done });
  for (const [name, value] of Object.entries(extra)) if (value) query.set(name, value);
  const list = c.req.query("list");
  if (list !== undefined) query.set("list", list);
  return navigate(c, `/messages/${messageId}?${query}`);
}

function refused(reason: "not_found" | "no_copy" | "bad_target"): never {
  if (reason === "no_copy") throw new AppError("CONFLICT", "the message has no copy on the server any more");
  throw new AppError("NOT_FOUND", reason === "bad_target" ? "no such folder in the message's account" : "no such message");
}

/**
 * The page's actions. Read, flag, move, archive, trash and delete go through
 * the write-back journal (the server changes first, the local copy
 * follows); spam reports correct the analysis and move in one step; "done"
 * and snooze are the user's own marks and change at once. Without
 * JavaScript the form posts and the browser is sent back to the message;
 * with htmx the same. Each answer's notice offers its undo.
 */
export function registerMessageActions(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/actions", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(ActionFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", `not a valid action: ${parsed.issues.map((issue) => v.getDotPath(issue) ?? "action").join(", ")}`);
    const result = await requestMessageAction(services.sql, message.userId, message.id, parsed.output as ActionRequest);
    if (!result.ok) refused(result.reason);
    // Delete cannot be undone: no undo offered.
    return backToMessage(c, message.id, parsed.output.action === "archive" ? "archived" : "queued", { undo: parsed.output.action === "delete" ? null : result.journalId });
  });

  app.post("/messages/:messageId/done", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(DoneFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "done must be 0 or 1");
    if (parsed.output.done === "0") {
      await setMessageDone(services.sql, message.userId, message.id, false);
      return backToMessage(c, message.id, "undone");
    }
    // "Erledigt" as the user set it up: archived too if they chose so; the undo then puts both back.
    const { archiveJournalId } = await finishMessages(services.sql, message.userId, [message.id]);
    return backToMessage(c, message.id, "done", { undo: archiveJournalId });
  });

  app.post("/messages/:messageId/spam", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(SpamFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "spam must be 0 or 1");
    const spam = parsed.output.spam === "1";
    const result = await reportSpam(services.sql, message.dataKey, message.userId, message.id, spam);
    if (!result.ok) refused(result.reason);
    return backToMessage(c, message.id, spam ? "spam" : "notspam", { undo: result.journalId });
  });

  app.post("/messages/:messageId/snooze", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(SnoozeFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "until: choose a time");
    if (parsed.output.until === "clear") {
      await snoozeMessages(services.sql, message.userId, [message.id], null);
      return backToMessage(c, message.id, "unsnoozed");
    }
    const until = resolveSnooze(parsed.output.until, parsed.output.snoozeAt, new Date(), pageContext(c).timeZone);
    if (!until) throw new AppError("BAD_REQUEST", `snoozeAt: ${translator(c.get("lang"))("actions.snooze.badTime")}`);
    const { journalId } = await snoozeMessages(services.sql, message.userId, [message.id], until);
    return backToMessage(c, message.id, "snoozed", { until: until.toISOString(), undo: journalId });
  });
}
