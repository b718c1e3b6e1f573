/**
 * Mail import over JSON: upload an mbox or .eml (the request body itself,
 * streamed to a file; multipart on the /imports page), or, for
 * administrators, import from a path under IMPORT_ROOT; list your imports
 * and read one's progress and result. Another user's import id answers 404.
 */
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { RESTORE_NOTE_CODES, restoreNoteText } from "../../../../export/restore-notes.ts";
import { getImport, listImports, type MailImport, type StoredRestoreReport } from "../../../../mail/import/imports.ts";
import { ImportRefused, importLabel, queueImport, saveUpload, serverImportPath } from "../../../../mail/import/request.ts";
import type { Services } from "../../../../services.ts";
import { API_SECURITY } from "../../../api-security.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { decodeCursor, encodeCursor } from "../../../thread-cursor.ts";
import { PageQuerySchema } from "./page-query.ts";

const TAGS = ["Import"];
const json = <T extends z.ZodType>(schema: T) => ({ content: { "application/json": { schema } } });

const PartCountSchema = z.object({ applied: z.number().int(), skipped: z.number().int().openapi({ description: "Already there or not applicable" }) });

const RestoreNoteSchema = z
  .object({
    code: z.enum(RESTORE_NOTE_CODES).nullable().openapi({ description: "Why something was skipped; null for an import made before notes had codes (then only `text` is known)" }),
    params: z
      .record(z.string(), z.union([z.string(), z.number()]))
      .openapi({ description: "The code's parameters: `tag`, `rule`, `count`, or `kind` and `value` for a VIP entry", example: { rule: "Hausverwaltung" } }),
    text: z.string().openapi({ description: "The note in English", example: 'Rule "Hausverwaltung": names a folder, tag or account not found here.' }),
  })
  .openapi("RestoreNote");

const RestoreReportSchema = z
  .object({
    settings: PartCountSchema,
    tags: PartCountSchema,
    tagAssignments: PartCountSchema,
    analyses: PartCountSchema,
    corrections: PartCountSchema,
    rules: PartCountSchema,
    senderPatterns: PartCountSchema,
    vipSenders: PartCountSchema,
    notes: z.array(RestoreNoteSchema),
  })
  .openapi("RestoreReport");

/** A stored report for the API: each note as code, parameters and English text (an old row's sentence as text alone). */
function restoreReportJson(report: StoredRestoreReport | null): z.infer<typeof RestoreReportSchema> | null {
  if (!report) return null;
  const notes = report.notes.map((note) => (typeof note === "string" ? { code: null, params: {}, text: note } : { code: note.code, params: note.params, text: restoreNoteText(note, "en") }));
  return { ...report, notes };
}

export const ImportSchema = z
  .object({
    id: z.string().uuid(),
    accountId: z.string().uuid().nullable().openapi({ description: "The offline mail account the mail goes to; null until the import starts" }),
    source: z.enum(["upload", "path"]),
    format: z
      .enum(["mbox", "maildir", "eml", "directory", "export"])
      .nullable()
      .openapi({ description: "As detected when the import started; `export`: an encrypted export archive of this product (mail, then its analyses, tags, rules and more)" }),
    label: z.string().openapi({ description: "The uploaded file's name or the path's last part" }),
    state: z.enum(["queued", "running", "done", "failed"]),
    total: z.number().int().nullable().openapi({ description: "Messages in the source; null until counted" }),
    processed: z.number().int().openapi({ description: "Messages read so far (progress: processed of total)" }),
    imported: z.number().int(),
    duplicates: z.number().int().openapi({ description: "Skipped: mail you already have (the same message identity, synced or imported before)" }),
    unreadable: z
      .array(
        z.object({
          position: z.number().int(),
          name: z.string(),
          reasons: z.array(z.string()).openapi({ description: "Parse problem codes, or `empty`" }),
          stored: z.boolean().openapi({ description: "Stored as far as it could be read" }),
        }),
      )
      .openapi({ description: "Messages read with problems, with the reasons" }),
    error: z.string().nullable().openapi({ description: "Why a failed import failed: `key_unavailable` or `unreadable_source`" }),
    restored: RestoreReportSchema.nullable().openapi({ description: "An export archive's: what its JSON part applied; null for other imports and until it is applied" }),
    createdAt: z.string().datetime(),
    finishedAt: z.string().datetime().nullable(),
  })
  .openapi("MailImport");

const ImportListSchema = z
  .object({
    imports: z.array(ImportSchema).openapi({ description: "Newest first, 50 a page" }),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next (older) page; null on the last" }),
    previous: z.string().nullable().openapi({ description: "Pass as `before` for the previous (newer) page; null on the first" }),
  })
  .openapi("MailImportList");

