import type { Services } from "../../../../services.ts";
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { setMessageDone } from "../../../../mail/actions/done.ts";
import { requestMessageAction, type ActionRequest } from "../../../../mail/actions/request.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { navigate } from "../../../middleware/auth.ts";
import { PAGE_ACTIONS } from "../../../../../views/messages/message-actions.tsx";
import { ownMessage } from "../../../request.ts";

const ActionFormSchema = v.variant("action", [
  v.object({ action: v.picklist(PAGE_ACTIONS.filter((action) => action !== "move") as Exclude<(typeof PAGE_ACTIONS)[number], "move">[]) }),
  v.object({ action: v.literal("move"), folderId: v.pipe(v.string(), v.uuid()) }),
]);

const DoneFormSchema = v.object({ done: v.picklist(["0", "1"]) });

const backToMessage = (c: Context<AppEnv>, messageId: string, done: string) => navigate(c, `/messages/${messageId}?done=${done}`);

/**
 * The page's actions. Read, flag, move, trash and delete go through the
 * write-back journal (the server changes first, the local copy follows);
 * "done" is the user's own mark and changes at once. Without JavaScript the
 * form posts and the browser is sent back to the message; with htmx the same.
 */
export function registerMessageActions(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/actions", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(ActionFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", `not a valid action: ${parsed.issues.map((issue) => v.getDotPath(issue) ?? "action").join(", ")}`);
    const result = await requestMessageAction(services.sql, message.userId, message.id, parsed.output as ActionRequest);
    if (!result.ok) {
      if (result.reason === "no_copy") throw new AppError("CONFLICT", "the message has no copy on the server any more");
      throw new AppError("NOT_FOUND", result.reason === "bad_target" ? "no such folder in the message's account" : "no such message");
    }
    return backToMessage(c, message.id, "queued");
  });

  app.post("/messages/:messageId/done", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(DoneFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "done must be 0 or 1");
    const done = parsed.output.done === "1";
    await setMessageDone(services.sql, message.userId, message.id, done);
    return backToMessage(c, message.id, done ? "done" : "undone");
  });
}
