import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { listAccountVisibility, setAccountVisibility } from "../../../../analysis/llm/visibility.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { LLM_TAGS } from "./llm-provider.ts";
import { AccountVisibilityListSchema, AccountVisibilitySchema, VisibilityBodySchema, visibilityJson } from "./llm-provider-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const list = createRoute({
  method: "get",
  path: "/api/v1/llm-provider/accounts",
  operationId: "listLlmVisibility",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "What each of the user's mail accounts lets an AI provider see",
  responses: { 200: { description: "Accounts, oldest first", content: { "application/json": { schema: AccountVisibilityListSchema } } }, 401: errorSpec("Not signed in") },
});

const patch = createRoute({
  method: "patch",
  path: "/api/v1/accounts/{accountId}/llm-visibility",
  operationId: "setLlmVisibility",
  security: API_SECURITY,
  tags: LLM_TAGS,
  summary: "Sets what one mail account lets an AI provider see",
  request: {
    params: z.object({ accountId: z.string().openapi({ param: { name: "accountId", in: "path" }, format: "uuid" }) }),
    body: { required: true, content: { "application/json": { schema: VisibilityBodySchema } } },
  },
  responses: {
    200: { description: "Changed", content: { "application/json": { schema: AccountVisibilitySchema } } },
    400: errorSpec("Not one of the visibilities"),
    401: errorSpec("Not signed in"),
    404: errorSpec("No such mail account of yours"),
  },
});

export function registerLlmVisibilityApi(app: OpenAPIHono<AppEnv>, { sql }: Services) {
  app.openapi(list, async (c) => c.json({ accounts: (await listAccountVisibility(sql, actingUser(c).id)).map(visibilityJson) }, 200));

  app.openapi(patch, async (c) => {
    const user = actingUser(c);
    const { accountId } = c.req.valid("param");
    const account = await setAccountVisibility(sql, user.id, accountId, c.req.valid("json").visibility);
    if (!account) throw new AppError("NOT_FOUND", "no such mail account");
    c.get("log").info("llm visibility changed", { userId: user.id, accountId, visibility: account.visibility });
    return c.json(visibilityJson(account), 200);
  });
}
