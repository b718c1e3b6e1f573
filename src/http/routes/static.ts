import { join } from "node:path";
import type { Hono } from "hono";
import { assetUrls, HTMX_FILE, STATIC_DIR } from "../../../views/assets.ts";
import type { AppEnv } from "../env.ts";

const IMMUTABLE = "public, max-age=31536000, immutable";

/** htmx (versioned URL, cached for a year) and the files of views/static. */
export function registerStaticAssets(app: Hono<AppEnv>) {
  app.get(assetUrls.htmx, (c) => {
    c.header("Cache-Control", IMMUTABLE);
    return c.body(Bun.file(HTMX_FILE).stream(), 200, { "Content-Type": "text/javascript; charset=utf-8" });
  });
  app.get(assetUrls.css, (c) => {
    c.header("Cache-Control", "public, max-age=3600");
    return c.body(Bun.file(join(STATIC_DIR, "app.css")).stream(), 200, { "Content-Type": "text/css; charset=utf-8" });
  });
}
