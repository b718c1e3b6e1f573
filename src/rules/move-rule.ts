/**
 * Moves one rule a place up or down in the user's order, through the
 * store's reorder (./store.ts), so the order stays one complete list.
 * Another user's rule and a malformed id are not found; a rule already
 * first (up) or last (down) stays where it is.
 *
 * @example
 *   await moveRule(sql, userId, ruleId, "up") // "moved" | "unchanged" | "not_found"
 */
import type { Sql } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { reorderRules } from "./store.ts";

export type MoveDirection = "up" | "down";

export async function moveRule(sql: Sql, userId: string, ruleId: string, direction: MoveDirection): Promise<"moved" | "unchanged" | "not_found"> {
  if (!isUuid(ruleId)) return "not_found";
  const ids = (await sql<{ id: string }[]>`select id from rules where user_id = ${userId} order by position, created_at, id`).map((row) => row.id);
  const at = ids.indexOf(ruleId);
  if (at === -1) return "not_found";
  const to = direction === "up" ? at - 1 : at + 1;
  if (to < 0 || to >= ids.length) return "unchanged";
  [ids[at], ids[to]] = [ids[to]!, ids[at]!];
  const result = await reorderRules(sql, userId, ids);
  // A rule made or deleted between the two statements: the order is left as it is.
  if (!result.ok) return result.reason === "not_found" ? "not_found" : "unchanged";
  return "moved";
}

/**
 * Puts one rule at `position` (0 first; past the end is last) in the user's
 * order, the others keeping theirs; answers the order after, or not_found.
 *
 * @example
 *   await moveRuleTo(sql, userId, ruleId, 0) // { ok: true, ruleIds: [ruleId, …] }
 */
/** The ids of the user's rules in their order. */
export async function ruleOrder(sql: Sql, userId: string): Promise<string[]> {
  return (await sql<{ id: string }[]>`select id from rules where user_id = ${userId} order by position, created_at, id`).map((row) => row.id);
}

export async function moveRuleTo(sql: Sql, userId: string, ruleId: string, position: number): Promise<{ ok: true; ruleIds: string[] } | { ok: false }> {
  if (!isUuid(ruleId)) return { ok: false };
  const ids = await ruleOrder(sql, userId);
  const at = ids.indexOf(ruleId);
  if (at === -1) return { ok: false };
  ids.splice(at, 1);
  ids.splice(Math.max(0, Math.min(position, ids.length)), 0, ruleId);
  const result = await reorderRules(sql, userId, ids);
  if (!result.ok && result.reason === "not_found") return { ok: false };
  // A rule made or deleted between the two statements: the order is left as it is, and answered as it is.
  const after = result.ok ? ids : await ruleOrder(sql, userId);
  return { ok: true, ruleIds: after };
}
