import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import { BODY_HEADERS, bodyContentSecurityPolicy, bodyDocument } from "../../../../mail/render/body-document.ts";
import type { AppEnv } from "../../../env.ts";
import { frameBody } from "./frame-body.ts";
import { ownMessage } from "../../../request.ts";
import { remoteChoice } from "./remote.ts";

/**
 * The document inside the message page's frame: the mail's HTML sanitised
 * on the server, `cid:` images embedded, under its own CSP (nothing loads
 * but those images and, when allowed, https images; the `sandbox` directive
 * keeps script and forms off even if the document is opened on its own).
 */
export function registerMessageBody(app: Hono<AppEnv>, services: Services) {
  app.get("/messages/:messageId/body", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const remote = await remoteChoice(c, services, message);
    return c.body(bodyDocument(await frameBody(services, message, remote.allowed), c.get("lang")), 200, {
      ...BODY_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": bodyContentSecurityPolicy(remote.allowed),
    });
  });
}
