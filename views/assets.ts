/** Static assets: the stylesheet in views/static and htmx from its npm package, under versioned URLs. */
import { join } from "node:path";
import htmxPackage from "htmx.org/package.json" with { type: "json" };

export const HTMX_VERSION: string = htmxPackage.version;
export const HTMX_FILE = Bun.resolveSync("htmx.org/dist/htmx.min.js", import.meta.dir);
export const STATIC_DIR = join(import.meta.dir, "static");

/** Files of views/static, served under /static/<name>. */
export const STATIC_FILES = { "app.css": "text/css; charset=utf-8", "favicon.svg": "image/svg+xml" } as const;

export const assetUrls = {
  htmx: `/static/htmx-${HTMX_VERSION}.min.js`,
  css: "/static/app.css",
  favicon: "/static/favicon.svg",
};
