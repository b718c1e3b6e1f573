/**
 * Keyset pages of the administration lists (users, invitations, audit
 * events), walked the way GET /api/v1/messages walks messages: `after` the
 * `next` cursor of one page, `before` the `previous` cursor of the page
 * after. A cursor is opaque text (base64url) holding the sort key of the row
 * it was made from; a malformed one is refused, never guessed at.
 */

/** Rows per page of the administration lists: a screenful, and few enough that one query stays an index walk. */
export const ADMIN_LIST_PAGE_SIZE = 50;

export class InvalidPageCursorError extends Error {
  override name = "InvalidPageCursorError";
}

/** Which page: the first, the one after a cursor, or the one before it. */
export type PagePosition = { after: string } | { before: string } | undefined;

export interface KeysetPage<T> {
  rows: T[];
  /** Pass as `after` for the next page; null on the last. */
  next: string | null;
  /** Pass as `before` for the page before; null on the first. */
  previous: string | null;
}

export const encodePageCursor = (key: string) => Buffer.from(key, "utf8").toString("base64url");

/** The key in a cursor, checked against the list's own key pattern. */
export function decodePageCursor(cursor: string, pattern: RegExp): RegExpExecArray {
  const match = cursor.length <= 200 ? pattern.exec(Buffer.from(cursor, "base64url").toString("utf8")) : null;
  if (!match) throw new InvalidPageCursorError("the page cursor is not one this server made");
  return match;
}

/** The position a request's `after`/`before` name; both at once is refused. */
export function pagePosition(query: { after?: string; before?: string }): PagePosition {
  if (query.after && query.before) throw new InvalidPageCursorError("after and before cannot be given together");
  if (query.after) return { after: query.after };
  if (query.before) return { before: query.before };
  return undefined;
}

/**
 * One page out of `fetched`: up to `size + 1` rows read from the cursor in
 * walking order (reversed order when going back), so the extra row tells
 * whether there is more in that direction.
 */
export function keysetPage<T>(fetched: T[], size: number, position: PagePosition, cursorOf: (row: T) => string): KeysetPage<T> {
  const backwards = position !== undefined && "before" in position;
  const more = fetched.length > size;
  const shown = fetched.slice(0, size);
  if (backwards) shown.reverse();
  const first = shown[0];
  const last = shown.at(-1);
  return {
    rows: shown,
    next: last && (backwards || more) ? cursorOf(last) : null,
    previous: first && (backwards ? more : position !== undefined) ? cursorOf(first) : null,
  };
}
