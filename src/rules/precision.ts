/**
 * A rule's precision, measured from what the user did afterwards: over its
 * latest PRECISION_WINDOW judged matches (at least PRECISION_MIN_JUDGED),
 * the share that stood. A match is judged when
 *
 *   it was contradicted (./contradictions.ts: undone, moved back, corrected,
 *     dismissed) — a miss;
 *   it is a suggestion the user applied — a hit;
 *   it is an act match that stood CONFIRMED_AFTER_DAYS without contradiction — a hit.
 *
 * Anything else (a fresh act match, a suggestion not yet acted on, shadow
 * matches) is not judged yet and does not count.
 */
import type { Queryable } from "../db/connection.ts";
import { isUuid } from "../ids.ts";
import { CONFIRMED_AFTER_DAYS, PRECISION_MIN_JUDGED, PRECISION_WINDOW } from "./limits.ts";

export interface Precision {
  /** Confirmed / judged, 0…1. */
  value: number;
  judged: number;
  contradicted: number;
}

/**
 * The precision of each named rule of the user that has enough judged
 * matches (others are absent). `sinceSwitch`: only matches made after the
 * rule was last switched to suggest, so a rule the user put back into act
 * mode starts afresh instead of being switched again by its old misses.
 */
export async function rulePrecisions(sql: Queryable, userId: string, ruleIds: string[], options: { sinceSwitch?: boolean } = {}): Promise<Map<string, Precision>> {
  if (ruleIds.length === 0) return new Map();
  const rows = await sql<{ ruleId: string; judged: number; contradicted: number }[]>`
    select rule_id as "ruleId", count(*)::int as judged, count(*) filter (where contradicted_at is not null)::int as contradicted
    from (
      select rule_id, contradicted_at, row_number() over (partition by rule_id order by created_at desc, id) as n
      from rule_matches
      where user_id = ${userId} and rule_id = any(${ruleIds}::uuid[])
        ${options.sinceSwitch ? sql`and created_at > coalesce((select r.switched_at from rules r where r.id = rule_id), '-infinity')` : sql``}
        and (contradicted_at is not null or applied_at is not null
             or (mode = 'act' and created_at < now() - make_interval(days => ${CONFIRMED_AFTER_DAYS})))
    ) judged
    where n <= ${PRECISION_WINDOW}
    group by rule_id`;
  const precisions = new Map<string, Precision>();
  for (const row of rows) {
    if (row.judged < PRECISION_MIN_JUDGED) continue;
    precisions.set(row.ruleId, { value: (row.judged - row.contradicted) / row.judged, judged: row.judged, contradicted: row.contradicted });
  }
  return precisions;
}

/** What /rules and the API show beside a rule: its precision, and the notice of its switch to suggest until dismissed. */
export interface RuleStanding {
  precision: Precision | null;
  switchNotice: { judged: number; contradicted: number; at: Date } | null;
}

export async function ruleStandings(sql: Queryable, userId: string, ruleIds: string[]): Promise<Map<string, RuleStanding>> {
  const precisions = await rulePrecisions(sql, userId, ruleIds);
  const notices = await sql<{ id: string; notice: { judged: number; contradicted: number }; at: Date }[]>`
    select id, switch_notice as notice, switched_at as at from rules where user_id = ${userId} and id = any(${ruleIds}::uuid[]) and switch_notice is not null`;
  const byRule = new Map(notices.map((row) => [row.id, { ...row.notice, at: row.at }]));
  return new Map(ruleIds.map((id) => [id, { precision: precisions.get(id) ?? null, switchNotice: byRule.get(id) ?? null }]));
}

/** The user's undismissed switch notices (the start page shows them), newest first. */
export async function switchNotices(sql: Queryable, userId: string): Promise<{ ruleId: string; judged: number; contradicted: number; at: Date }[]> {
  const rows = await sql<{ ruleId: string; notice: { judged: number; contradicted: number }; at: Date }[]>`
    select id as "ruleId", switch_notice as notice, switched_at as at from rules where user_id = ${userId} and switch_notice is not null order by switched_at desc`;
  return rows.map((row) => ({ ruleId: row.ruleId, ...row.notice, at: row.at }));
}

/** Dismisses the notice of one of the user's rules; false for another user's rule (or an unknown id). */
export async function dismissSwitchNotice(sql: Queryable, userId: string, ruleId: string): Promise<boolean> {
  if (!isUuid(ruleId)) return false;
  return (await sql`update rules set switch_notice = null where id = ${ruleId} and user_id = ${userId} returning id`).length > 0;
}
