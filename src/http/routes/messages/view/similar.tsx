import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { similarMessages } from "../../../../inbox/similar-messages.ts";
import { SimilarMessagesList, SimilarMessagesPage, similarMessagesPath } from "../../../../../views/messages/similar-messages.tsx";
import type { AppEnv } from "../../../env.ts";
import { pageContext } from "../../../page.ts";
import { isHtmx, ownMessage } from "../../../request.ts";

/**
 * The message page's "similar messages" (src/inbox/similar-messages.ts), on
 * a route of its own so the page does not wait for the ranking: htmx loads
 * the fragment when the section is revealed; a plain request (the link
 * without JavaScript) gets it as a page.
 */
export function registerSimilarMessages(app: Hono<AppEnv>, services: Services) {
  app.get(similarMessagesPath(":messageId"), async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const similar = await similarMessages(services.sql, message.dataKey, message.userId, message.id);
    const page = pageContext(c);
    c.header("Cache-Control", "no-store");
    if (isHtmx(c)) return c.html(<SimilarMessagesList page={page} messageId={message.id} similar={similar} />);
    return c.html(<SimilarMessagesPage page={page} messageId={message.id} similar={similar} />);
  });
}
