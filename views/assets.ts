/**
 * Static assets: the files in views/static and htmx from its npm package.
 * Pages link them at content-hashed URLs (`/static/app.3f2a9c1b0d4e.css`),
 * which src/http/routes/static.ts serves as immutable for a year, so a
 * browser fetches each version once and a new release is picked up at once;
 * the plain name (`/static/app.css`) still answers, cached for an hour.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import htmxPackage from "htmx.org/package.json" with { type: "json" };

export const HTMX_VERSION: string = htmxPackage.version;
export const HTMX_FILE = Bun.resolveSync("htmx.org/dist/htmx.min.js", import.meta.dir);
export const STATIC_DIR = join(import.meta.dir, "static");

/** Files of views/static, served under /static/<name> and at their hashed URL. */
export const STATIC_FILES = {
  "app.css": "text/css; charset=utf-8",
  "favicon.svg": "image/svg+xml",
  /** The message list's script (keyboard shortcuts, select-all) and styles: same-origin files, as the CSP allows. */
  "message-list.js": "text/javascript; charset=utf-8",
  "message-list.css": "text/css; charset=utf-8",
  /** The message page's keys: the next and previous message in the list it came from, back to that list. */
  "message-page.js": "text/javascript; charset=utf-8",
  /** Fills sign-up's hidden time-zone field with the browser's zone. */
  "time-zone.js": "text/javascript; charset=utf-8",
  /** Copy, download and print of the recovery codes just shown. */
  "recovery-codes.js": "text/javascript; charset=utf-8",
  /** Sizes the message page's HTML frame to the height its document reports. */
  "message-frame.js": "text/javascript; charset=utf-8",
  /** The compose form: saves the draft once more when the page is left. */
  "compose.js": "text/javascript; charset=utf-8",
  /** The compose form's and the drafts list's layout. */
  "compose.css": "text/css; charset=utf-8",
  /** The rule editor's layout: form and live preview. */
  "rule-editor.css": "text/css; charset=utf-8",
} as const;

/**
 * `/static/app.<hash>.css`: the first 12 hex digits of the file's SHA-256,
 * read once at start (the files ship with the release and never change
 * while it runs).
 *
 * @example
 *   hashedUrl("app.css") // "/static/app.3f2a9c1b0d4e.css"
 */
export function hashedUrl(name: keyof typeof STATIC_FILES): string {
  const hash = createHash("sha256")
    .update(readFileSync(join(STATIC_DIR, name)))
    .digest("hex")
    .slice(0, 12);
  const dot = name.lastIndexOf(".");
  return `/static/${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
}

export const assetUrls = {
  htmx: `/static/htmx-${HTMX_VERSION}.min.js`,
  css: hashedUrl("app.css"),
  favicon: hashedUrl("favicon.svg"),
  listScript: hashedUrl("message-list.js"),
  listStyles: hashedUrl("message-list.css"),
  timeZoneScript: hashedUrl("time-zone.js"),
  recoveryScript: hashedUrl("recovery-codes.js"),
  frameScript: hashedUrl("message-frame.js"),
  messagePageScript: hashedUrl("message-page.js"),
  ruleEditorStyles: hashedUrl("rule-editor.css"),
  composeScript: hashedUrl("compose.js"),
  composeStyles: hashedUrl("compose.css"),
};
