/**
 * The download of a ready export, for the page and the JSON API alike:
 * the owner's file while it has not expired, 404 for anything else (another
 * user's id, an expired or unfinished export, a file already deleted).
 */
import type { Context } from "hono";
import { downloadableExport } from "../export/store.ts";
import type { Services } from "../services.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";
import { actingUser } from "./middleware/auth.ts";

export async function exportDownload(c: Context<AppEnv>, services: Services, exportId: string): Promise<Response> {
  const found = await downloadableExport(services.sql, services.config, actingUser(c).id, exportId);
  const file = found && Bun.file(found.path);
  if (!found || !file || !(await file.exists())) throw new AppError("NOT_FOUND", "no such export, or it has expired");
  const day = found.export.createdAt.toISOString().slice(0, 10);
  return new Response(file.stream(), {
    status: 200,
    headers: {
      "Content-Type": "application/octet-stream",
      "Content-Length": String(file.size),
      "Content-Disposition": `attachment; filename="mail-helper-export-${day}.mhexport"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
