/**
 * HTML mail is hostile input. `sanitizeMailHtml` turns it into markup that
 * can only show text, tables, links and images: an allowlist of tags and
 * attributes (sanitize-html), styles checked property by property, links
 * opened in a new tab without an opener and showing their real target,
 * remote images replaced by a placeholder unless the user allowed them,
 * tracking pixels dropped always, and `cid:` images taken from the stored
 * attachments. The result is still shown only in a sandboxed frame under a
 * strict CSP (../../http/routes/messages/view/body.ts): defence in depth.
 *
 * @example
 *   const { html, blockedRemote } = sanitizeMailHtml(mailHtml, { allowRemote: false, inlineImages: new Map() });
 */
import sanitizeHtml from "sanitize-html";
import { isPublicRemoteUrl } from "../../net/remote-content.ts";
import { ALLOWED_STYLES } from "./css.ts";
import { deceptiveHrefs } from "./deceptive-links.ts";
import { isTrackingPixel } from "./trackers.ts";

export interface SanitizeOptions {
  /** Keep remote images (upgraded to https); otherwise each becomes a placeholder. */
  allowRemote: boolean;
  /** `cid:` references (Content-ID without brackets, lower case) → a data: URL of the stored image. */
  inlineImages: ReadonlyMap<string, string>;
}

export interface SanitizedHtml {
  html: string;
  /** Remote images replaced by a placeholder: all of them, or when remote content is allowed, those on this machine or a private network. */
  blockedRemote: number;
  /** Tracking pixels dropped. */
  droppedTrackers: number;
}

const ALLOWED_TAGS = [
  "a",
  "abbr",
  "address",
  "article",
  "aside",
  "b",
  "bdi",
  "bdo",
  "big",
  "blockquote",
  "br",
  "caption",
  "center",
  "cite",
  "code",
  "col",
  "colgroup",
  "dd",
  "del",
  "details",
  "dfn",
  "div",
  "dl",
  "dt",
  "em",
  "figcaption",
  "figure",
  "font",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hr",
  "i",
  "img",
  "ins",
  "kbd",
  "li",
  "main",
  "mark",
  "ol",
  "p",
  "pre",
  "q",
  "rp",
  "rt",
  "ruby",
  "s",
  "samp",
  "section",
  "small",
  "span",
  "strike",
  "strong",
  "sub",
  "summary",
  "sup",
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "time",
  "tr",
  "tt",
  "u",
  "ul",
  "var",
  "wbr",
];

/**
 * Dropped with everything inside: code, styles, embedded documents and
 * foreign markup (SVG and MathML: script, animate and the parser
 * differences behind mXSS live there), form controls, and `noscript`,
 * whose content a browser parses differently with scripting off.
 */
const DROPPED_WITH_CONTENT = [
  "script",
  "style",
  "noscript",
  "template",
  "title",
  "head",
  "textarea",
  "option",
  "select",
  "xmp",
  "iframe",
  "frame",
  "frameset",
  "object",
  "embed",
  "applet",
  "svg",
  "math",
  "noembed",
  "noframes",
  "plaintext",
  "canvas",
  "audio",
  "video",
  "picture",
  "source",
  "track",
  "map",
  "button",
  "input",
  "datalist",
  "output",
  "dialog",
  "portal",
  "param",
];

const LAYOUT_ATTRIBUTES = ["align", "valign", "width", "height", "bgcolor", "color", "border", "dir", "lang", "title", "style", "nowrap"];

const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  "*": LAYOUT_ATTRIBUTES,
  a: ["href", "target", "rel", "download"],
  img: ["src", "alt"],
  font: ["face", "size"],
  table: ["cellpadding", "cellspacing", "background", "summary"],
  td: ["colspan", "rowspan", "background", "headers", "scope"],
  th: ["colspan", "rowspan", "background", "headers", "scope", "abbr"],
  col: ["span"],
  colgroup: ["span"],
  ol: ["start", "type", "reversed"],
  ul: ["type"],
  li: ["value"],
  time: ["datetime"],
  details: ["open"],
  bdo: ["dir"],
};

/** Images shown from data: URLs; SVG is not among them. */
const RASTER_DATA_URL = /^data:image\/(?:png|jpeg|gif|webp);base64,[a-z0-9+/=\s]+$/i;

/** A link target a reader may follow: web and mail addresses, phone numbers. Never script, data or relative URLs. */
export const FOLLOWABLE = /^(?:https?:\/\/|mailto:|tel:)/i;

/** Attribute values as the browser will read them: no control characters or surrounding space (`java\tscript:`). */
const clean = (value: string | undefined) => (value ?? "").replace(/[\t\n\r]/g, "").replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, "");

