import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { attachmentContent } from "../../../../inbox/attachments.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { downloadHeaders } from "../../../download.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { ownMessage } from "../../../request.ts";
import { messageIdParam } from "./messages-schemas.ts";

const download = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}/attachments/{attachmentId}",
  operationId: "downloadAttachment",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "An attachment's content, always as a download",
  description:
    "The same answer as the message page's download: `Content-Disposition: attachment` with the file name (RFC 6266), the declared type only for formats that carry no script or markup (else `application/octet-stream`), `nosniff` and a sandbox CSP.",
  request: { params: z.object({ messageId: messageIdParam, attachmentId: z.string().openapi({ param: { name: "attachmentId", in: "path" } }) }) },
  responses: {
    200: { description: "The content", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message or attachment of yours, or one kept only on the server (too large to store)"),
  },
});

export function registerAttachmentApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(download, async (c) => {
    const params = c.req.valid("param");
    const message = await ownMessage(c, services, params.messageId);
    const found = await attachmentContent(services.sql, message, params.attachmentId);
    if (!found?.content) throw new AppError("NOT_FOUND", "no such attachment");
    // As on the page: a calendar part usually has no name, and calendars open an .ics file.
    const filename = found.info.filename ?? (found.info.contentType === "text/calendar" ? "invite.ics" : null);
    return c.body(found.content as Uint8Array<ArrayBuffer>, 200, downloadHeaders(filename, found.info.contentType, found.content.byteLength));
  });
}
