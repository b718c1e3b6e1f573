/** The user's rules over JSON: list, create, read, change, delete, reorder, dry-runs of a saved or an unsaved rule, and the static checks' warnings. Another user's rule id answers 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { dryRunRule, type DryRunResult } from "../../../../rules/dry-run.ts";
import { foreignReference, type RuleReferences } from "../../../../rules/references.ts";
import { parseRuleDefinition, type RuleDefinition } from "../../../../rules/rule-schema.ts";
import { ruleWarnings, warningsAfterSave } from "../../../../rules/rule-warnings.ts";
import { recentMatchesOfRule } from "../../../../rules/runs.ts";
import { createRule, deleteRule, getRule, listRules, reorderRules, updateRule, type Rule, type RuleResult } from "../../../../rules/store.ts";
import { ruleStandings, type RuleStanding } from "../../../../rules/precision.ts";
import type { Sql } from "../../../../db/connection.ts";
import type { Services } from "../../../../services.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { matchJson } from "./rule-runs.ts";
import {
  CreateRuleSchema,
  DryRunRequestSchema,
  DryRunSchema,
  idParam,
  ReorderRulesSchema,
  RULE_API_TAGS,
  RuleMatchSchema,
  RuleSchema,
  RuleWarningSchema,
  SavedRuleSchema,
  UpdateRuleSchema,
} from "./rules-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const ruleParam = { params: z.object({ ruleId: idParam("ruleId") }) };

const list = createRoute({
  method: "get",
  path: "/api/v1/rules",
  operationId: "listRules",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Your rules, in the order they run",
  responses: { 200: { description: "Every rule", ...json(z.object({ rules: z.array(RuleSchema) })) }, 401: errorSpec("Not signed in") },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/rules",
  operationId: "createRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Creates a rule (last in the order)",
  description: "It runs on mail that arrives from now on; start a run (POST /api/v1/rule-runs) for mail already here.",
  request: { body: { ...json(CreateRuleSchema), required: true } },
  responses: {
    201: { description: "Created, with what the static checks find about it", ...json(SavedRuleSchema) },
    400: errorSpec("A field is wrong: the message names it (a regex RE2 cannot run, a tree too deep, a folder or tag not yours…)"),
    401: errorSpec("Not signed in"),
    409: errorSpec("You have as many rules as allowed"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/rules/{ruleId}",
  operationId: "getRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "One rule",
  request: ruleParam,
  responses: { 200: { description: "The rule", ...json(RuleSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such rule of yours") },
});

const update = createRoute({
  method: "patch",
  path: "/api/v1/rules/{ruleId}",
  operationId: "updateRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Changes a rule: name, enabled, mode, what it watches, its tree",
  request: { ...ruleParam, body: { ...json(UpdateRuleSchema), required: true } },
  responses: {
    200: { description: "The rule as it now is, with what the static checks find about it", ...json(SavedRuleSchema) },
    400: errorSpec("A field is wrong: the message names it"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such rule of yours"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/rules/{ruleId}",
  operationId: "deleteRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Deletes a rule",
  description: "What it did stays recorded under its runs, and can still be undone.",
  request: ruleParam,
  responses: { 204: { description: "Deleted" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such rule of yours") },
});

const reorder = createRoute({
  method: "put",
  path: "/api/v1/rules",
  operationId: "reorderRules",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Puts your rules in a new order",
  request: { body: { ...json(ReorderRulesSchema), required: true } },
  responses: {
    200: { description: "The rules in their new order", ...json(z.object({ rules: z.array(RuleSchema) })) },
    400: errorSpec("Not every rule of yours named exactly once"),
    401: errorSpec("Not signed in"),
    404: errorSpec("An id is not a rule of yours"),
  },
});

const matches = createRoute({
  method: "get",
  path: "/api/v1/rules/{ruleId}/matches",
  operationId: "listRuleMatches",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "The rule's latest matches (50), newest first",
  request: ruleParam,
  responses: { 200: { description: "Matches", ...json(z.object({ matches: z.array(RuleMatchSchema) })) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such rule of yours") },
});

const dryRunSaved = createRoute({
  method: "post",
  path: "/api/v1/rules/{ruleId}/dry-run",
  operationId: "dryRunRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "What a saved rule would do to your recent mail",
  description: "Evaluated alone and as if in act mode; nothing is recorded or changed.",
  request: ruleParam,
  responses: { 200: { description: "Would touch these", ...json(DryRunSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such rule of yours") },
});

const dryRunUnsaved = createRoute({
  method: "post",
  path: "/api/v1/rule-dry-runs",
  operationId: "dryRunUnsavedRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "What an unsaved rule would do to your recent mail",
  description: "Evaluated alone and as if in act mode; nothing is recorded or changed.",
  request: { body: { ...json(DryRunRequestSchema), required: true } },
  responses: { 200: { description: "Would touch these", ...json(DryRunSchema) }, 400: errorSpec("A field is wrong: the message names it"), 401: errorSpec("Not signed in") },
});

// Not /api/v1/rules/checks: under /api/v1/rules/{ruleId} it would read as a rule id to the method checks.
const checks = createRoute({
  method: "get",
  path: "/api/v1/rule-checks",
  operationId: "listRuleChecks",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "What the static checks find about your rules",
  description: "Rules that never match, never run, contradict each other, undo each other, or delete too widely. Found from the rules alone; dry-run counts are only used when a rule is saved.",
  responses: { 200: { description: "Warnings, in the rules' order", ...json(z.object({ warnings: z.array(RuleWarningSchema) })) }, 401: errorSpec("Not signed in") },
});

/** A rule as the API answers it; `standing` from ruleStandings (a rule just made has none: precision and notice null). */
export const ruleJson = (rule: Rule, standing?: RuleStanding) => ({
  id: rule.id,
  name: rule.name,
  position: rule.position,
  enabled: rule.enabled,
  mode: rule.mode,
  accountIds: rule.accountIds,
  folderIds: rule.folderIds,
  definition: rule.definition as unknown as Record<string, unknown>,
  createdAt: rule.createdAt.toISOString(),
  updatedAt: rule.updatedAt.toISOString(),
  precision: standing?.precision ? { value: standing.precision.value, judged: standing.precision.judged } : null,
  switchNotice: standing?.switchNotice ? { ...standing.switchNotice, at: standing.switchNotice.at.toISOString() } : null,
});

