/** A rule's place in the user's order over JSON: a place up or down as /rules' buttons move it, or straight to a position. Another user's rule answers 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { moveRule, moveRuleTo, ruleOrder } from "../../../../rules/move-rule.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { idParam, RULE_API_TAGS } from "./rules-schemas.ts";

const MoveSchema = z
  .object({
    direction: z.enum(["up", "down"]).optional().openapi({ description: "One place up (earlier) or down; a rule already first or last stays" }),
    position: z.number().int().min(0).max(10_000).optional().openapi({ description: "Or its new place, 0 first; past the end puts it last" }),
  })
  .openapi("RuleMove");

const OrderSchema = z.object({ ruleIds: z.array(z.string().uuid()).openapi({ description: "All your rules, in their order after the move" }) }).openapi("RuleOrder");

const move = createRoute({
  method: "put",
  path: "/api/v1/rules/{ruleId}/position",
  operationId: "moveRule",
  security: API_SECURITY,
  tags: RULE_API_TAGS,
  summary: "Moves a rule up or down in your order, or to a position",
  description: "Give exactly one of `direction` and `position`.",
  request: { params: z.object({ ruleId: idParam("ruleId") }), body: { content: { "application/json": { schema: MoveSchema } }, required: true } },
  responses: {
    200: { description: "The order after", content: { "application/json": { schema: OrderSchema } } },
    400: errorSpec("Neither or both of direction and position"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such rule of yours"),
  },
});

export function registerRuleOrderApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(move, async (c) => {
    const userId = actingUser(c).id;
    const { ruleId } = c.req.valid("param");
    const { direction, position } = c.req.valid("json");
    if ((direction === undefined) === (position === undefined)) throw new AppError("BAD_REQUEST", "give one of direction and position");
    if (position !== undefined) {
      const moved = await moveRuleTo(sql, userId, ruleId, position);
      if (!moved.ok) throw new AppError("NOT_FOUND", "no such rule");
      return c.json({ ruleIds: moved.ruleIds }, 200);
    }
    if ((await moveRule(sql, userId, ruleId, direction ?? "up")) === "not_found") throw new AppError("NOT_FOUND", "no such rule");
    return c.json({ ruleIds: await ruleOrder(sql, userId) }, 200);
  });
}
