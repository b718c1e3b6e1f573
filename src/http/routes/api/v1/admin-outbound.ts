/** Where the server may connect for users beyond public addresses, as /admin/outbound edits it (audited the same way), and the readiness checks of /admin/status. Administrators only; anyone else gets 404. */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { audit } from "../../../../auth/audit.ts";
import { parseAllowedTargetList } from "../../../../net/allowed-targets.ts";
import { listAllowedTargets, replaceAllowedTargets } from "../../../../net/allowed-targets-store.ts";
import { checkReadiness } from "../../../../ops/readiness.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { guardAdminPaths } from "./admin-guard.ts";
import { ADMIN_TAGS } from "./admin-schemas.ts";

const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const TargetsSchema = z
  .object({
    targets: z
      .array(z.string().max(300))
      .max(500)
      .openapi({ description: "One entry each: an address or network (CIDR), or a host name, each with an optional port", example: ["10.0.0.0/8", "mail.internal:993"] }),
  })
  .openapi("OutboundTargets");

const CheckSchema = z.object({
  ok: z.boolean(),
  detail: z.string().openapi({ description: "In English" }),
  state: z.record(z.string(), z.unknown()).openapi({ description: "A stable state with its numbers" }),
});
const StatusSchema = z.object({ ready: z.boolean(), checks: z.object({ database: CheckSchema, migrations: CheckSchema, worker: CheckSchema }) }).openapi("AdminStatus");

const readTargets = createRoute({
  method: "get",
  path: "/api/v1/admin/outbound-targets",
  operationId: "listOutboundTargets",
  security: API_SECURITY,
  tags: ADMIN_TAGS,
  summary: "The allowed outbound targets beyond public addresses",
  responses: { 200: { description: "The list", ...json(TargetsSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("You are not an administrator") },
});

const replaceTargets = createRoute({
  method: "put",
  path: "/api/v1/admin/outbound-targets",
  operationId: "replaceOutboundTargets",
  security: API_SECURITY,
  tags: ADMIN_TAGS,
  summary: "Replaces the allowed outbound targets (audited)",
  description: "All or nothing: one invalid entry and nothing is saved.",
  request: { body: { ...json(TargetsSchema), required: true } },
  responses: {
    200: { description: "The list as saved", ...json(TargetsSchema) },
    400: errorSpec("An entry that is not an address, network or host name"),
    401: errorSpec("Not signed in"),
    404: errorSpec("You are not an administrator"),
  },
});

const status = createRoute({
  method: "get",
  path: "/api/v1/admin/status",
  operationId: "getAdminStatus",
  security: API_SECURITY,
  tags: ADMIN_TAGS,
  summary: "The readiness checks: database, migrations, worker",
  responses: { 200: { description: "The report", ...json(StatusSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("You are not an administrator") },
});

export function registerAdminOutboundApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;
  guardAdminPaths(app, "/api/v1/admin/outbound-targets");
  guardAdminPaths(app, "/api/v1/admin/status");
  const stored = async () => ({ targets: (await listAllowedTargets(sql)).map((target) => target.text) });

  app.openapi(readTargets, async (c) => {
    c.header("Cache-Control", "no-store");
    return c.json(await stored(), 200);
  });

  app.openapi(replaceTargets, async (c) => {
    const parsed = parseAllowedTargetList(c.req.valid("json").targets.join("\n"));
    if (!parsed.ok) throw new AppError("BAD_REQUEST", `not an address, network or host name: ${parsed.invalid.slice(0, 10).join(", ")}`.slice(0, 500));
    const admin = actingUser(c);
    const { added, removed } = await replaceAllowedTargets(sql, parsed.targets, admin.id);
    if (added.length || removed.length) await audit(sql, c.get("log"), "outbound.allowed_targets_changed", { actorId: admin.id, detail: { added, removed } });
    return c.json(await stored(), 200);
  });

  app.openapi(status, async (c) => {
    const report = await checkReadiness(sql);
    c.header("Cache-Control", "no-store");
    const check = (name: "database" | "migrations" | "worker") => ({ ...report.checks[name], state: report.states[name] as Record<string, unknown> });
    return c.json({ ready: report.ready, checks: { database: check("database"), migrations: check("migrations"), worker: check("worker") } }, 200);
  });
}
