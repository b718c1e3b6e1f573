/**
 * Rules as a step of the pipeline: after the first analysis of a new
 * message (src/analysis/process-new-message.ts), the user's enabled rules
 * that watch its account and folder and existed before it arrived are
 * evaluated and what they do is journaled (./record.ts), recorded in the
 * user's pipeline run of the day (undone as a whole: "what rules did today").
 *
 * Runs once per message: `messages.rules_done_at` is claimed in the same
 * transaction as the actions, so a retried process_message job changes
 * nothing. A user without enabled rules costs one indexed query and no
 * write. Mail that arrived before a rule existed (an initial sync of old
 * mail) is left to a run over the folder, which the user starts.
 */
import type { TransactionSql } from "postgres";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { compileRules, evaluateRules } from "./evaluate.ts";
import { loadMessageViews, viewNeeds } from "./load-views.ts";
import { NEW_MAIL_GRACE_MS } from "./limits.ts";
import { recordEvaluation } from "./record.ts";
import { hasEnabledRules, listRules, type Rule } from "./store.ts";

/** The user's pipeline run of today (UTC), made on first use. */
export async function pipelineRunId(tx: TransactionSql, userId: string): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into rule_runs (user_id, kind, pipeline_day, state) values (${userId}, 'pipeline', (now() at time zone 'utc')::date, 'running')
    on conflict (user_id, pipeline_day) where kind = 'pipeline' do update set state = 'running'
    returning id`;
  return row!.id;
}

/** Whether the message is new to the rule: stored after the rule was made and arrived no earlier than NEW_MAIL_GRACE_MS before. */
const newTo = (rule: Rule, storedAt: Date, arrived: Date) => storedAt >= rule.createdAt && arrived.getTime() >= rule.createdAt.getTime() - NEW_MAIL_GRACE_MS;

export type NewMessageOutcome = "no_rules" | "already" | "gone" | "done";

/** Runs the user's rules on a newly analysed message, once. */
export async function runRulesOnNewMessage(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, now = new Date()): Promise<NewMessageOutcome> {
  if (!(await hasEnabledRules(sql, userId))) return "no_rules";
  const rules = await listRules(sql, dataKey, userId, { enabledOnly: true });
  const [view] = await loadMessageViews(sql, dataKey, userId, [messageId], viewNeeds(rules.map((rule) => rule.definition)));
  if (!view) return "gone";
  const eligible = rules.filter((rule) => newTo(rule, view.storedAt, view.date));
  // No rule is new to it, and none made later will be: nothing to claim or record.
  if (eligible.length === 0) return "no_rules";
  const evaluation = evaluateRules(compileRules(eligible), view, now);
  return await sql.begin(async (tx) => {
    const [claimed] = await tx`update messages set rules_done_at = now() where id = ${messageId} and user_id = ${userId} and rules_done_at is null returning id`;
    if (!claimed) return "already" as const;
    const runId = await pipelineRunId(tx, userId);
    const recorded = await recordEvaluation(sql, tx, dataKey, userId, runId, messageId, evaluation);
    await tx`update rule_runs set done = done + 1, total = total + 1, matched = matched + ${recorded.matched} where id = ${runId}`;
    return "done" as const;
  });
}
