import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { setSenderTrusted } from "../../../../mail/render/remote-senders.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { navigate } from "../../../middleware/auth.ts";
import { ownMessage } from "../../../request.ts";

const RemoteFormSchema = v.object({ sender: v.picklist(["always", "never"]) });

/** Records (or withdraws) "always load remote content from this message's sender". */
export function registerRemoteContentChoice(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/remote-content", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(RemoteFormSchema, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "sender must be always or never");
    const sender = message.headers.from[0]?.address;
    if (!sender?.trim()) throw new AppError("BAD_REQUEST", "the message has no sender address");
    const trusted = parsed.output.sender === "always";
    await setSenderTrusted(services.sql, message.dataKey, message.userId, sender, trusted);
    return navigate(c, `/messages/${message.id}?done=${trusted ? "remote" : "remoteForgotten"}`);
  });
}
