/**
 * The dashboard's query (`account`, `done`) and the links its numbers lead
 * to: the message list at /messages, filtered with `cell=<urgency>,<importance>`
 * or `light=<red|yellow|green>`, plus the same `done` and `account`.
 */
import * as v from "valibot";
import type { TrafficLight } from "../analysis/score.ts";
import type { Level } from "../analysis/types.ts";
import { isUuid } from "../ids.ts";
import { AppError } from "./errors.ts";
import { DONE_STATES, type DashboardFilter } from "../inbox/dashboard.ts";

const QuerySchema = v.object({
  account: v.optional(v.pipe(v.string(), v.maxLength(100))),
  done: v.optional(v.picklist(DONE_STATES), "open"),
});

/**
 * The filter a request asks for. Its account is checked against the user's
 * accounts by `ownAccountOf` (src/http/request.ts), after the counts query ran beside the accounts
 * query (the counts are scoped by user, so a foreign id counts nothing).
 */
export function parseDashboardQuery(query: { account?: string; done?: string }): DashboardFilter {
  const parsed = v.safeParse(QuerySchema, query);
  if (!parsed.success) throw new AppError("BAD_REQUEST", `done must be one of ${DONE_STATES.join(", ")}; account an account id`);
  const accountId = parsed.output.account || undefined;
  // Not an id at all: no account of anyone's, so the same 404 as another user's.
  if (accountId && !isUuid(accountId)) throw new AppError("NOT_FOUND", "no such mail account");
  return { accountId, done: parsed.output.done };
}

/**
 * The query string of a filter, `done` always named. Built by hand: the values
 * are digits, words and UUIDs, and `cell=3,2` keeps its comma readable.
 */
function filterQuery(filter: DashboardFilter, first?: string): string {
  const parts = [first, `done=${filter.done}`, filter.accountId ? `account=${encodeURIComponent(filter.accountId)}` : undefined];
  return `?${parts.filter(Boolean).join("&")}`;
}

/** The dashboard with another filter (the selector's links). */
export function dashboardUrl(filter: DashboardFilter): string {
  return `/${filterQuery(filter)}`;
}

/**
 * The message list showing exactly the messages behind one number of the dashboard.
 *
 * @example
 *   messagesUrl({ done: "open" }, { cell: [3, 2] }) // "/messages?cell=3,2&done=open"
 */
export function messagesUrl(filter: DashboardFilter, target: { cell: [urgency: Level, importance: Level] } | { light: TrafficLight }): string {
  return `/messages${filterQuery(filter, "cell" in target ? `cell=${target.cell.join(",")}` : `light=${target.light}`)}`;
}
