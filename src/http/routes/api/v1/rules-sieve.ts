/**
 * The user's rules as a Sieve script, and a Sieve script as rules. The
 * export is at /api/v1/rules-sieve, not /api/v1/rules/sieve, where it would
 * be taken for a rule id. Imported rules are created disabled and in shadow
 * mode: the user reads them, tries them, then turns them on.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { MAX_SIEVE_SCRIPT_CHARS } from "../../../../rules/limits.ts";
import { exportRulesAsSieve, importRulesFromSieve } from "../../../../rules/sieve-transfer.ts";
import type { Services } from "../../../../services.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { ruleJson } from "./rules.ts";
import { RULE_API_TAGS, RuleSchema } from "./rules-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

export const SieveImportRequestSchema = z.object({ script: z.string().max(MAX_SIEVE_SCRIPT_CHARS) }).openapi("SieveImportRequest");
export const SieveImportSchema = z
  .object({
    created: z.array(RuleSchema),
    unmapped: z.array(z.object({ line: z.number().int(), text: z.string(), why: z.string() })).openapi({ description: "What the rules cannot say, with the script's line" }),
  })
  .openapi("SieveImport");

const exportScript = createRoute({
  method: "get",
  path: "/api/v1/rules-sieve",
  operationId: "exportRulesSieve",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Your rules as a Sieve script (RFC 5228)",
  description:
    "Enabled rules in act mode become Sieve; the others, and rules with a condition Sieve cannot say (the AI's results, the VIP list, folders, tags, attachments, age), are comments naming the rule and what was left out.",
  responses: { 200: { description: "The script", content: { "text/plain": { schema: z.string() } } }, 401: errorSpec("Not signed in") },
});

const importScript = createRoute({
  method: "post",
  path: "/api/v1/rule-imports",
  operationId: "importRulesSieve",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Creates rules from a Sieve script, disabled and in shadow mode",
  description: "One rule per if / elsif / else (the earlier tests negated). Folders are found by path, tags by keyword; what cannot be mapped is listed with its line.",
  request: { body: { content: { "application/json": { schema: SieveImportRequestSchema } }, required: true } },
  responses: {
    200: { description: "Created, and what was not", content: { "application/json": { schema: SieveImportSchema } } },
    400: errorSpec("The script is not Sieve the import reads: the message names the line"),
    401: errorSpec("Not signed in"),
  },
});

export function registerRulesSieveApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(exportScript, async (c) => c.text(await exportRulesAsSieve(sql, await requestDataKey(c, services), actingUser(c).id), 200));

  app.openapi(importScript, async (c) => {
    const result = await importRulesFromSieve(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("json").script);
    if (!result.ok) throw new AppError("BAD_REQUEST", `script line ${result.line}: ${result.message}`);
    return c.json({ created: result.created.map((rule) => ruleJson(rule)), unmapped: result.unmapped }, 200);
  });
}
