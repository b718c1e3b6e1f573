/**
 * Header fields read straight from the raw header block, for the ones the
 * parser does not select (Authentication-Results, X-Spam-*, Received):
 * unfolded, in order from the top (the top is what the last server — the
 * user's own provider — added).
 *
 * @example
 * headerFields(raw, new Set(["authentication-results"])); // [{ name, value }, …] top first
 */
import { MAX_RAW_HEADER_SCAN_CHARS } from "./limits.ts";

export interface HeaderField {
  /** Lower case. */
  name: string;
  value: string;
}

/** The fields whose (lower-case) name is in `names`, top first. */
export function headerFields(rawHeaders: string, names: ReadonlySet<string>): HeaderField[] {
  const fields: HeaderField[] = [];
  const head = rawHeaders.length > MAX_RAW_HEADER_SCAN_CHARS ? rawHeaders.slice(0, MAX_RAW_HEADER_SCAN_CHARS) : rawHeaders;
  let current: HeaderField | null = null;
  for (const line of head.split(/\r?\n/)) {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      if (current) current.value += ` ${line.trim()}`;
      continue;
    }
    current = null;
    const colon = line.indexOf(":");
    if (colon <= 0 || colon > 60) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!names.has(name)) continue;
    current = { name, value: line.slice(colon + 1).trim() };
    fields.push(current);
  }
  return fields;
}
