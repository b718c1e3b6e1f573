/**
 * The links the dashboard's numbers lead to: the message list at /messages,
 * filtered with `cell=<urgency>,<importance>` or `light=<red|yellow|green>`,
 * plus the same `done` and `account`; and the dashboard with another filter.
 */
import type { TrafficLight } from "../analysis/score.ts";
import type { Level } from "../analysis/types.ts";
import type { DashboardFilter } from "./dashboard.ts";

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
