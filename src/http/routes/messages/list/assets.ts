/** The list's script (keyboard shortcuts, select-all) and styles: same-origin files, as the CSP allows. */
import { join } from "node:path";
import type { Hono } from "hono";
import type { AppEnv } from "../../../env.ts";
import { LIST_SCRIPT, LIST_STYLES } from "./view.tsx";

const STATIC_DIR = join(import.meta.dir, "static");

export function registerMessageListAssets(app: Hono<AppEnv>) {
  const serve = (url: string, file: string, contentType: string) =>
    app.get(url, (c) => {
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(Bun.file(join(STATIC_DIR, file)).stream(), 200, { "Content-Type": contentType });
    });
  serve(LIST_SCRIPT, "message-list.js", "text/javascript; charset=utf-8");
  serve(LIST_STYLES, "message-list.css", "text/css; charset=utf-8");
}