/** The rules with their precision and notices, one query for all. */
async function rulesJson(sql: Sql, userId: string, rules: Rule[]) {
  const standings = await ruleStandings(
    sql,
    userId,
    rules.map((rule) => rule.id),
  );
  return rules.map((rule) => ruleJson(rule, standings.get(rule.id)));
}

const dryRunJson = (result: DryRunResult) => ({
  ...result,
  messages: result.messages.map((message) => ({ ...message, date: message.date.toISOString(), actions: message.actions as unknown as Record<string, unknown>[] })),
});

/** The tree checked by its schema, BAD_REQUEST naming the field otherwise. */
function checkedDefinition(input: unknown): RuleDefinition {
  const parsed = parseRuleDefinition(input);
  if (!parsed.ok) throw new AppError("BAD_REQUEST", `definition.${parsed.message}`);
  return parsed.definition;
}

async function checkReferences(services: Services, userId: string, input: RuleReferences): Promise<void> {
  const problem = await foreignReference(services.sql, userId, input);
  if (problem) throw new AppError("BAD_REQUEST", problem);
}

function refuse(result: Extract<RuleResult, { ok: false }>): never {
  if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such rule");
  throw new AppError("CONFLICT", "you have as many rules as allowed");
}

export function registerRulesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => {
    const userId = actingUser(c).id;
    return c.json({ rules: await rulesJson(sql, userId, await listRules(sql, await requestDataKey(c, services), userId)) }, 200);
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid("json");
    const userId = actingUser(c).id;
    const input = { ...body, definition: checkedDefinition(body.definition) };
    await checkReferences(services, userId, input);
    const dataKey = await requestDataKey(c, services);
    const result = await createRule(sql, dataKey, userId, input);
    if (!result.ok) refuse(result);
    return c.json({ ...ruleJson(result.rule), warnings: await warningsAfterSave(sql, dataKey, userId, result.rule) }, 201);
  });

  app.openapi(checks, async (c) => c.json({ warnings: await ruleWarnings(sql, await requestDataKey(c, services), actingUser(c).id) }, 200));

  app.openapi(get, async (c) => {
    const rule = await getRule(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").ruleId);
    if (!rule) throw new AppError("NOT_FOUND", "no such rule");
    return c.json((await rulesJson(sql, actingUser(c).id, [rule]))[0]!, 200);
  });

  app.openapi(update, async (c) => {
    const body = c.req.valid("json");
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    const ruleId = c.req.valid("param").ruleId;
    // Another user's id is 404 whatever was sent.
    if (!(await getRule(sql, dataKey, userId, ruleId))) throw new AppError("NOT_FOUND", "no such rule");
    const change = { ...body, definition: body.definition === undefined ? undefined : checkedDefinition(body.definition) };
    await checkReferences(services, userId, change);
    const result = await updateRule(sql, dataKey, userId, ruleId, change);
    if (!result.ok) refuse(result);
    return c.json({ ...(await rulesJson(sql, userId, [result.rule]))[0]!, warnings: await warningsAfterSave(sql, dataKey, userId, result.rule) }, 200);
  });

  app.openapi(remove, async (c) => {
    if (!(await deleteRule(sql, actingUser(c).id, c.req.valid("param").ruleId))) throw new AppError("NOT_FOUND", "no such rule");
    return c.body(null, 204);
  });

  app.openapi(reorder, async (c) => {
    const userId = actingUser(c).id;
    const result = await reorderRules(sql, userId, c.req.valid("json").ruleIds);
    if (!result.ok) throw new AppError(result.reason === "not_found" ? "NOT_FOUND" : "BAD_REQUEST", result.reason === "not_found" ? "no such rule" : "ruleIds: name every rule of yours once");
    return c.json({ rules: await rulesJson(sql, userId, await listRules(sql, await requestDataKey(c, services), userId)) }, 200);
  });

  app.openapi(matches, async (c) => {
    const userId = actingUser(c).id;
    const rule = await getRule(sql, await requestDataKey(c, services), userId, c.req.valid("param").ruleId);
    if (!rule) throw new AppError("NOT_FOUND", "no such rule");
    return c.json({ matches: (await recentMatchesOfRule(sql, userId, rule.id)).map(matchJson) }, 200);
  });

  app.openapi(dryRunSaved, async (c) => {
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    const rule = await getRule(sql, dataKey, userId, c.req.valid("param").ruleId);
    if (!rule) throw new AppError("NOT_FOUND", "no such rule");
    return c.json(dryRunJson(await dryRunRule(sql, dataKey, userId, rule)), 200);
  });

  app.openapi(dryRunUnsaved, async (c) => {
    const body = c.req.valid("json");
    const rule = { definition: checkedDefinition(body.definition), accountIds: body.accountIds ?? null, folderIds: body.folderIds ?? null };
    return c.json(dryRunJson(await dryRunRule(sql, await requestDataKey(c, services), actingUser(c).id, rule)), 200);
  });
}
