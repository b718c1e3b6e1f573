import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listSenderPatterns } from "../../../../analysis/sender-patterns.ts";
import { CATEGORIES } from "../../../../analysis/types.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { API_SECURITY } from "../../../api-security.ts";

const guess = <T extends z.ZodType>(value: T) => z.object({ value, confidence: z.number() }).optional();

const SenderPatternSchema = z
  .object({
    sender: z.string(),
    messages: z.number().int(),
    corrections: z.number().int(),
    learned: z.object({
      category: guess(z.enum(CATEGORIES)),
      urgency: guess(z.number().int()),
      importance: guess(z.number().int()),
      newsletter: guess(z.boolean()),
      spam: guess(z.boolean()),
    }),
    lastUsedAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("SenderPattern");

const list = createRoute({
  method: "get",
  path: "/api/v1/sender-patterns",
  operationId: "listSenderPatterns",
  security: API_SECURITY,
  tags: ["Analysis"],
  summary: "What the analyser learned about your senders",
  description: "Per sender: messages seen, corrections, and the values learned with their confidence (≥ 0.8 overrides the text model). Unused for 180 days: deleted.",
  responses: {
    200: { description: "Most corrected and most frequent first", content: { "application/json": { schema: z.object({ patterns: z.array(SenderPatternSchema) }) } } },
    401: errorSpec("Not signed in"),
  },
});

export function registerSenderPatternsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    const patterns = await listSenderPatterns(services.sql, await requestDataKey(c, services), actingUser(c).id);
    return c.json({ patterns: patterns.map(({ hint, lastUsedAt, ...pattern }) => ({ ...pattern, learned: hint, lastUsedAt: lastUsedAt.toISOString() })) }, 200);
  });
}
