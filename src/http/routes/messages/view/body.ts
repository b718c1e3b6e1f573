import type { Hono } from "hono";
import { BODY_HEADERS, bodyContentSecurityPolicy, bodyDocument } from "../../../../mail/render/body-document.ts";
import { sanitizeMailHtml } from "../../../../mail/render/sanitize.ts";
import type { AppEnv, AppServices } from "../../../env.ts";
import { inlineImages, listAttachments } from "./attachments.ts";
import { messagePart, ownMessage } from "./load.ts";
import { remoteChoice } from "./remote.ts";

/**
 * The document inside the message page's frame: the mail's HTML sanitised
 * on the server, `cid:` images embedded, under its own CSP (nothing loads
 * but those images and, when allowed, https images; the `sandbox` directive
 * keeps script and forms off even if the document is opened on its own).
 */
export function registerMessageBody(app: Hono<AppEnv>, services: AppServices) {
  app.get("/messages/:messageId/body", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const remote = await remoteChoice(c, services, message);
    const html = (await messagePart(services, message, "html")) ?? "";
    const images = /cid:/i.test(html) ? await inlineImages(services, message, await listAttachments(services, message)) : new Map<string, string>();
    const sanitized = sanitizeMailHtml(html, { allowRemote: remote.allowed, inlineImages: images });
    return c.body(bodyDocument(sanitized.html, c.get("lang")), 200, {
      ...BODY_HEADERS,
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": bodyContentSecurityPolicy(remote.allowed),
    });
  });
}
