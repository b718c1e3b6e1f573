import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { unsubscribeFromMessage } from "../../../mail/unsubscribe-request.ts";
import { UnsubscribeResultPage } from "../../../../views/newsletters/unsubscribe-result.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm, throttledMessage } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { isOwnMessage } from "../../../inbox/message.ts";

/**
 * "Abbestellen" on a message (or a sender of the newsletter overview, by its
 * newest message): the one-click POST when the message allows it, otherwise
 * the ways to do it by hand; the result in words. Another user's message is
 * 404 before any key is opened.
 */
export function registerUnsubscribe(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/unsubscribe", async (c) => {
    const form = await readForm(c);
    if (form.back !== undefined && form.back !== "newsletters") throw new AppError("BAD_REQUEST", "back must be newsletters or absent");
    const userId = actingUser(c).id;
    const messageId = c.req.param("messageId");
    if (!(await isOwnMessage(services.sql, userId, messageId))) throw new AppError("NOT_FOUND", "no such message");
    const outcome = await unsubscribeFromMessage(services.sql, await requestDataKey(c, services), userId, messageId);
    if (outcome.done === "not_found") throw new AppError("NOT_FOUND", "no such message");
    const back = form.back === "newsletters" ? "/newsletters" : `/messages/${messageId}`;
    c.header("Cache-Control", "no-store");
    if (outcome.done === "rate_limited") {
      return c.html(<UnsubscribeResultPage page={pageContext(c)} outcome={outcome} back={back} throttled={throttledMessage(c, outcome.retryAfterMs)} />, 429);
    }
    return c.html(<UnsubscribeResultPage page={pageContext(c)} outcome={outcome} back={back} />);
  });
}
