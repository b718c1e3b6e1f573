import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { userTagChips } from "../../../../inbox/message-tags.ts";
import { similarMessageIds, similarMessages } from "../../../../inbox/similar-messages.ts";
import { isUuid } from "../../../../ids.ts";
import { addTag } from "../../../../tags/assign.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { backToMessage } from "./actions.ts";
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
    const [similar, tags] = await Promise.all([similarMessages(services.sql, message.dataKey, message.userId, message.id), userTagChips(services.sql, message)]);
    const page = pageContext(c);
    c.header("Cache-Control", "no-store");
    if (isHtmx(c)) return c.html(<SimilarMessagesList page={page} messageId={message.id} similar={similar} tags={tags} />);
    return c.html(<SimilarMessagesPage page={page} messageId={message.id} similar={similar} tags={tags} />);
  });

  // "Apply this tag to similar messages": the ranking again, here, so the form carries no ids; this message too.
  app.post(`${similarMessagesPath(":messageId")}/tag`, async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const tagId = (await readForm(c)).tagId ?? "";
    const similar = await similarMessageIds(services.sql, message.userId, message.id, undefined, message.dataKey);
    const change = isUuid(tagId) ? await addTag(services.sql, message.dataKey, message.userId, tagId, [message.id, ...similar]) : undefined;
    if (!change) throw new AppError("NOT_FOUND", "no such tag");
    return backToMessage(c, message.id, "taggedsimilar", { tag: tagId, count: String(change.changed.length) });
  });
}
