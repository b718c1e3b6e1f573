/** Open suggestions of suggest-mode rules over JSON, as /rules/suggestions lists them (newest first, keyset pages), and applying them all at once as that page's button does. Apply, dismiss and undo one: ./rule-runs.ts. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { type PendingSuggestion, pendingSuggestions } from "../../../../rules/pending-suggestions.ts";
import { getRule } from "../../../../rules/store.ts";
import { applySuggestion } from "../../../../rules/suggestions.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { RULE_API_TAGS } from "./rules-schemas.ts";

export const SUGGESTIONS_PAGE_SIZE = 50;
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const SuggestionSchema = z
  .object({
    id: z.string().uuid(),
    ruleId: z.string().uuid().nullable().openapi({ description: "Null once the rule was deleted" }),
    ruleName: z.string().nullable(),
    messageId: z.string().uuid(),
    subject: z.string().nullable().openapi({ description: "Null where the message's summary cannot be read" }),
    actions: z.array(z.record(z.string(), z.unknown())),
    moveFolder: z.object({ name: z.string(), specialUse: z.string().nullable() }).nullable().openapi({ description: "The folder a move action names" }),
    createdAt: z.string().datetime(),
  })
  .openapi("RuleSuggestion");

const ListQuerySchema = z.object({
  state: z
    .enum(["suggested"])
    .default("suggested")
    .openapi({ param: { name: "state", in: "query" }, description: "Open suggestions (not applied or dismissed); the only state listed here" }),
  ruleId: z
    .string()
    .uuid()
    .optional()
    .openapi({ param: { name: "ruleId", in: "query" }, description: "Only this rule's" }),
  after: z
    .string()
    .uuid()
    .optional()
    .openapi({ param: { name: "after", in: "query" }, description: "The `next` cursor of the page before" }),
});

const list = createRoute({
  method: "get",
  path: "/api/v1/rule-matches",
  operationId: "listRuleSuggestions",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Your open rule suggestions, newest first, 50 a page",
  description: "Keyset pagination: pass `next` as `after` (forward only; `previous` is always null). At most 500 in all, as the page shows.",
  request: { query: ListQuerySchema },
  responses: {
    200: {
      description: "One page",
      ...json(z.object({ suggestions: z.array(SuggestionSchema), next: z.string().nullable(), previous: z.string().nullable() }).openapi("RuleSuggestionList")),
    },
    400: errorSpec("A malformed state, rule id or cursor"),
    401: errorSpec("Not signed in"),
  },
});

const applyAll = createRoute({
  method: "post",
  path: "/api/v1/rule-matches/apply-all",
  operationId: "applyAllRuleSuggestions",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Applies every open suggestion of one rule (or of all your rules)",
  description: "At most 500 at a time, as /rules/suggestions does; call again while `applied` is 500.",
  request: {
    body: { ...json(z.object({ ruleId: z.string().uuid().optional().openapi({ description: "Only this rule's; absent: all" }) }).openapi("ApplyAllSuggestions")), required: true },
  },
  responses: {
    200: { description: "How many were applied", ...json(z.object({ applied: z.number().int() })) },
    400: errorSpec("ruleId is not an id"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such rule of yours"),
  },
});

const suggestionJson = (suggestion: PendingSuggestion) => ({
  ...suggestion,
  actions: suggestion.actions as unknown as Record<string, unknown>[],
  createdAt: suggestion.createdAt.toISOString(),
});

export function registerRuleSuggestionsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => {
    const { ruleId, after } = c.req.valid("query");
    const rows = await pendingSuggestions(sql, await requestDataKey(c, services), actingUser(c).id, { ruleId, afterId: after, limit: SUGGESTIONS_PAGE_SIZE + 1 });
    const page = rows.slice(0, SUGGESTIONS_PAGE_SIZE);
    c.header("Cache-Control", "no-store");
    return c.json({ suggestions: page.map(suggestionJson), next: rows.length > SUGGESTIONS_PAGE_SIZE ? page.at(-1)!.id : null, previous: null }, 200);
  });

  app.openapi(applyAll, async (c) => {
    const { ruleId } = c.req.valid("json");
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    if (ruleId !== undefined && !(await getRule(sql, dataKey, userId, ruleId))) throw new AppError("NOT_FOUND", "no such rule");
    let applied = 0;
    for (const suggestion of await pendingSuggestions(sql, dataKey, userId, { ruleId })) {
      if ((await applySuggestion(sql, dataKey, userId, suggestion.id)).ok) applied++;
    }
    return c.json({ applied }, 200);
  });
}
