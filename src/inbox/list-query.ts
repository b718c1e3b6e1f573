/**
 * What a message list page asks for: filters, sort order, search words and
 * where the page starts. Read from a query string (the HTML page, the JSON
 * API and the back link of a bulk action all share this), so a list is a
 * plain URL that can be bookmarked, reloaded and paged without JavaScript.
 */
import * as v from "valibot";
import { CATEGORIES, type Category } from "../analysis/types.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../search/limits.ts";
import { isEmptySearch, parseSearch, type SearchQuery } from "./search-query.ts";

export const SORTS = ["priority", "date", "oldest", "size"] as const;
export type Sort = (typeof SORTS)[number];
export const DONE_STATES = ["open", "done", "all"] as const;
export const TRAFFIC_LIGHTS = ["red", "yellow", "green"] as const;
/** Spam and suspected phishing: left out ("no", the default), only ("yes", the spam view), or both ("all"). */
export const SPAM_STATES = ["no", "yes", "all"] as const;
export type TrafficLight = (typeof TRAFFIC_LIGHTS)[number];
const YES_NO = ["yes", "no", "true", "false"] as const;

/** Filters as a query string spells them; empty values mean "any" (a form sends every field). */
export const LIST_PARAMS = [
  "q",
  "light",
  "cell",
  "category",
  "done",
  "spam",
  "snoozed",
  "account",
  "folder",
  "tag",
  "read",
  "flagged",
  "attachments",
  "from",
  "to",
  "language",
  "sort",
  "after",
  "before",
] as const;
export type ListParams = Partial<Record<(typeof LIST_PARAMS)[number], string>>;

const optional = <T extends v.GenericSchema>(schema: T) => v.optional(schema);
/**
 * A real calendar day (2026-02-31 is refused here, not by PostgreSQL with an
 * error). The check runs even when the pattern failed (valibot collects every
 * issue), so it must not throw on an Invalid Date: toISOString() would.
 */
const isoDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/),
  v.check((value) => {
    const day = new Date(`${value}T00:00:00Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
  }, "not a calendar date"),
);
/** A list date as the list query writes it (UTC, microseconds), checked to be a real instant. */
const cursorDate = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  v.check((value) => {
    const date = new Date(`${value.slice(0, 23)}Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === value.slice(0, 19);
  }),
);

const ParamsSchema = v.object({
  q: optional(v.pipe(v.string(), v.maxLength(MAX_SEARCH_QUERY_CHARS))),
  light: optional(v.picklist(TRAFFIC_LIGHTS)),
  // "urgency,importance" of the priority matrix, each 1–3.
  cell: optional(v.pipe(v.string(), v.regex(/^[1-3],[1-3]$/))),
  category: optional(v.picklist(CATEGORIES)),
  done: optional(v.picklist(DONE_STATES)),
  spam: optional(v.picklist(SPAM_STATES)),
  snoozed: optional(v.picklist(YES_NO)),
  account: optional(v.pipe(v.string(), v.uuid())),
  folder: optional(v.pipe(v.string(), v.uuid())),
  tag: optional(v.pipe(v.string(), v.uuid())),
  read: optional(v.picklist(YES_NO)),
  flagged: optional(v.picklist(YES_NO)),
  attachments: optional(v.picklist(YES_NO)),
  from: optional(isoDate),
  to: optional(isoDate),
  language: optional(v.pipe(v.string(), v.regex(/^[a-z]{2}$/))),
  sort: optional(v.picklist(SORTS)),
  after: optional(v.pipe(v.string(), v.maxLength(300))),
  before: optional(v.pipe(v.string(), v.maxLength(300))),
});

export interface ListFilters {
  /** The search as typed; `search` is what it asks for. */
  q?: string;
  /** Words, sender and recipient words and folders of the search (its is:/has: operators are folded into the filters below). */
  search?: Pick<SearchQuery, "text" | "from" | "to" | "folderRoles" | "folderNames" | "tags">;
  light?: TrafficLight;
  cell?: { urgency: number; importance: number };
  category?: Category;
  done: (typeof DONE_STATES)[number];
  /** Ignored when a folder is chosen: a folder shows what it holds. */
  spam: (typeof SPAM_STATES)[number];
  /** Only snoozed messages (the snoozed view); otherwise the open list leaves them out until their time. */
  snoozed?: boolean;
  account?: string;
  folder?: string;
  tag?: string;
  read?: boolean;
  flagged?: boolean;
  attachments?: boolean;
  from?: string;
  to?: string;
  language?: string;
}

