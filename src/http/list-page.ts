/**
 * Keyset pages over a short list the domain hands over whole (drafts,
 * remembered browsers): ordered newest first by a time and the id, the
 * cursor names the last (or first) row shown by its time in milliseconds and
 * its id, so a row added or removed between pages neither repeats nor skips
 * another.
 *
 * @example
 *   pageByTime(drafts, (draft) => draft.updatedAt, { after: "1733530000000_0b6c…", limit: 50 })
 *   // { items: [...], next: "1733529000000_9a1f…" | null, previous: "…" | null }
 */
import { isUuid } from "../ids.ts";
import { AppError } from "./errors.ts";

export interface ListPage<T> {
  items: T[];
  next: string | null;
  previous: string | null;
}

const CURSOR = /^(\d{1,15})_(.+)$/;

function decode(value: string): { at: number; id: string } {
  const match = CURSOR.exec(value);
  if (!match || !isUuid(match[2]!)) throw new AppError("BAD_REQUEST", "the page cursor is not one this server made");
  return { at: Number(match[1]), id: match[2]! };
}

/** Newest first; ties by id, descending. Negative: `a` comes first. */
const order = (a: { at: number; id: string }, b: { at: number; id: string }) => b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

export function pageByTime<T extends { id: string }>(rows: readonly T[], time: (row: T) => Date, query: { after?: string | undefined; before?: string | undefined; limit: number }): ListPage<T> {
  const keyed = rows.map((row) => ({ row, key: { at: time(row).getTime(), id: row.id } })).sort((a, b) => order(a.key, b.key));
  const encode = (entry: (typeof keyed)[number]) => `${entry.key.at}_${entry.key.id}`;
  let start = 0;
  let end = keyed.length;
  if (query.after) {
    const after = decode(query.after);
    start = keyed.findIndex((entry) => order(entry.key, after) > 0);
    if (start < 0) start = keyed.length;
    end = Math.min(keyed.length, start + query.limit);
  } else if (query.before) {
    const before = decode(query.before);
    end = keyed.findIndex((entry) => order(entry.key, before) >= 0);
    if (end < 0) end = keyed.length;
    start = Math.max(0, end - query.limit);
  } else {
    end = Math.min(keyed.length, query.limit);
  }
  const shown = keyed.slice(start, end);
  return {
    items: shown.map((entry) => entry.row),
    next: end < keyed.length && shown.length > 0 ? encode(shown.at(-1)!) : null,
    previous: start > 0 && shown.length > 0 ? encode(shown[0]!) : null,
  };
}
