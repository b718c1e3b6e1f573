/**
 * The list a message was opened from, carried in the message page's `list`
 * parameter: the list's own query string (filters, sort and page), as the
 * list's row links write it (messageHref). Read back into the list query,
 * so a malformed one is a 400 like the list's own, and written out again
 * from what was parsed, never echoed.
 */
import { listHref, type ListParams, type ListQuery } from "../../../../inbox/list-query.ts";
import { AppError } from "../../../errors.ts";
import { readListQuery } from "../../../request.ts";

/** A list address is short; anything longer is not one the list wrote. */
const MAX_LIST_PARAM_CHARS = 2_000;

export interface ListContext {
  query: ListQuery;
  /** The list's query string, as the page's links carry it on. */
  state: string;
  /** The list page itself: "Zurück zur Liste". */
  back: string;
}

/** The message page's address within a list (`state`: the list's query string, "" for the default list). */
export function messageHref(messageId: string, state: string | undefined): string {
  return state === undefined ? `/messages/${messageId}` : `/messages/${messageId}?list=${encodeURIComponent(state)}`;
}

/** The `list` parameter read; undefined when the message was not opened from a list. */
export function readListContext(value: string | undefined): ListContext | undefined {
  if (value === undefined) return undefined;
  if (value.length > MAX_LIST_PARAM_CHARS) throw new AppError("BAD_REQUEST", "invalid list parameters: list");
  const raw = Object.fromEntries(new URLSearchParams(value));
  const query = readListQuery(raw);
  const position = query.position ? { after: raw.after, before: raw.before } : undefined;
  const back = listHref("/messages", query.params as ListParams, position);
  return { query, back, state: back.slice("/messages?".length) };
}