/** Where a page starts: after the last row of the page before, or before the first row of the page after. */
export type Position = { after: Cursor } | { before: Cursor } | undefined;

export interface ListQuery {
  filters: ListFilters;
  sort: Sort;
  position: Position;
  /** The filters and sort as query parameters (no position), for links and the back address of a form. */
  params: ListParams;
}

/** The sort key of a row and its id: what the next page continues from. */
export type Cursor = { sort: "priority"; priority: number; date: string; id: string } | { sort: "date" | "oldest"; date: string; id: string } | { sort: "size"; size: number; id: string };

const CursorSchema = v.variant("sort", [
  v.object({ sort: v.literal("priority"), priority: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(9)), date: cursorDate, id: v.pipe(v.string(), v.uuid()) }),
  v.object({ sort: v.picklist(["date", "oldest"]), date: cursorDate, id: v.pipe(v.string(), v.uuid()) }),
  v.object({ sort: v.literal("size"), size: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(2 ** 31 - 1)), id: v.pipe(v.string(), v.uuid()) }),
]);

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

function decodeCursor(text: string, sort: Sort): Cursor | undefined {
  try {
    const parsed = v.safeParse(CursorSchema, JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    if (!parsed.success || parsed.output.sort !== sort) return undefined;
    return parsed.output;
  } catch {
    return undefined;
  }
}

export class InvalidListQueryError extends Error {
  override name = "InvalidListQueryError";
}

const bool = (value: (typeof YES_NO)[number] | undefined) => (value === undefined ? undefined : value === "yes" || value === "true");

/**
 * @throws InvalidListQueryError naming the parameters that are malformed (never their values: the search words are private)
 * @example parseListQuery({ q: "rechnung", done: "all", sort: "date" })
 */
export function parseListQuery(raw: Record<string, string | undefined>): ListQuery {
  const present: Record<string, string> = {};
  for (const name of LIST_PARAMS) {
    const value = raw[name]?.trim();
    if (value) present[name] = value;
  }
  const parsed = v.safeParse(ParamsSchema, present);
  if (!parsed.success) throw new InvalidListQueryError(`invalid list parameters: ${[...new Set(parsed.issues.map((issue) => v.getDotPath(issue) ?? "query"))].join(", ")}`);
  const input = parsed.output;
  const sort = input.sort ?? "priority";
  let position: Position;
  if (input.after !== undefined || input.before !== undefined) {
    const cursor = decodeCursor((input.after ?? input.before)!, sort);
    if (!cursor || (input.after !== undefined && input.before !== undefined)) throw new InvalidListQueryError("invalid list parameters: after/before");
    position = input.after !== undefined ? { after: cursor } : { before: cursor };
  }
  const [urgency, importance] = input.cell ? input.cell.split(",").map(Number) : [];
  const search = input.q === undefined ? undefined : parseSearch(input.q);
  const searching = search !== undefined && !isEmptySearch(search);
  const filters: ListFilters = {
    q: searching ? input.q : undefined,
    search: searching ? { text: search.text, from: search.from, to: search.to, folderRoles: search.folderRoles, folderNames: search.folderNames, tags: search.tags } : undefined,
    light: input.light,
    cell: urgency && importance ? { urgency, importance } : undefined,
    category: input.category,
    // A search is over all mail, done or not, as in every mail client; the list without one shows what is open.
    done: search?.done ? "done" : (input.done ?? (searching ? "all" : "open")),
    spam: input.spam ?? "no",
    snoozed: bool(input.snoozed) || undefined,
    account: input.account,
    folder: input.folder,
    tag: input.tag,
    // An operator in the search box wins over the same filter in the form: it is what was typed last.
    read: search?.read ?? bool(input.read),
    flagged: search?.flagged || bool(input.flagged),
    attachments: search?.hasAttachment || bool(input.attachments),
    from: input.from,
    to: input.to,
    language: input.language,
  };
  const { after: _after, before: _before, ...params } = present;
  return { filters, sort, position, params };
}

/** The list's address with the same filters and sort, at another position (or the first page). */
export function listHref(base: string, params: ListParams, position?: { after?: string; before?: string }): string {
  const query = new URLSearchParams(Object.entries({ ...params, ...position }).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const text = query.toString();
  return text ? `${base}?${text}` : base;
}
