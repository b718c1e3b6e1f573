/**
 * Tracking pixels: images whose only job is to tell the sender that (and
 * when, and from where) the mail was opened. They are dropped always, even
 * when the user allows remote content: nobody wants them, and a dropped
 * pixel changes nothing a reader can see.
 */

/**
 * Hosts that serve open-tracking images only (and the hosts under them).
 * Kept short and specific: a mailing provider's domain that also hosts its
 * customers' pictures is matched by its pixel paths below instead.
 */
export const TRACKER_HOSTS = [
  "list-manage.com", // Mailchimp open tracking (/track/open.php)
  "sendgrid.net", // SendGrid /wf/open
  "mandrillapp.com",
  "rs6.net", // Constant Contact
  "hubspotemail.net",
  "hs-analytics.net",
  "mailtrack.io",
  "mixmax.com",
  "yesware.com",
  "bananatag.com",
  "getnotify.com",
  "pixel.wp.com",
  "email.mg.", // Mailgun tracking hosts start with email.mg.<customer domain>
  "open.convertkit-mail.com",
  "sendibt", // Brevo (Sendinblue) tracking hosts: sendibt2.com, sendibt3.com…
] as const;

/** Paths that only ever serve open pixels, whatever the host. */
const TRACKER_PATHS = [/\/track\/open/i, /\/wf\/open/i, /\/open\.(?:php|aspx)/i, /\/on\.jsp/i, /\/pixel(\.gif|\.png)?(\?|$)/i, /\/beacon(\?|$)/i, /\/o\.gif/i];

export function isTrackerUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  const known = TRACKER_HOSTS.some((entry) =>
    entry.endsWith(".") ? host.startsWith(entry) || host.includes(`.${entry}`) : entry.includes(".") ? host === entry || host.endsWith(`.${entry}`) : host.includes(entry),
  );
  return known || TRACKER_PATHS.some((pattern) => pattern.test(parsed.pathname + parsed.search));
}

/** No picture a reader could see is this small; pixels of 2×2 are as common as 1×1 (checked with the hostile-HTML hold-out). */
const PIXEL_MAX = 2;

/** A size of at most PIXEL_MAX pixels: "1", "0", "2px", "0.5px". */
function tiny(value: string | undefined): boolean {
  if (value === undefined) return false;
  const match = /^\s*(\d*\.?\d+)\s*(px)?\s*$/i.exec(value);
  return match !== null && Number(match[1]) <= PIXEL_MAX;
}

/** The value of one property in a style attribute (the last one wins, as in CSS). */
function styleValue(style: string, property: string): string | undefined {
  let found: string | undefined;
  for (const declaration of style.split(";")) {
    const colon = declaration.indexOf(":");
    if (colon > 0 && declaration.slice(0, colon).trim().toLowerCase() === property)
      found = declaration
        .slice(colon + 1)
        .trim()
        .toLowerCase();
  }
  return found;
}

/**
 * An image that is (or hides) a tracking pixel: 2×2 or smaller by its
 * attributes or style (also when only max-width / max-height say so),
 * hidden (display:none, visibility:hidden, opacity 0), or from a known
 * tracker host or path.
 */
export function isTrackingPixel(attribs: Record<string, string>): boolean {
  const style = attribs.style ?? "";
  const width = attribs.width ?? styleValue(style, "width") ?? styleValue(style, "max-width");
  const height = attribs.height ?? styleValue(style, "height") ?? styleValue(style, "max-height");
  if (tiny(width) && tiny(height)) return true;
  if (tiny(width) && height === undefined) return true;
  if (tiny(height) && width === undefined) return true;
  if (styleValue(style, "display") === "none" || styleValue(style, "visibility") === "hidden") return true;
  const opacity = styleValue(style, "opacity");
  if (opacity !== undefined && Number(opacity) === 0) return true;
  return /^https?:/i.test(attribs.src ?? "") && isTrackerUrl(attribs.src!.trim());
}
