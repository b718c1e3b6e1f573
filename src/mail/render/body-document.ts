/**
 * The document the message frame loads: the sanitised HTML with a few base
 * styles, and the headers that fence it in. The frame is sandboxed twice:
 * by its `sandbox` attribute on our page and by the `sandbox` CSP directive
 * here, so even opened on its own (a new tab, a download manager) it runs
 * no script, has no origin of ours, and cannot submit anything.
 */

/**
 * Nothing may load but inline styles and images we embedded (data:), plus
 * https images when the user allowed remote content. Fonts and CSS files
 * never: their URLs are removed by the sanitiser anyway.
 */
export function bodyContentSecurityPolicy(allowRemote: boolean): string {
  return [
    "default-src 'none'",
    `img-src data:${allowRemote ? " https:" : ""}`,
    "style-src 'unsafe-inline'",
    "font-src 'none'",
    "frame-ancestors 'self'",
    "form-action 'none'",
    "base-uri 'none'",
    "sandbox allow-popups allow-popups-to-escape-sandbox",
  ].join("; ");
}

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
body { margin: 0.75rem; font: 15px/1.5 system-ui, sans-serif; color: #1a1a1a; background: #fff; overflow-wrap: anywhere; }
img { max-width: 100%; height: auto; }
table { max-width: 100%; }
pre { white-space: pre-wrap; }
a { color: #0b57d0; }
.mh-blocked { display: inline-block; padding: 0 0.25em; border: 1px dashed #888; color: #555; font-size: 0.85em; }
`;

/** A complete document around already sanitised HTML (never raw mail HTML). */
export function bodyDocument(sanitizedHtml: string, lang: string): string {
  return `<!doctype html><html lang="${lang === "de" ? "de" : "en"}"><head><meta charset="utf-8"><meta name="referrer" content="no-referrer"><style>${BASE_STYLE}</style></head><body>${sanitizedHtml}</body></html>`;
}
