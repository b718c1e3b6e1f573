/** Runs of the rules over JSON: start one over a folder or all mail, read its progress and matches, cancel it, undo it; apply or dismiss a suggestion, undo one message's match. Another user's ids answer 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { cancelRuleRun, getRuleRun, startRuleRun, undoRuleMatch, undoRuleRun, type RuleMatch, type RuleRun } from "../../../../rules/runs.ts";
import { dismissSuggestion } from "../../../../rules/pending-suggestions.ts";
import { applySuggestion } from "../../../../rules/suggestions.ts";
import type { Services } from "../../../../services.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { idParam, RULE_API_TAGS, RuleMatchSchema, RuleRunSchema, StartRunSchema } from "./rules-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });
const runParam = { params: z.object({ ruleRunId: idParam("ruleRunId") }) };

const start = createRoute({
  method: "post",
  path: "/api/v1/rule-runs",
  operationId: "startRuleRun",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Runs your enabled rules over a folder or all your mail",
  description: "A background job; read its progress with GET /api/v1/rule-runs/{id}. Unlike rules on new mail, it applies to old mail too.",
  request: { body: { ...json(StartRunSchema), required: true } },
  responses: { 202: { description: "Queued", ...json(RuleRunSchema) }, 400: errorSpec("folderId is not an id"), 401: errorSpec("Not signed in"), 404: errorSpec("No such folder of yours") },
});

const read = createRoute({
  method: "get",
  path: "/api/v1/rule-runs/{ruleRunId}",
  operationId: "getRuleRun",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "A run: its progress and what matched (the latest 500)",
  request: runParam,
  responses: {
    200: { description: "The run", ...json(z.object({ run: RuleRunSchema, matches: z.array(RuleMatchSchema) })) },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such run of yours"),
  },
});

const cancel = createRoute({
  method: "post",
  path: "/api/v1/rule-runs/{ruleRunId}/cancel",
  operationId: "cancelRuleRun",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Stops a run after the page it is on",
  description: "What it did so far stays (undo it separately). A run that has ended is answered as it is.",
  request: runParam,
  responses: { 200: { description: "The run", ...json(RuleRunSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such run of yours") },
});

const undo = createRoute({
  method: "post",
  path: "/api/v1/rule-runs/{ruleRunId}/undo",
  operationId: "undoRuleRun",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Undoes what the run's rules changed on the server",
  description: "Message by message (each message's batch of changes). Deleting for good and changes still pending are not undone.",
  request: runParam,
  responses: { 200: { description: "How many changes were undone", ...json(z.object({ undone: z.number().int() })) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such run of yours") },
});

const apply = createRoute({
  method: "post",
  path: "/api/v1/rule-matches/{ruleMatchId}/apply",
  operationId: "applyRuleMatch",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Applies a suggest-mode rule's suggestion to its message",
  request: { params: z.object({ ruleMatchId: idParam("ruleMatchId") }) },
  responses: {
    200: { description: "Done: the server changes", ...json(z.object({ journalIds: z.array(z.string().uuid()) })) },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such suggestion of yours"),
    409: errorSpec("Applied already"),
  },
});

const dismiss = createRoute({
  method: "post",
  path: "/api/v1/rule-matches/{ruleMatchId}/dismiss",
  operationId: "dismissRuleMatch",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Dismisses a suggest-mode rule's suggestion: it is not offered again",
  request: { params: z.object({ ruleMatchId: idParam("ruleMatchId") }) },
  responses: {
    204: { description: "Dismissed" },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such open suggestion of yours (applied or dismissed already, or another user's)"),
  },
});

const undoMatch = createRoute({
  method: "post",
  path: "/api/v1/rule-matches/{ruleMatchId}/undo",
  operationId: "undoRuleMatch",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Undoes what the rules did to this match's message in its run",
  description: "The message's whole batch of rule changes in that run (or an applied suggestion's). Deleting for good and changes still pending are not undone.",
  request: { params: z.object({ ruleMatchId: idParam("ruleMatchId") }) },
  responses: { 200: { description: "How many changes were undone", ...json(z.object({ undone: z.number().int() })) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such match of yours") },
});

export const runJson = (run: RuleRun) => ({ ...run, createdAt: run.createdAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null });
export const matchJson = (match: RuleMatch) => ({
  ...match,
  actions: match.actions as unknown as Record<string, unknown>[],
  appliedAt: match.appliedAt?.toISOString() ?? null,
  createdAt: match.createdAt.toISOString(),
});

export function registerRuleRunsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(start, async (c) => {
    const result = await startRuleRun(sql, actingUser(c).id, c.req.valid("json"));
    if (!result.ok) throw new AppError("NOT_FOUND", "no such folder");
    return c.json(runJson(result.run), 202);
  });

  app.openapi(read, async (c) => {
    const found = await getRuleRun(sql, actingUser(c).id, c.req.valid("param").ruleRunId);
    if (!found) throw new AppError("NOT_FOUND", "no such run");
    return c.json({ run: runJson(found.run), matches: found.matches.map(matchJson) }, 200);
  });

  app.openapi(cancel, async (c) => {
    const run = await cancelRuleRun(sql, actingUser(c).id, c.req.valid("param").ruleRunId);
    if (!run) throw new AppError("NOT_FOUND", "no such run");
    return c.json(runJson(run), 200);
  });

  app.openapi(undo, async (c) => {
    const result = await undoRuleRun(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").ruleRunId);
    if (!result) throw new AppError("NOT_FOUND", "no such run");
    return c.json(result, 200);
  });

  app.openapi(undoMatch, async (c) => {
    const result = await undoRuleMatch(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").ruleMatchId);
    if (!result) throw new AppError("NOT_FOUND", "no such match");
    return c.json(result, 200);
  });

  app.openapi(apply, async (c) => {
    const result = await applySuggestion(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").ruleMatchId);
    if (!result.ok) throw new AppError(result.reason === "not_found" ? "NOT_FOUND" : "CONFLICT", result.reason === "not_found" ? "no such suggestion" : "applied already");
    return c.json({ journalIds: result.journalIds }, 200);
  });

  app.openapi(dismiss, async (c) => {
    if (!(await dismissSuggestion(sql, actingUser(c).id, c.req.valid("param").ruleMatchId))) throw new AppError("NOT_FOUND", "no such open suggestion");
    return c.body(null, 204);
  });
}
