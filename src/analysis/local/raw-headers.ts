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
export const headerFields = (rawHeaders: string, names: ReadonlySet<string>): HeaderField[] => allFields(rawHeaders).filter((field) => names.has(field.name));

// The analysis asks for several names of one message's block in turn (authentication, spam filters, list headers): it is split once.
let lastBlock: string | undefined;
let lastFields: readonly HeaderField[] = [];

function allFields(rawHeaders: string): readonly HeaderField[] {
  if (rawHeaders === lastBlock) return lastFields;
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
    current = { name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() };
    fields.push(current);
  }
  lastBlock = rawHeaders;
  lastFields = fields;
  return fields;
}