export function sanitizeMailHtml(html: string, options: SanitizeOptions): SanitizedHtml {
  let blockedRemote = 0;
  let droppedTrackers = 0;
  // Images to leave out, known by their (fresh) attribute object: the exclusive filter removes them.
  const dropped = new WeakSet<object>();
  const drop = (): sanitizeHtml.Tag => {
    const attribs = {};
    dropped.add(attribs);
    return { tagName: "img", attribs };
  };
  /**
   * A remote URL as it may load: over https only (the frame's CSP allows no
   * other scheme), so http and scheme-relative URLs are upgraded, as
   * browsers upgrade mixed-content images; undefined when remote content is
   * not allowed, the URL is not a web URL, or its host is this machine or a
   * private network (the outbound policy, ../../net/remote-content.ts).
   */
  const remoteUrl = (url: string): string | undefined => {
    if (!options.allowRemote) return undefined;
    let https: string | undefined;
    if (/^https:\/\//i.test(url)) https = url;
    else if (/^http:\/\//i.test(url)) https = `https://${url.slice(7)}`;
    else if (/^\/\/[^/]/.test(url)) https = `https:${url}`;
    return https && isPublicRemoteUrl(https) ? https : undefined;
  };

  const blockedImage = (attribs: sanitizeHtml.Attributes): sanitizeHtml.Tag => {
    blockedRemote++;
    return { tagName: "span", attribs: { class: "mh-blocked", title: attribs.alt ?? "" }, text: `[${attribs.alt?.trim() || "🖼"}]` };
  };

  const image: sanitizeHtml.Transformer = (_tagName, attribs) => {
    // A pixel is dropped whatever its source; so is an image without one.
    if (isTrackingPixel(attribs)) {
      droppedTrackers++;
      return drop();
    }
    const src = clean(attribs.src);
    const { src: _src, srcset: _srcset, ...rest } = attribs;
    if (/^cid:/i.test(src)) {
      const data = options.inlineImages.get(decodeCid(src));
      return data ? { tagName: "img", attribs: { ...rest, src: data } } : drop();
    }
    if (RASTER_DATA_URL.test(src)) return { tagName: "img", attribs: { ...rest, src } };
    if (/^(?:https?:)?\/\//i.test(src)) {
      const url = remoteUrl(src);
      return url ? { tagName: "img", attribs: { ...rest, src: url } } : blockedImage(attribs);
    }
    return drop();
  };

  /** Table backgrounds are remote images too. */
  const background: sanitizeHtml.Transformer = (tagName, attribs) => {
    const { background: value, ...rest } = attribs;
    if (value === undefined) return { tagName, attribs };
    const url = clean(value);
    const remote = remoteUrl(url);
    if (remote) return { tagName, attribs: { ...rest, background: remote } };
    if (/^(?:https?:)?\/\//i.test(url)) blockedRemote++;
    return { tagName, attribs: rest };
  };

  const deceptive = /<a\b/i.test(html) ? deceptiveHrefs(html) : new Set<string>();
  const link: sanitizeHtml.Transformer = (_tagName, attribs) => {
    const href = clean(attribs.href);
    const { href: _href, target: _target, rel: _rel, title: _title, download, ...rest } = attribs;
    if (!FOLLOWABLE.test(href)) return { tagName: "a", attribs: rest };
    // The real target, shown on hover. A link whose text names another host, or that would download a file,
    // first opens a page of ours that shows where it goes (../../http/routes/messages/view/leave.tsx).
    const checked = download !== undefined || deceptive.has(href) ? `/leave?to=${encodeURIComponent(href)}` : href;
    return { tagName: "a", attribs: { ...rest, href: checked, target: "_blank", rel: "noopener noreferrer", title: href } };
  };

  const output = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { ...ALLOWED_ATTRIBUTES, span: ["class"] },
    allowedClasses: { span: ["mh-blocked"] },
    nonTextTags: DROPPED_WITH_CONTENT,
    disallowedTagsMode: "discard",
    allowedSchemes: ["http", "https", "mailto", "tel"],
    allowedSchemesByTag: { img: ["https", "data"] },
    allowedSchemesAppliedToAttributes: ["href", "src", "cite", "background"],
    allowProtocolRelative: false,
    allowedStyles: ALLOWED_STYLES,
    exclusiveFilter: (frame) => dropped.has(frame.attribs),
    transformTags: { img: image, a: link, table: background, td: background, th: background },
  });
  return { html: output, blockedRemote, droppedTrackers };
}

/** `cid:` URLs are URL-encoded Content-IDs (RFC 2392); compared in lower case. */
export function decodeCid(src: string): string {
  const id = src.replace(/^cid:/i, "").replace(/^<|>$/g, "");
  try {
    return decodeURIComponent(id).toLowerCase();
  } catch {
    return id.toLowerCase();
  }
}
