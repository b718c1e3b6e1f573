/**
 * The account's export page: start an export with a passphrase (never
 * stored, never logged: only the key derived from it is kept, encrypted,
 * for the build job), follow its progress, download it for 24 hours,
 * delete it. Another user's export id answers 404.
 */
import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { deleteExport, listExports, MIN_EXPORT_PASSPHRASE_LENGTH, requestExport } from "../../../export/store.ts";
import { translator } from "../../../i18n/messages.ts";
import { ExportPage } from "../../../../views/account/export.tsx";
import type { AppEnv } from "../../env.ts";
import { exportDownload } from "../../export-download.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

export function registerExportPage(app: Hono<AppEnv>, services: Services) {
  const { sql } = services;
  const page = async (c: Context<AppEnv>, extra: { notice?: string; error?: string } = {}, status: 200 | 400 | 409 = 200) =>
    c.html(<ExportPage page={pageContext(c)} exports={await listExports(sql, actingUser(c).id)} minPassphrase={MIN_EXPORT_PASSPHRASE_LENGTH} {...extra} />, status);

  app.get("/account/export", (c) => page(c));

  app.post("/account/export", async (c) => {
    const form = await readForm(c);
    const tr = translator(c.get("lang"));
    const passphrase = form.passphrase ?? "";
    if (passphrase !== (form.passphraseRepeat ?? "")) return page(c, { error: tr("export.mismatch") }, 400);
    const result = await requestExport(sql, await requestDataKey(c, services), actingUser(c).id, passphrase);
    if (!result.ok && result.reason === "passphrase_too_short") return page(c, { error: tr("export.tooShort", { min: String(MIN_EXPORT_PASSPHRASE_LENGTH) }) }, 400);
    if (!result.ok) return page(c, { error: tr("export.busy") }, 409);
    return page(c, { notice: tr("export.started") });
  });

  app.get("/account/export/:exportId/download", (c) => exportDownload(c, services, c.req.param("exportId")));

  app.post("/account/export/:exportId/delete", async (c) => {
    if (!(await deleteExport(sql, services.config, actingUser(c).id, c.req.param("exportId")))) throw new AppError("NOT_FOUND", "no such export");
    return page(c, { notice: translator(c.get("lang"))("export.deleted") });
  });
}
