/**
 * HTML built as strings, for the few places that render hundreds of small
 * elements per page (list rows): there hono/jsx's element objects and
 * attribute walks cost more than the rest of the request. Everything that
 * comes from outside goes through `escapeHtml`; hono/jsx takes the result
 * as `raw()`.
 */

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const SPECIAL = /[&<>"']/;
const SPECIAL_ALL = /[&<>"']/g;

/** Text or attribute value, escaped for both (quotes included). */
export function escapeHtml(value: string): string {
  // Most subjects and names need nothing: testing first skips building a new string.
  return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (char) => ESCAPES[char]!) : value;
}
