/**
 * The signed-in user's recovery codes, as /account/security offers them:
 * how many are left, and a new set of ten (the old ones stop working),
 * shown in that one answer only: the server keeps their hashes. Audited as
 * user.recovery_codes_regenerated.
 */
import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { audit } from "../../../../auth/audit.ts";
import { replaceRecoveryCodes, unusedRecoveryCodeCount } from "../../../../auth/second-factor.ts";
import type { AppEnv } from "../../../env.ts";
import { errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { API_SECURITY } from "../../../api-security.ts";
import { ACCOUNT_TAGS } from "./account-schemas.ts";

export const RecoveryCodeCountSchema = z.object({ remaining: z.number().int().openapi({ description: "Unused recovery codes" }) }).openapi("RecoveryCodeCount");

export const NewRecoveryCodesSchema = z
  .object({
    codes: z.array(z.string()).openapi({ description: "Ten new codes, e.g. `7G4K-2M9Q-XR3D-0PZT`. Shown this once: write them down.", example: ["7G4K-2M9Q-XR3D-0PZT"] }),
    remaining: z.number().int(),
  })
  .openapi("NewRecoveryCodes");

const common = { tags: ACCOUNT_TAGS, security: API_SECURITY };

const count = createRoute({
  ...common,
  method: "get",
  path: "/api/v1/me/recovery-codes",
  operationId: "countMyRecoveryCodes",
  summary: "How many of your recovery codes are left (never the codes)",
  responses: { 200: { description: "The count", content: { "application/json": { schema: RecoveryCodeCountSchema } } }, 401: errorSpec("Not signed in") },
});

const regenerate = createRoute({
  ...common,
  method: "post",
  path: "/api/v1/me/recovery-codes",
  operationId: "regenerateMyRecoveryCodes",
  summary: "Makes ten new recovery codes; the old ones stop working",
  responses: { 201: { description: "The new codes, shown once", content: { "application/json": { schema: NewRecoveryCodesSchema } } }, 401: errorSpec("Not signed in") },
});

export function registerAccountRecoveryCodesApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(count, async (c) => c.json({ remaining: await unusedRecoveryCodeCount(services.sql, actingUser(c).id) }, 200));

  app.openapi(regenerate, async (c) => {
    const user = actingUser(c);
    const codes = await replaceRecoveryCodes(services.sql, user.id);
    await audit(services.sql, services.log, "user.recovery_codes_regenerated", { actorId: user.id, subjectId: user.id });
    c.header("Cache-Control", "no-store");
    return c.json({ codes, remaining: codes.length }, 201);
  });
}
