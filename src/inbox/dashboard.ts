/**
 * The numbers of the priority matrix: messages per urgency × importance
 * cell, per traffic light, and those not analysed yet, for one user (one
 * account or all of theirs), open or done. One GROUP BY per call; messages
 * with no server copy left (orphaned) are gone and never counted.
 */
import { trafficLight, priorityScore, type TrafficLight } from "../analysis/score.ts";
import type { Level } from "../analysis/types.ts";
import type { Sql } from "../db/connection.ts";
import { listMailAccounts, type MailAccount } from "../mail/accounts/store.ts";

export const LEVELS = [1, 2, 3] as const satisfies readonly Level[];
export const LIGHTS = ["red", "yellow", "green"] as const satisfies readonly TrafficLight[];
export const DONE_STATES = ["open", "done", "all"] as const;
export type DoneState = (typeof DONE_STATES)[number];

export interface DashboardFilter {
  /** One of the user's accounts (already checked to be theirs), or all of them. */
  accountId?: string;
  done: DoneState;
}

export interface MatrixCell {
  urgency: Level;
  importance: Level;
  light: TrafficLight;
  count: number;
}

export interface DashboardCounts {
  /** Nine cells, urgency high → low, each row importance low → high. */
  cells: MatrixCell[];
  lights: Record<TrafficLight, number>;
  analysed: number;
  notAnalysed: number;
  /** Spam (suspected phishing included): out of the matrix and the lights, reachable through the spam view. */
  spam: number;
}

/** Where messages stand: open ones are not done yet; "all" counts both. */
function doneCondition(sql: Sql, done: DoneState) {
  if (done === "open") return sql`and done = false`;
  if (done === "done") return sql`and done = true`;
  return sql``;
}

/**
 * The counts behind the dashboard. They come from `dashboard_counts`, which
 * triggers keep equal to counting messages left-joined to their analyses
 * (migrations/0012_dashboard_indexes.sql), so a page view sums at most
 * accounts × 2 × 11 rows however large the mailbox is. Cell (0, 0) holds the
 * messages not analysed yet, cell (-1, -1) spam and suspected phishing
 * (migrations/0031_spam_out_of_sight.sql).
 */
export async function dashboardCounts(sql: Sql, userId: string, filter: DashboardFilter): Promise<DashboardCounts> {
  const rows = await sql<{ urgency: number; importance: number; count: number }[]>`
    select urgency, importance, sum(n)::int as count
    from dashboard_counts
    where user_id = ${userId}
      ${filter.accountId ? sql`and account_id = ${filter.accountId}` : sql``}
      ${doneCondition(sql, filter.done)}
    group by urgency, importance`;
  const byCell = new Map(rows.map((row) => [`${row.urgency},${row.importance}`, row.count]));
  const cells: MatrixCell[] = [];
  for (const urgency of [...LEVELS].reverse()) {
    for (const importance of LEVELS) {
      cells.push({ urgency, importance, light: trafficLight(priorityScore(urgency, importance)), count: byCell.get(`${urgency},${importance}`) ?? 0 });
    }
  }
  const lights = { red: 0, yellow: 0, green: 0 };
  for (const cell of cells) lights[cell.light] += cell.count;
  const analysed = cells.reduce((sum, cell) => sum + cell.count, 0);
  return { cells, lights, analysed, notAnalysed: byCell.get("0,0") ?? 0, spam: byCell.get("-1,-1") ?? 0 };
}

/**
 * The counts with the user's accounts (for the selector, and to check the
 * filter's account). Both at once: the counts are scoped by the user, so
 * they are safe to run before the account is checked.
 */
export async function readDashboard(sql: Sql, userId: string, filter: DashboardFilter): Promise<{ accounts: MailAccount[]; counts: DashboardCounts }> {
  const [accounts, counts] = await Promise.all([listMailAccounts(sql, userId), dashboardCounts(sql, userId, filter)]);
  return { accounts, counts };
}
