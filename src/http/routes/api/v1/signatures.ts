/**
 * JSON: the signature of a mail account (src/replies/signatures.ts), as
 * /settings/signatures sets it. Another user's account answers 404.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { accountSignature, MAX_SIGNATURE_CHARS, saveSignature } from "../../../../replies/signatures.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { ownAccount, requestDataKey } from "../../../request.ts";
import { AccountIdParamSchema } from "./accounts-schemas.ts";

export const AccountSignatureSchema = z
  .object({
    accountId: z.string().openapi({ format: "uuid" }),
    signature: z.string().openapi({ description: "Plain text under every reply proposed for the account's mail; empty when none is set", example: "Anna Berger\nTel. 030 123456" }),
  })
  .openapi("AccountSignature");
export type AccountSignatureJson = z.infer<typeof AccountSignatureSchema>;

const SignatureBodySchema = z
  .object({
    signature: z
      .string()
      .max(MAX_SIGNATURE_CHARS * 2)
      .openapi({ description: `Trimmed and cut to ${MAX_SIGNATURE_CHARS} characters; empty removes it` }),
  })
  .openapi("SignatureChange");

const errors = { 401: errorSpec("Not signed in"), 404: errorSpec("No such mail account of yours") };

const get = createRoute({
  method: "get",
  path: "/api/v1/accounts/{accountId}/signature",
  operationId: "getAccountSignature",
  security: API_SECURITY,
  tags: ["Mail accounts"],
  summary: "The account's signature",
  request: { params: AccountIdParamSchema },
  responses: { 200: { description: "The signature", content: { "application/json": { schema: AccountSignatureSchema } } }, ...errors },
});

const put = createRoute({
  method: "put",
  path: "/api/v1/accounts/{accountId}/signature",
  operationId: "setAccountSignature",
  security: API_SECURITY,
  tags: ["Mail accounts"],
  summary: "Sets or (with an empty text) removes the account's signature",
  request: { params: AccountIdParamSchema, body: { required: true, content: { "application/json": { schema: SignatureBodySchema } } } },
  responses: { 200: { description: "Saved", content: { "application/json": { schema: AccountSignatureSchema } } }, 400: errorSpec("Invalid body"), ...errors },
});

export function registerSignaturesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(get, async (c) => {
    const account = await ownAccount(c, services, c.req.valid("param").accountId);
    const signature = await accountSignature(services.sql, await requestDataKey(c, services), account.userId, account.id);
    c.header("Cache-Control", "no-store");
    return c.json({ accountId: account.id, signature: signature ?? "" }, 200);
  });

  app.openapi(put, async (c) => {
    const { accountId } = c.req.valid("param");
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    if (!(await saveSignature(services.sql, dataKey, userId, accountId, c.req.valid("json").signature))) throw new AppError("NOT_FOUND", "no such mail account");
    return c.json({ accountId, signature: (await accountSignature(services.sql, dataKey, userId, accountId)) ?? "" }, 200);
  });
}
