/**
 * The /imports pages: upload a file (multipart) or, for administrators, a
 * server path under IMPORT_ROOT; the user's imports with their progress;
 * one import's result. Another user's import id answers 404.
 */
import { rm } from "node:fs/promises";
import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { ImportPage, ImportsPage } from "../../../../views/imports/page.tsx";
import { translator } from "../../../i18n/messages.ts";
import { getImport, listImports, type MailImport } from "../../../mail/import/imports.ts";
import { ImportRefused, importLabel, queueImport, saveUpload, serverImportPath } from "../../../mail/import/request.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { MultipartError, readUploadForm, type UploadForm } from "../../multipart-stream.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

/** POST paths whose body is an upload, exempt from the app's 1 MB body limit: they apply IMPORT_MAX_BYTES while streaming. */
export const IMPORT_UPLOAD_PATHS: ReadonlySet<string> = new Set(["/imports", "/api/v1/imports"]);

/** Why an uploaded export archive was refused, in the user's words. */
function archiveRefusal(error: ImportRefused, tr: ReturnType<typeof translator>): string {
  if (error.reason === "passphrase_needed" || error.reason === "wrong_passphrase" || error.reason === "not_an_export") return tr(`imports.refused.${error.reason}`);
  return error.message;
}

export function registerImportsPage(app: Hono<AppEnv>, services: Services) {
  const { sql, config } = services;
  const listPage = async (c: Context<AppEnv>, error?: string, status: 200 | 400 | 413 = 200) => {
    const user = actingUser(c);
    const { imports } = await listImports(sql, user.id, undefined);
    return c.html(<ImportsPage page={pageContext(c)} imports={imports} isAdmin={user.role === "admin"} error={error} />, status);
  };

  app.get("/imports", (c) => listPage(c));

  app.post("/imports", async (c) => {
    const user = actingUser(c);
    const tr = translator(pageContext(c).lang);
    const tooLarge = () => listPage(c, tr("imports.tooLarge", { size: `${Math.round(config.IMPORT_MAX_BYTES / 1024 / 1024)} MB` }), 413);
    if (Number(c.req.header("Content-Length") ?? 0) > config.IMPORT_MAX_BYTES + 64 * 1024) return tooLarge();
    const noFile = () => listPage(c, tr("imports.noFile"), 400);
    const dataKey = await requestDataKey(c, services);
    // Streamed: the file goes to disk as it arrives, never whole in memory (parseBody() would buffer up to IMPORT_MAX_BYTES).
    let form: UploadForm<string>;
    try {
      form = await readUploadForm(c.req.raw.body, c.req.header("Content-Type"), {
        fileField: "file",
        saveFile: (stream) => saveUpload(config, stream),
        onAbandon: (path) => rm(path, { force: true }),
      });
    } catch (error) {
      if (error instanceof ImportRefused) return error.reason === "too_large" ? tooLarge() : noFile();
      if (error instanceof MultipartError) return noFile();
      throw error;
    }
    if (!form.file) return noFile();
    const { filename, saved: path } = form.file;
    const passphrase = form.fields.passphrase || undefined;
    let row: MailImport;
    try {
      row = await queueImport(sql, user.id, { source: "upload", label: importLabel(filename, "upload.mbox"), path }, { dataKey, passphrase });
    } catch (error) {
      if (error instanceof ImportRefused) return listPage(c, archiveRefusal(error, tr), 400);
      throw error;
    }
    return c.redirect(`/imports/${row.id}`, 303);
  });

  app.post("/imports/server-path", async (c) => {
    const user = actingUser(c);
    if (user.role !== "admin") throw new AppError("NOT_FOUND", "no such page");
    await requestDataKey(c, services);
    const given = String((await c.req.parseBody()).path ?? "");
    let path: string;
    try {
      path = await serverImportPath(config, given);
    } catch (error) {
      if (error instanceof ImportRefused) return listPage(c, error.message, 400);
      throw error;
    }
    const row = await queueImport(sql, user.id, { source: "path", label: importLabel(path, "import"), path });
    return c.redirect(`/imports/${row.id}`, 303);
  });

  app.get("/imports/:importId", async (c) => {
    const row = await getImport(sql, actingUser(c).id, c.req.param("importId"));
    if (!row) throw new AppError("NOT_FOUND", "no such import");
    c.header("Cache-Control", "no-store");
    return c.html(<ImportPage page={pageContext(c)} row={row} />);
  });
}
