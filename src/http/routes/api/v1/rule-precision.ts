/** Rules' precision over JSON: dismissing the notice of a rule switched to suggest, and undoing what the rules did in a time window. Another user's rule id answers 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { WINDOW_UNDO_MAX_DAYS } from "../../../../rules/limits.ts";
import { dismissSwitchNotice } from "../../../../rules/precision.ts";
import { undoRuleWindow } from "../../../../rules/window-undo.ts";
import type { Services } from "../../../../services.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { idParam, RULE_API_TAGS } from "./rules-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

export const WindowUndoRequestSchema = z
  .object({
    since: z
      .string()
      .datetime({ offset: true })
      .openapi({ description: `Start of the window (ISO 8601); at most ${WINDOW_UNDO_MAX_DAYS} days ago` }),
    until: z.string().datetime({ offset: true }).optional().openapi({ description: "End of the window; absent: now" }),
    ruleId: z.string().uuid().optional().openapi({ description: "Only this rule's actions; absent: every rule's" }),
  })
  .openapi("RuleWindowUndo");

export const WindowUndoResultSchema = z
  .object({
    messages: z.number().int().openapi({ description: "Messages whose rule changes were undone" }),
    undone: z.number().int().openapi({ description: "Server changes undone" }),
    pending: z.number().int().openapi({ description: "Messages whose rule changes were still being carried out, left as they are (ask again in a moment)" }),
  })
  .openapi("RuleWindowUndoResult");

const dismiss = createRoute({
  method: "delete",
  path: "/api/v1/rules/{ruleId}/switch-notice",
  operationId: "dismissRuleSwitchNotice",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Dismisses the notice that a rule was switched to suggest",
  description: "The rule stays in suggest mode; switch it back with PATCH /api/v1/rules/{ruleId}. A rule without a notice answers 204 too.",
  request: { params: z.object({ ruleId: idParam("ruleId") }) },
  responses: { 204: { description: "Dismissed" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such rule of yours") },
});

const windowUndo = createRoute({
  method: "post",
  path: "/api/v1/rule-undos",
  operationId: "undoRulesInWindow",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Undoes everything your rules did on the server in a time window",
  description:
    "Every rule match in [since, until] (an applied suggestion by when it was applied), newest first, each message's batch through the action journal and the write-back like POST /api/v1/rule-matches/{id}/undo. " +
    "Already undone changes are skipped; deleting for good cannot be undone; changes still pending are left and counted.",
  request: { body: { ...json(WindowUndoRequestSchema), required: true } },
  responses: {
    200: { description: "What was undone", ...json(WindowUndoResultSchema) },
    400: errorSpec("since after until, or further back than allowed"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such rule of yours"),
  },
});

export function registerRulePrecisionApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(dismiss, async (c) => {
    if (!(await dismissSwitchNotice(sql, actingUser(c).id, c.req.valid("param").ruleId))) throw new AppError("NOT_FOUND", "no such rule");
    return c.body(null, 204);
  });

  app.openapi(windowUndo, async (c) => {
    const body = c.req.valid("json");
    const since = new Date(body.since);
    const until = body.until === undefined ? new Date() : new Date(body.until);
    if (since > until) throw new AppError("BAD_REQUEST", "since: after until");
    if (Date.now() - since.getTime() > WINDOW_UNDO_MAX_DAYS * 86_400_000) throw new AppError("BAD_REQUEST", `since: more than ${WINDOW_UNDO_MAX_DAYS} days ago`);
    const result = await undoRuleWindow(sql, await requestDataKey(c, services), actingUser(c).id, { since, until, ruleId: body.ruleId });
    if (!result) throw new AppError("NOT_FOUND", "no such rule");
    return c.json(result, 200);
  });
}
