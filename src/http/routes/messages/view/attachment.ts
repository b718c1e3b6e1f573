import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { attachmentContent } from "../../../../inbox/attachments.ts";
import { downloadHeaders } from "../../../download.ts";
import { ownMessage } from "../../../request.ts";

/**
 * Downloads one attachment of the message (`?id=<attachment id>`), always as
 * a download (./download.ts). One kept only on the server (too large to
 * store) answers 404: there is nothing here to send.
 */
export function registerAttachmentDownload(app: Hono<AppEnv>, services: Services) {
  app.get("/messages/:messageId/attachment", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const found = await attachmentContent(services.sql, message, c.req.query("id") ?? "");
    if (!found?.content) throw new AppError("NOT_FOUND", "no such attachment");
    // A calendar part usually has no name; calendars open an .ics file, not one called "attachment".
    const filename = found.info.filename ?? (found.info.contentType === "text/calendar" ? "invite.ics" : null);
    return c.body(found.content as Uint8Array<ArrayBuffer>, 200, downloadHeaders(filename, found.info.contentType, found.content.byteLength));
  });
}