export function importJson(row: MailImport) {
  return {
    id: row.id,
    accountId: row.accountId,
    source: row.source,
    format: row.format,
    label: row.label,
    state: row.state,
    total: row.total,
    processed: row.processed,
    imported: row.imported,
    duplicates: row.duplicates,
    unreadable: row.unreadable,
    error: row.error,
    restored: restoreReportJson(row.restoreReport),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

const importParam = z.object({ importId: z.string().openapi({ param: { name: "importId", in: "path" }, description: "The import's id" }) });

const upload = createRoute({
  method: "post",
  path: "/api/v1/imports",
  operationId: "createImport",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Imports an uploaded mbox, .eml or export archive as an offline mailbox",
  description:
    "The request body is the file (any content type; up to IMPORT_MAX_BYTES). A background job stores the mail; follow it with GET /api/v1/imports/{importId}. Mail you already have is skipped as a duplicate. An export archive of this product (GET /api/v1/exports/{exportId}/download) needs the passphrase it was exported with in the `X-Archive-Passphrase` header; its analyses, corrections, tags, rules, sender patterns, VIP list and settings are applied after its mail.",
  request: {
    query: z.object({
      name: z
        .string()
        .max(200)
        .optional()
        .openapi({ param: { name: "name", in: "query" }, description: "The file's name: an mbox's name becomes its folder" }),
    }),
    headers: z.object({
      "x-archive-passphrase": z
        .string()
        .max(1024)
        .optional()
        .openapi({
          param: { name: "x-archive-passphrase", in: "header" },
          description: "For an export archive: the passphrase it was exported with (a header, so it stays out of URLs and access logs)",
        }),
    }),
    body: { content: { "application/octet-stream": { schema: z.string().openapi({ format: "binary" }) } }, required: true },
  },
  responses: {
    202: { description: "Queued", ...json(ImportSchema) },
    400: errorSpec("An empty body; an export archive without its passphrase, or with a wrong one"),
    401: errorSpec("Not signed in"),
    409: errorSpec("Your data key is not open (strict mode, signed out)"),
    413: errorSpec("Larger than IMPORT_MAX_BYTES"),
  },
});

const fromPath = createRoute({
  method: "post",
  path: "/api/v1/imports/server-path",
  operationId: "createImportFromPath",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Imports an mbox, Maildir tree, .eml or directory on the server (administrators, under IMPORT_ROOT)",
  request: { body: { ...json(z.object({ path: z.string().min(1).max(4000).openapi({ description: "Relative to IMPORT_ROOT, or absolute under it" }) })), required: true } },
  responses: {
    202: { description: "Queued", ...json(ImportSchema) },
    400: errorSpec("No IMPORT_ROOT, a path outside it, or nothing there"),
    401: errorSpec("Not signed in"),
    404: errorSpec("Not an administrator"),
    409: errorSpec("Your data key is not open (strict mode, signed out)"),
  },
});

const list = createRoute({
  method: "get",
  path: "/api/v1/imports",
  operationId: "listImports",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Your imports, newest first, with their progress and results",
  description: "Keyset pagination: follow `next` as `after` and `previous` as `before`.",
  request: { query: PageQuerySchema },
  responses: {
    200: { description: "One page", ...json(ImportListSchema) },
    400: errorSpec("A cursor this server did not make, or both `after` and `before`"),
    401: errorSpec("Not signed in"),
  },
});

const read = createRoute({
  method: "get",
  path: "/api/v1/imports/{importId}",
  operationId: "getImport",
  security: API_SECURITY,
  tags: TAGS,
  summary: "One import: progress (processed of total) and result (imported, duplicates, unreadable with reasons)",
  request: { params: importParam },
  responses: { 200: { description: "The import", ...json(ImportSchema) }, 401: errorSpec("Not signed in"), 404: errorSpec("No such import of yours") },
});

/** An ImportRefused as the error the API answers with. */
export function refusal(error: unknown): never {
  if (error instanceof ImportRefused) throw new AppError(error.reason === "too_large" ? "PAYLOAD_TOO_LARGE" : "BAD_REQUEST", error.message);
  throw error;
}

export function registerImportsApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(upload, async (c) => {
    const user = actingUser(c);
    // The job needs the data key: a strict-mode user without an open one is told now, not by a failed job.
    const dataKey = await requestDataKey(c, services);
    const body = c.req.raw.body;
    if (!body) throw new AppError("BAD_REQUEST", "the request body is the file to import");
    const path = await saveUpload(services.config, body).catch(refusal);
    const passphrase = c.req.valid("header")["x-archive-passphrase"];
    const row = await queueImport(services.sql, user.id, { source: "upload", label: importLabel(c.req.valid("query").name, "upload.mbox"), path }, { dataKey, passphrase }).catch(refusal);
    return c.json(importJson(row), 202);
  });

  app.openapi(fromPath, async (c) => {
    const user = actingUser(c);
    if (user.role !== "admin") throw new AppError("NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`);
    await requestDataKey(c, services);
    const given = c.req.valid("json").path;
    const path = await serverImportPath(services.config, given).catch(refusal);
    const row = await queueImport(services.sql, user.id, { source: "path", label: importLabel(path, "import"), path });
    return c.json(importJson(row), 202);
  });

  app.openapi(list, async (c) => {
    const query = c.req.valid("query");
    if (query.after && query.before) throw new AppError("BAD_REQUEST", "after and before: give one of them");
    const after = decodeCursor(query.after);
    const before = decodeCursor(query.before);
    const { imports, more } = await listImports(services.sql, actingUser(c).id, before ?? after, before !== undefined);
    const hasNext = before ? imports.length > 0 : more;
    const hasPrevious = before ? more : after !== undefined && imports.length > 0;
    c.header("Cache-Control", "no-store");
    return c.json(
      {
        imports: imports.map(importJson),
        next: hasNext ? encodeCursor(imports.at(-1)!.cursor) : null,
        previous: hasPrevious ? encodeCursor(imports[0]!.cursor) : null,
      },
      200,
    );
  });

  app.openapi(read, async (c) => {
    const row = await getImport(services.sql, actingUser(c).id, c.req.valid("param").importId);
    if (!row) throw new AppError("NOT_FOUND", "no such import");
    c.header("Cache-Control", "no-store");
    return c.json(importJson(row), 200);
  });
}
