/**
 * JSON: the user's exports of everything they own (src/export/). The
 * passphrase in the request body is used to derive the archive key and
 * then dropped: never stored, never logged. Another user's export id
 * answers 404.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { InvalidPageCursorError, pagePosition } from "../../../../auth/keyset-page.ts";
import { deleteExport, getExport, MIN_EXPORT_PASSPHRASE_LENGTH, pageExports, requestExport, type UserExport } from "../../../../export/store.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { exportDownload } from "../../../export-download.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { PageQuerySchema } from "./page-query.ts";

const tags = ["Export"];

const CountsSchema = z.object({
  messages: z.number().int(),
  folders: z.number().int(),
  analyses: z.number().int(),
  corrections: z.number().int(),
  tags: z.number().int(),
  tagAssignments: z.number().int(),
  rules: z.number().int(),
  senderPatterns: z.number().int(),
  vipSenders: z.number().int(),
});

export const ExportSchema = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    status: z.enum(["queued", "running", "ready", "failed", "expired"]),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).openapi({ description: "Messages written of all to write" }),
    counts: CountsSchema.nullable().openapi({ description: "What the archive holds (manifest.json's counts); null until ready" }),
    sizeBytes: z.number().int().nullable(),
    error: z.enum(["data_key_unavailable", "key_missing", "failed"]).nullable().openapi({ description: "Why it failed; null otherwise" }),
    createdAt: z.string().openapi({ format: "date-time" }),
    finishedAt: z.string().nullable().openapi({ format: "date-time" }),
    expiresAt: z.string().nullable().openapi({ format: "date-time", description: "The file is deleted then" }),
  })
  .openapi("Export");

export const ExportListSchema = z
  .object({
    exports: z.array(ExportSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the page before; null on the first" }),
  })
  .openapi("ExportList");

export const NewExportSchema = z
  .object({
    passphrase: z
      .string()
      .max(1024)
      .openapi({
        description: `At least ${MIN_EXPORT_PASSPHRASE_LENGTH} characters. Encrypts the archive; never stored: without it the archive cannot be opened.`,
        example: "Leuchtturm Fahrrad Wolke 42",
      }),
  })
  .openapi("NewExport");

const ExportIdParams = z.object({ exportId: z.string().openapi({ param: { name: "exportId", in: "path" }, format: "uuid" }) });

const list = createRoute({
  method: "get",
  path: "/api/v1/exports",
  operationId: "listExports",
  tags,
  security: API_SECURITY,
  summary: "Your exports, newest first",
  request: { query: PageQuerySchema },
  responses: {
    200: { description: "One page", content: { "application/json": { schema: ExportListSchema } } },
    400: errorSpec("Malformed cursor"),
    401: errorSpec("Not signed in"),
  },
});

const create = createRoute({
  method: "post",
  path: "/api/v1/exports",
  operationId: "createExport",
  tags,
  security: API_SECURITY,
  summary: "Starts an export of everything you own, encrypted to a passphrase",
  description:
    "A job builds the archive (mail as mbox per folder; analyses, corrections, tags, rules, sender patterns, VIP list and settings as JSON; rules also as Sieve). Follow it with getExport; download it for 24 hours once ready.",
  request: { body: { required: true, content: { "application/json": { schema: NewExportSchema } } } },
  responses: {
    202: { description: "Queued", content: { "application/json": { schema: ExportSchema } } },
    400: errorSpec("The passphrase is too short"),
    401: errorSpec("Not signed in"),
    409: errorSpec("An export of yours is already being built, or your data key is not available"),
  },
});

const get = createRoute({
  method: "get",
  path: "/api/v1/exports/{exportId}",
  operationId: "getExport",
  tags,
  security: API_SECURITY,
  summary: "One of your exports, with its progress",
  request: { params: ExportIdParams },
  responses: {
    200: { description: "The export", content: { "application/json": { schema: ExportSchema } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such export of yours"),
  },
});

const download = createRoute({
  method: "get",
  path: "/api/v1/exports/{exportId}/download",
  operationId: "downloadExport",
  tags,
  security: API_SECURITY,
  summary: "The archive of a ready export",
  description: "Open it with `npm run open-export -- FILE` and the passphrase (README, Export format).",
  request: { params: ExportIdParams },
  responses: {
    200: { description: "The encrypted archive", content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such export of yours, not ready, or expired"),
  },
});

const remove = createRoute({
  method: "delete",
  path: "/api/v1/exports/{exportId}",
  operationId: "deleteExport",
  tags,
  security: API_SECURITY,
  summary: "Deletes one of your exports and its file",
  request: { params: ExportIdParams },
  responses: {
    204: { description: "Deleted" },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such export of yours, or it is still being built"),
  },
});

export function exportJson(entry: UserExport) {
  return {
    id: entry.id,
    status: entry.status,
    progress: { done: entry.done, total: entry.total },
    counts: entry.counts,
    sizeBytes: entry.sizeBytes,
    error: entry.errorCode,
    createdAt: entry.createdAt.toISOString(),
    finishedAt: entry.finishedAt?.toISOString() ?? null,
    expiresAt: entry.expiresAt?.toISOString() ?? null,
  };
}

export function registerExportsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  const { sql } = services;

  app.openapi(list, async (c) => {
    try {
      const page = await pageExports(sql, actingUser(c).id, pagePosition(c.req.valid("query")));
      return c.json({ exports: page.rows.map(exportJson), next: page.next, previous: page.previous }, 200);
    } catch (error) {
      if (error instanceof InvalidPageCursorError) throw new AppError("BAD_REQUEST", error.message);
      throw error;
    }
  });

  app.openapi(create, async (c) => {
    const result = await requestExport(sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("json").passphrase);
    if (!result.ok && result.reason === "passphrase_too_short") throw new AppError("BAD_REQUEST", `the passphrase needs at least ${MIN_EXPORT_PASSPHRASE_LENGTH} characters`);
    if (!result.ok) throw new AppError("CONFLICT", "an export is already being built; wait until it is ready");
    return c.json(exportJson(result.export), 202);
  });

  app.openapi(get, async (c) => {
    const found = await getExport(sql, actingUser(c).id, c.req.valid("param").exportId);
    if (!found) throw new AppError("NOT_FOUND", "no such export");
    return c.json(exportJson(found), 200);
  });

  app.openapi(download, (c) => exportDownload(c, services, c.req.valid("param").exportId) as never);

  app.openapi(remove, async (c) => {
    if (!(await deleteExport(sql, services.config, actingUser(c).id, c.req.valid("param").exportId))) throw new AppError("NOT_FOUND", "no such export");
    return c.body(null, 204);
  });
}
