/**
 * Runs over a folder or all mail, started by the user: a rule_runs row and
 * a run_rules job (tasks/run_rules.ts) that walks the messages by id in
 * pages (RULE_RUN_PAGE), records and does what the enabled rules say
 * (./record.ts) and saves its progress and cursor after each page. Between
 * pages it reads the run's state: "cancelling" ends it as "cancelled". A
 * retried job resumes at the cursor, and what a page already recorded is
 * not done twice (the matches' unique key).
 *
 * Unlike the pipeline, a run applies every enabled rule to every message
 * in scope, old mail included: that is what the user asked for.
 */
import { isUuid } from "../ids.ts";
import type { SecretKey } from "../crypto/secret-key.ts";
import type { Sql } from "../db/connection.ts";
import { addJob } from "../jobs/add-job.ts";
import { JOB_PRIORITY } from "../jobs/priority.ts";
import { undoAction } from "../mail/actions/undo.ts";
import { compileRules, evaluateRules } from "./evaluate.ts";
import { RULE_RUN_MAX_LISTED, RULE_RUN_PAGE, RULE_RUNS_LISTED } from "./limits.ts";
import { loadMessageViews, viewNeeds } from "./load-views.ts";
import { recordEvaluation } from "./record.ts";
import type { RuleAction, RuleMode } from "./rule-schema.ts";
import { listRules } from "./store.ts";
import type { WhyCode } from "./evaluate.ts";

/** Attempts of a run's job before the run is marked failed: a few, as it resumes where it stopped. */
export const RUN_RULES_MAX_ATTEMPTS = 5;

/** What a run covers: one folder or all mail, and one rule or every enabled one. */
export interface RunScope {
  folderId?: string;
  ruleId?: string;
}

export type RunState = "queued" | "running" | "cancelling" | "cancelled" | "done" | "failed";

