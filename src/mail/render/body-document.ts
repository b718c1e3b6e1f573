/**
 * The document the message frame loads: the sanitised HTML with a few base
 * styles, our one script that reports its height, and the headers that
 * fence it in. The frame is sandboxed twice: by its `sandbox` attribute on
 * our page and by the `sandbox` CSP directive here, so even opened on its
 * own (a new tab, a download manager) it has no origin of ours and cannot
 * submit anything. Scripts are allowed by the sandbox only so that the
 * height script runs: `script-src` names that script's hash and nothing
 * else, so no script of the mail runs (the sanitiser removed them too, and
 * with them event handlers and javascript: links, which the CSP blocks as
 * well).
 */
import { createHash } from "node:crypto";

/**
 * Tells the message page the document's height whenever it changes (images
 * loading, a narrower window), so the page sizes the frame to the mail
 * instead of a fixed box with a scrollbar inside (views/static/message-frame.js
 * listens). It removes its own element at once: the frame's DOM is the
 * mail's alone. The message carries nothing but a number, so any parent may
 * read it; frame-ancestors keeps the parent ours anyway. After the load it
 * reports again a few times: a browser may hold back the observer's
 * callbacks of a frame in another process while it is busy (a full test
 * run once left a short mail's frame at the 60 px floor, its last report
 * taken before the text was laid out), and timers still run then.
 */
export const FRAME_HEIGHT_SCRIPT =
  "(()=>{const root=document.documentElement;" +
  "const post=()=>parent.postMessage({mhFrameHeight:Math.ceil(root.getBoundingClientRect().height)},'*');" +
  "new ResizeObserver(post).observe(root);addEventListener('load',()=>{post();for(const ms of [500,2000,5000])setTimeout(post,ms)});" +
  "document.currentScript.remove();})();";

const FRAME_HEIGHT_SCRIPT_SOURCE = `'sha256-${createHash("sha256").update(FRAME_HEIGHT_SCRIPT).digest("base64")}'`;

/**
 * Nothing may load but inline styles and images we embedded (data:), plus
 * https images when the user allowed remote content. Fonts and CSS files
 * never: their URLs are removed by the sanitiser anyway.
 */
export function bodyContentSecurityPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `script-src ${FRAME_HEIGHT_SCRIPT_SOURCE}`,
    `img-src data:${allowRemote ? " https:" : ""}`,
    "style-src 'unsafe-inline'",
    "font-src 'none'",
    "frame-ancestors 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    `sandbox ${FRAME_SANDBOX}`,
  ].join("; ");
}

/**
 * The frame's sandbox, on the iframe and in the CSP: links may open in a new
 * tab, outside the sandbox; scripts only for the height script (see
 * above); never allow-same-origin, forms or top navigation.
 */
export const FRAME_SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox";

/** Headers of the frame's document (besides the CSP). */
export const BODY_HEADERS = {
  "X-Frame-Options": "SAMEORIGIN",
  "X-Content-Type-Options": "nosniff",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
} as const;

const BASE_STYLE = `
html { color-scheme: light; }
body { display: flow-root; margin: 0.75rem; font: 15px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
a { color: #0b57d0; }
.mh-blocked { display: inline-block; padding: 0 0.25em; border: 1px dashed #888; color: #555; font-size: 0.85em; }
`;

/** A complete document around already sanitised HTML (never raw mail HTML). */
export function bodyDocument(sanitizedHtml: string, lang: string): string {
  return `<!doctype html><html lang="${lang === "de" ? "de" : "en"}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style><script>${FRAME_HEIGHT_SCRIPT}</script></head><body>${sanitizedHtml}</body></html>`;
}
