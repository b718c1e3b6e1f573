import { join } from "node:path";
import type { Hono } from "hono";
import { assetUrls, HTMX_FILE, STATIC_DIR, STATIC_FILES } from "../../../views/assets.ts";
import type { AppEnv } from "../env.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** htmx (versioned URL, cached for a year) and the files of views/static. */
export function registerStaticAssets(app: Hono<AppEnv>) {
  app.get(assetUrls.htmx, (c) => {
    c.header("Cache-Control", IMMUTABLE);
    return c.body(Bun.file(HTMX_FILE).stream(), 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
  for (const [name, contentType] of Object.entries(STATIC_FILES)) {
    app.get(`/static/${name}`, (c) => {
      c.header("Cache-Control", "public, max-age=3600");
      return c.body(Bun.file(join(STATIC_DIR, name)).stream(), 200, { "Content-Type": contentType });
    });
  }
}
