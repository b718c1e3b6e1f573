import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { loadOutboundPolicy } from "../../../net/allowed-targets-store.ts";
import { translateMessage } from "../../../mail/translate/translate.ts";
import type { AppEnv } from "../../env.ts";
import { navigate } from "../../middleware/auth.ts";
import { ownMessage } from "../../request.ts";

/**
 * "Übersetzen" on the message page: asks the provider, then back to the
 * message with the translation beside it, or with why it failed. Another
 * user's message is 404 before any key is opened or provider asked.
 */
export function registerTranslationForm(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/translation", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const result = await translateMessage(services.sql, message.dataKey, message.userId, message.id, c.get("lang"), {
      outbound: await loadOutboundPolicy(services.sql),
      signal: c.req.raw.signal,
    });
    return navigate(c, `/messages/${message.id}?translation=${result.ok ? "show" : `failed:${result.reason}`}`);
  });
}
