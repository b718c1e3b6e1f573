/**
 * Dry-run: what one rule (saved or not) would do to the user's recent
 * mail (the last DRY_RUN_DAYS days, at most DRY_RUN_MAX_MESSAGES messages),
 * evaluated as if it were the only rule and in act mode. Reads only:
 * nothing is recorded, journaled or changed.
 *
 * @example
 *   const result = await dryRunRule(sql, dataKey, userId, { definition, accountIds: null, folderIds: null });
 *   // { examined: 1840, matched: 37, days: 30, messages: [{ messageId, subject, from, date, why, actions }, …] }
 */
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { compileRules, evaluateRules, type WhyCode } from "./evaluate.ts";
import { DRY_RUN_DAYS, DRY_RUN_MAX_LISTED, DRY_RUN_MAX_MESSAGES, RULE_RUN_PAGE } from "./limits.ts";
import { loadMessageViews, viewNeeds } from "./load-views.ts";
import type { RuleAction, RuleDefinition } from "./rule-schema.ts";

export interface DryRunMessage {
  messageId: string;
  subject: string;
  from: string;
  date: Date;
  why: WhyCode[];
  actions: RuleAction[];
}

export interface DryRunResult {
  /** Messages looked at. */
  examined: number;
  /** Of them, how many the rule would touch. */
  matched: number;
  days: number;
  /** The first DRY_RUN_MAX_LISTED of them, newest first. */
  messages: DryRunMessage[];
}

export interface DryRunRule {
  definition: RuleDefinition;
  accountIds: string[] | null;
  folderIds: string[] | null;
}

export async function dryRunRule(sql: Sql, dataKey: SecretKey, userId: string, rule: DryRunRule, now = new Date()): Promise<DryRunResult> {
  const ids = await sql<{ id: string }[]>`
    select id from messages where user_id = ${userId} and orphaned_at is null and list_date >= ${new Date(now.getTime() - DRY_RUN_DAYS * 86_400_000)}
    order by list_date desc limit ${DRY_RUN_MAX_MESSAGES}`;
  const compiled = compileRules([{ id: "dry-run", mode: "act", ...rule }]);
  const needs = viewNeeds([rule.definition]);
  const result: DryRunResult = { examined: 0, matched: 0, days: DRY_RUN_DAYS, messages: [] };
  for (let start = 0; start < ids.length; start += RULE_RUN_PAGE) {
    const views = await loadMessageViews(
      sql,
      dataKey,
      userId,
      ids.slice(start, start + RULE_RUN_PAGE).map((row) => row.id),
      needs,
    );
    for (const view of views) {
      result.examined++;
      const [outcome] = evaluateRules(compiled, view, now).outcomes;
      if (!outcome?.matched) continue;
      result.matched++;
      if (result.messages.length < DRY_RUN_MAX_LISTED) {
        const sender = view.from[0];
        result.messages.push({ messageId: view.id, subject: view.subject, from: sender?.address || sender?.name || "", date: view.date, why: outcome.why, actions: outcome.actions });
      }
    }
  }
  return result;
}
