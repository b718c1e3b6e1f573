/** Static assets: the files in views/static and htmx from its npm package (under a versioned URL); src/http/routes/static.ts serves them all. */
import { join } from "node:path";
import htmxPackage from "htmx.org/package.json" with { type: "json" };

export const HTMX_VERSION: string = htmxPackage.version;
export const HTMX_FILE = Bun.resolveSync("htmx.org/dist/htmx.min.js", import.meta.dir);
export const STATIC_DIR = join(import.meta.dir, "static");

/** Files of views/static, served under /static/<name>. */
export const STATIC_FILES = {
  "app.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
  /** The message list's script (keyboard shortcuts, select-all) and styles: same-origin files, as the CSP allows. */
  "message-list.js": "text/javascript; charset=utf-8",
  "message-list.css": "text/css; charset=utf-8",
  /** Fills sign-up's hidden time-zone field with the browser's zone. */
  "time-zone.js": "text/javascript; charset=utf-8",
  /** Copy, download and print of the recovery codes just shown. */
  "recovery-codes.js": "text/javascript; charset=utf-8",
  /** Sizes the message page's HTML frame to the height its document reports. */
  "message-frame.js": "text/javascript; charset=utf-8",
} as const;

export const assetUrls = {
  htmx: `/static/htmx-${HTMX_VERSION}.min.js`,
  css: "/static/app.css",
  favicon: "/static/favicon.svg",
  listScript: "/static/message-list.js",
  listStyles: "/static/message-list.css",
  timeZoneScript: "/static/time-zone.js",
  recoveryScript: "/static/recovery-codes.js",
  frameScript: "/static/message-frame.js",
};