export interface RuleRun {
  id: string;
  kind: "pipeline" | "manual" | "dry_run";
  scope: RunScope;
  state: RunState;
  total: number;
  done: number;
  matched: number;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface RuleMatch {
  id: string;
  ruleId: string | null;
  messageId: string;
  mode: RuleMode;
  why: WhyCode[];
  actions: RuleAction[];
  journalIds: string[];
  appliedAt: Date | null;
  createdAt: Date;
}

const RUN_COLUMNS = (sql: Sql) => sql`id, kind, scope, state, total, done, matched, created_at as "createdAt", finished_at as "finishedAt"`;

export type StartRunResult = { ok: true; run: RuleRun } | { ok: false; reason: "not_found" };

/**
 * Starts a run over one of the user's folders (or, without one, all their
 * mail) with one of their rules (or, without one, every enabled rule);
 * not_found for a folder or rule that is not theirs.
 */
export async function startRuleRun(sql: Sql, userId: string, scope: RunScope): Promise<StartRunResult> {
  if (scope.folderId !== undefined) {
    if (!isUuid(scope.folderId) || (await sql`select 1 from folders where id = ${scope.folderId} and user_id = ${userId}`).length === 0) return { ok: false, reason: "not_found" };
  }
  if (scope.ruleId !== undefined) {
    if (!isUuid(scope.ruleId) || (await sql`select 1 from rules where id = ${scope.ruleId} and user_id = ${userId}`).length === 0) return { ok: false, reason: "not_found" };
  }
  const run = await sql.begin(async (tx) => {
    const [row] = await tx<RuleRun[]>`
      insert into rule_runs (user_id, kind, scope) values (${userId}, 'manual', ${tx.json({ ...scope })}) returning ${RUN_COLUMNS(tx as unknown as Sql)}`;
    await addJob(tx, "run_rules", { runId: row!.id, userId }, { queueName: `rules:${userId}`, priority: JOB_PRIORITY.requestedAnalysis, maxAttempts: RUN_RULES_MAX_ATTEMPTS });
    return row!;
  });
  return { ok: true, run };
}

export async function getRuleRun(sql: Sql, userId: string, runId: string): Promise<{ run: RuleRun; matches: RuleMatch[] } | undefined> {
  if (!isUuid(runId)) return undefined;
  const [run] = await sql<RuleRun[]>`select ${RUN_COLUMNS(sql)} from rule_runs where id = ${runId} and user_id = ${userId}`;
  if (!run) return undefined;
  const matches = await sql<RuleMatch[]>`
    select id, rule_id as "ruleId", message_id as "messageId", mode, why, actions, journal_ids as "journalIds", applied_at as "appliedAt", created_at as "createdAt"
    from rule_matches where run_id = ${runId} and user_id = ${userId} order by created_at desc limit ${RULE_RUN_MAX_LISTED}`;
  return { run, matches };
}

/** The user's latest runs, newest first (/rules/runs). */
export async function listRuleRuns(sql: Sql, userId: string): Promise<RuleRun[]> {
  return await sql<RuleRun[]>`select ${RUN_COLUMNS(sql)} from rule_runs where user_id = ${userId} order by created_at desc, id limit ${RULE_RUNS_LISTED}`;
}

/** The latest matches of one of the user's rules (its page of recent matches). */
export async function recentMatchesOfRule(sql: Sql, userId: string, ruleId: string, limit = 50): Promise<RuleMatch[]> {
  if (!isUuid(ruleId)) return [];
  return await sql<RuleMatch[]>`
    select id, rule_id as "ruleId", message_id as "messageId", mode, why, actions, journal_ids as "journalIds", applied_at as "appliedAt", created_at as "createdAt"
    from rule_matches where rule_id = ${ruleId} and user_id = ${userId} order by created_at desc limit ${limit}`;
}

/** Asks a queued or running run to stop; false for another user's run or one that has ended. */
export async function cancelRuleRun(sql: Sql, userId: string, runId: string): Promise<RuleRun | undefined> {
  if (!isUuid(runId)) return undefined;
  const [run] = await sql<RuleRun[]>`
    update rule_runs set state = case when state = 'queued' then 'cancelled' else 'cancelling' end,
                         finished_at = case when state = 'queued' then now() end
    where id = ${runId} and user_id = ${userId} and kind = 'manual' and state in ('queued', 'running')
    returning ${RUN_COLUMNS(sql)}`;
  if (run) return run;
  const [existing] = await sql<RuleRun[]>`select ${RUN_COLUMNS(sql)} from rule_runs where id = ${runId} and user_id = ${userId}`;
  return existing;
}

/**
 * Undoes what the run's act rules did on the server, message by message
 * (each message's batch, src/mail/actions/undo.ts). Returns how many
 * server changes were undone; undefined for another user's run.
 */
export async function undoRuleRun(sql: Sql, dataKey: SecretKey, userId: string, runId: string): Promise<{ undone: number } | undefined> {
  if (!isUuid(runId)) return undefined;
  const [run] = await sql`select 1 from rule_runs where id = ${runId} and user_id = ${userId}`;
  if (!run) return undefined;
  const batches = await sql<{ journalId: string }[]>`
    select distinct on (batch_id) journal_ids[1] as "journalId" from rule_matches
    where run_id = ${runId} and user_id = ${userId} and cardinality(journal_ids) > 0 order by batch_id`;
  let undone = 0;
  for (const { journalId } of batches) {
    const result = await undoAction(sql, dataKey, userId, journalId);
    if (result.ok) undone += result.undone;
  }
  return { undone };
}

/**
 * Undoes what the rules did to one message in one run (its batch, which the
 * message's act matches share). Undefined for another user's match;
 * `undone: 0` when there was nothing (left) to undo.
 */
export async function undoRuleMatch(sql: Sql, dataKey: SecretKey, userId: string, matchId: string): Promise<{ undone: number } | undefined> {
  if (!isUuid(matchId)) return undefined;
  const [match] = await sql<{ journalIds: string[] }[]>`select journal_ids as "journalIds" from rule_matches where id = ${matchId} and user_id = ${userId}`;
  if (!match) return undefined;
  if (match.journalIds.length === 0) return { undone: 0 };
  const result = await undoAction(sql, dataKey, userId, match.journalIds[0]!);
  return { undone: result.ok ? result.undone : 0 };
}

/** The job's work: resumes the run at its cursor, page by page, until done or cancelled. */
export async function executeRuleRun(sql: Sql, dataKey: SecretKey, userId: string, runId: string, now = () => new Date()): Promise<RunState | "gone"> {
  const [run] = await sql<{ state: RunState; scope: RunScope; cursor: string | null }[]>`
    select state, scope, cursor from rule_runs where id = ${runId} and user_id = ${userId} and kind = 'manual'`;
  if (!run) return "gone";
  if (run.state === "cancelling") return await finish(sql, runId, "cancelled");
  if (run.state !== "queued" && run.state !== "running") return run.state;
  const folderId = run.scope.folderId ?? null;
  const inScope = sql`m.user_id = ${userId} and m.orphaned_at is null
    and (${folderId}::uuid is null or exists (select 1 from message_copies c where c.message_id = m.id and c.folder_id = ${folderId}))`;
  await sql`
    update rule_runs set state = 'running', total = (select count(*)::int from messages m where ${inScope}) where id = ${runId} and state = 'queued'`;
  // One chosen rule runs whether it is on or not: the user asked for it by name.
  const ruleId = run.scope.ruleId;
  const rules = ruleId === undefined ? await listRules(sql, dataKey, userId, { enabledOnly: true }) : (await listRules(sql, dataKey, userId)).filter((rule) => rule.id === ruleId);
  const compiled = compileRules(rules);
  const needs = viewNeeds(rules.map((rule) => rule.definition));
  let cursor = run.cursor;
  for (;;) {
    const page = await sql<{ id: string }[]>`
      select m.id from messages m where ${inScope} and (${cursor}::uuid is null or m.id > ${cursor}) order by m.id limit ${RULE_RUN_PAGE}`;
    if (page.length === 0 || compiled.length === 0) return await finish(sql, runId, "done");
    let matched = 0;
    for (const view of await loadMessageViews(
      sql,
      dataKey,
      userId,
      page.map((row) => row.id),
      needs,
    )) {
      const evaluation = evaluateRules(compiled, view, now());
      if (!evaluation.outcomes.some((outcome) => outcome.matched)) continue;
      matched += (await sql.begin((tx) => recordEvaluation(sql, tx, dataKey, userId, runId, view.id, evaluation))).matched;
    }
    cursor = page.at(-1)!.id;
    const [progress] = await sql<{ state: RunState }[]>`
      update rule_runs set done = done + ${page.length}, matched = matched + ${matched}, cursor = ${cursor} where id = ${runId} returning state`;
    if (progress?.state === "cancelling") return await finish(sql, runId, "cancelled");
  }
}

async function finish(sql: Sql, runId: string, state: "done" | "cancelled" | "failed"): Promise<RunState> {
  await sql`update rule_runs set state = ${state}, finished_at = now() where id = ${runId}`;
  return state;
}

/** A run whose job gave up (its attempts spent) is marked failed, so its page does not show it running forever. */
export async function failRuleRun(sql: Sql, userId: string, runId: string): Promise<void> {
  await sql`update rule_runs set state = 'failed', finished_at = now() where id = ${runId} and user_id = ${userId} and state in ('queued', 'running', 'cancelling')`;
}
