/**
 * Inline styles a mail may keep: layout, colours and type, each value
 * checked. Nothing that loads (`url()`, `@import`, `image-set()`), runs
 * (`expression()`, `behavior`, `-moz-binding`) or escapes the text flow
 * (`position`, which could lay a fake page over ours), and no CSS escapes
 * (`\`), which could spell any of those. Quotes are fine (font names):
 * the value is an attribute value, escaped when written out.
 */

/** A value without anything that fetches, runs or hides a word behind an escape. */
const SAFE_VALUE = /^(?!.*(?:url\s*\(|image-set|expression|javascript|vbscript|@import|\\|\/\*|attr\s*\(|var\s*\())[^<>;{}]*$/i;

const PROPERTIES = [
  "color",
  "background", // colours only: url() is refused by SAFE_VALUE
  "background-color",
  "font",
  "font-family",
  "font-size",
  "font-style",
  "font-weight",
  "font-variant",
  "line-height",
  "letter-spacing",
  "word-spacing",
  "text-align",
  "text-decoration",
  "text-indent",
  "text-transform",
  "white-space",
  "word-break",
  "word-wrap",
  "overflow-wrap",
  "vertical-align",
  "direction",
  "margin",
  "margin-top",
  "margin-right",
  "margin-bottom",
  "margin-left",
  "padding",
  "padding-top",
  "padding-right",
  "padding-bottom",
  "padding-left",
  "border",
  "border-top",
  "border-right",
  "border-bottom",
  "border-left",
  "border-color",
  "border-style",
  "border-width",
  "border-radius",
  "border-collapse",
  "border-spacing",
  "width",
  "min-width",
  "max-width",
  "height",
  "min-height",
  "max-height",
  "display",
  "float",
  "clear",
  "table-layout",
  "list-style-type",
  "list-style-position",
  "overflow",
  "text-overflow",
  "box-sizing",
  "border-top-color",
  "border-right-color",
  "border-bottom-color",
  "border-left-color",
  "border-top-width",
  "border-right-width",
  "border-bottom-width",
  "border-left-width",
  "border-top-style",
  "border-right-style",
  "border-bottom-style",
  "border-left-style",
  "opacity",
  "visibility",
] as const;

/** `sanitize-html`'s `allowedStyles` for every tag. */
export const ALLOWED_STYLES: Record<string, Record<string, RegExp[]>> = {
  "*": Object.fromEntries(PROPERTIES.map((property) => [property, [SAFE_VALUE]])),
};
