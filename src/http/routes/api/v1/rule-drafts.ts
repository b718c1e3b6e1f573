/** A rule drafted from a sentence by the user's AI provider, as /rules/new/draft does it: answered, never saved. The provider's failures answer the error envelope. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { filterOptions } from "../../../../inbox/filter-options.ts";
import { loadOutboundPolicy } from "../../../../net/allowed-targets-store.ts";
import { draftFromSentence, MAX_DRAFT_SENTENCE_CHARS } from "../../../../rules/draft-from-sentence.ts";
import { checkDraft } from "../../../../rules/rule-form.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { RULE_API_TAGS } from "./rules-schemas.ts";

const SentenceSchema = z.object({ sentence: z.string().trim().min(1).max(MAX_DRAFT_SENTENCE_CHARS).openapi({ example: "Rechnungen von der Hausverwaltung markieren" }) }).openapi("RuleDraftRequest");

const DraftSchema = z
  .object({
    name: z.string(),
    definition: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: "The rule tree as POST /api/v1/rules takes it; null where something is left to fill in (a folder or tag it could not name)" }),
    draft: z.record(z.string(), z.unknown()).openapi({ description: "The same as the rule editor's form holds it" }),
    unknown: z.array(z.string()).openapi({ description: "Folder and tag names the sentence mentioned that you do not have" }),
  })
  .openapi("RuleDraft");

const draft = createRoute({
  method: "post",
  path: "/api/v1/rule-drafts",
  operationId: "draftRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Drafts a rule from a sentence with your AI provider (not saved)",
  description: "Save it with POST /api/v1/rules once it is right. Counts against your AI budget.",
  request: { body: { content: { "application/json": { schema: SentenceSchema } }, required: true } },
  responses: {
    200: { description: "The drafted rule", content: { "application/json": { schema: DraftSchema } } },
    400: errorSpec("No sentence, or a longer one than allowed"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No AI provider is set up"),
    429: errorSpec("Your AI budget is spent for now"),
    503: errorSpec("The AI provider failed or answered no rule"),
  },
});

export function registerRuleDraftsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;
  app.openapi(draft, async (c) => {
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    const choices = await filterOptions(sql, dataKey, userId);
    const drafted = await draftFromSentence(sql, dataKey, userId, c.req.valid("json").sentence, choices, { outbound: await loadOutboundPolicy(sql), signal: c.req.raw.signal });
    if (!drafted.ok) {
      if (drafted.reason === "no_provider") throw new AppError("NOT_FOUND", "no AI provider is set up");
      if (drafted.reason === "budget_spent") throw new AppError("RATE_LIMITED", "the AI budget is spent for now");
      throw new AppError("UNAVAILABLE", drafted.reason === "provider_failed" ? "the AI provider failed" : "the AI provider answered no rule");
    }
    const checked = checkDraft(drafted.draft);
    return c.json(
      {
        name: drafted.draft.name,
        definition: checked.ok ? (checked.input.definition as unknown as Record<string, unknown>) : null,
        draft: drafted.draft as unknown as Record<string, unknown>,
        unknown: drafted.unknown,
      },
      200,
    );
  });
}
