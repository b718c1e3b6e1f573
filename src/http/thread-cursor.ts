/**
 * Keyset cursors (src/inbox/threads.ts) as the threads pages' links and the
 * threads API carry them: the activity time of the last row shown (as PostgreSQL's UTC text,
 * microseconds kept, so no row is skipped or repeated) and its message id
 * as the tie-breaker.
 *
 * @example
 *   encodeCursor({ at: "2026-11-28 17:25:01.123456", id: "0b6c…" }) // "2026-11-28 17:25:01.123456_0b6c…"
 */
import { isUuid } from "../ids.ts";
import type { Cursor } from "../inbox/threads.ts";
import { AppError } from "./errors.ts";

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?$/;

export function encodeCursor(cursor: Cursor): string {
  return `${cursor.at}_${cursor.id}`;
}

/** Undefined for no cursor (the first page); a malformed one answers 400. */
export function decodeCursor(value: string | undefined): Cursor | undefined {
  if (!value) return undefined;
  const at = value.slice(0, value.lastIndexOf("_"));
  const id = value.slice(value.lastIndexOf("_") + 1);
  if (!TIMESTAMP.test(at) || !isUuid(id)) throw new AppError("BAD_REQUEST", "the page cursor is not one this server made");
  return { at, id };
}
