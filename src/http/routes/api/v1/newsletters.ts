/** JSON: GET /api/v1/newsletters (the /newsletters overview) and POST /api/v1/newsletters/always-archive (its per-sender switch). */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { newsletterSenders, setAlwaysArchive } from "../../../../inbox/newsletters.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";

export const NewsletterSenderSchema = z
  .object({
    key: z.string().openapi({ description: "The sender's key (64 hex digits): what always-archive takes" }),
    sender: z.string().openapi({ description: "The sender's address" }),
    messages: z.number().int(),
    opened: z.number().int().openapi({ description: "How many of its messages are read" }),
    last: z.string().openapi({ format: "date-time", description: "Its latest message's arrival" }),
    latestMessageId: z.string().uuid(),
    unsubscribedAt: z.string().nullable().openapi({ format: "date-time" }),
    alwaysArchive: z.boolean(),
  })
  .openapi("NewsletterSender");

export const AlwaysArchiveBodySchema = z
  .object({
    sender: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .openapi({ description: "A sender's `key`" }),
    on: z.boolean(),
  })
  .openapi("NewsletterAlwaysArchive", { example: { sender: "0".repeat(64), on: true } });

const list = createRoute({
  method: "get",
  path: "/api/v1/newsletters",
  operationId: "listNewsletterSenders",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Your newsletter senders by volume, with how much you read and your choices",
  description: "At most 200 senders, the ones with the most messages; no pagination (the /newsletters page shows the same list).",
  responses: {
    200: { description: "The senders", content: { "application/json": { schema: z.object({ senders: z.array(NewsletterSenderSchema) }) } } },
    401: errorSpec("Not signed in"),
  },
});

const alwaysArchive = createRoute({
  method: "post",
  path: "/api/v1/newsletters/always-archive",
  operationId: "setNewsletterAlwaysArchive",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Switches archiving a newsletter sender's new mail on arrival on or off",
  request: { body: { content: { "application/json": { schema: AlwaysArchiveBodySchema } }, required: true } },
  responses: {
    204: { description: "Done" },
    400: errorSpec("Not a sender key, or `on` missing"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such newsletter sender of yours"),
  },
});

export function registerNewslettersApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const senders = await newsletterSenders(services.sql, await requestDataKey(c, services), actingUser(c).id);
    c.header("Cache-Control", "no-store");
    return c.json({ senders: senders.map((sender) => ({ ...sender, last: sender.last.toISOString(), unsubscribedAt: sender.unsubscribedAt?.toISOString() ?? null })) }, 200);
  });

  app.openapi(alwaysArchive, async (c) => {
    const body = c.req.valid("json");
    if (!(await setAlwaysArchive(services.sql, actingUser(c).id, body.sender, body.on))) throw new AppError("NOT_FOUND", "no such sender");
    return c.body(null, 204);
  });
}
