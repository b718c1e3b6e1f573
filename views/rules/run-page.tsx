/**
 * /rules/runs/:id: a run's progress (htmx polls the section every second
 * while it runs and stops once it has ended), Cancel while it runs, and
 * the result: per message which rule matched, why (the wording of
 * ./rule-matches-page.tsx), what it did, and Undo per message and for the
 * whole run. Without JavaScript a reload shows the same.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { RuleMatch, RuleRun } from "../../src/rules/runs.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { MatchUndo } from "./match-undo.tsx";
import { whyInWords } from "./rule-matches-page.tsx";

export interface RunResult {
  run: RuleRun;
  matches: RuleMatch[];
  /** The rules' names by id, and the messages' subjects by id (either can be gone). */
  ruleNames: Map<string, string>;
  subjects: Map<string, string>;
  scope: string;
}

const ACTIVE = new Set(["queued", "running", "cancelling"]);

export function RunStatus({ lang, result }: { lang: Lang; result: RunResult }) {
  const tr = translator(lang);
  const { run, matches } = result;
  const active = ACTIVE.has(run.state);
  const undoable = matches.some((match) => match.journalIds.length > 0);
  return (
    <section id="rule-run" data-state={run.state} aria-live="polite" {...(active ? { "hx-get": `/rules/runs/${run.id}/progress`, "hx-trigger": "every 1s", "hx-swap": "outerHTML" } : {})}>
      <p>
        {tr(`ruleRuns.kind.${run.kind}`)} · {result.scope} · <strong class="run-state">{tr(`ruleRuns.state.${run.state}`)}</strong>
      </p>
      <p class="run-progress">
        {run.total > 0 && <progress max={run.total} value={run.done} />} {tr("ruleRuns.progress", { done: String(run.done), total: String(run.total), matched: String(run.matched) })}
      </p>
      {run.kind === "manual" && (run.state === "queued" || run.state === "running") && (
        <form method="post" action={`/rules/runs/${run.id}/cancel`}>
          <button type="submit">{tr("ruleRuns.cancel")}</button>
        </form>
      )}
      {!active && undoable && (
        <form method="post" action={`/rules/runs/${run.id}/undo`}>
          <button type="submit">{tr("ruleRuns.undoRun")}</button>
        </form>
      )}
      {matches.length === 0 ? (
        !active && <p class="empty">{tr("ruleRuns.noMatches")}</p>
      ) : (
        <table class="list rule-matches">
          <thead>
            <tr>
              <th>{tr("rules.message")}</th>
              <th>{tr("ruleRuns.rule")}</th>
              <th>{tr("rules.mode")}</th>
              <th>{tr("rules.why")}</th>
              <th>{tr("rules.actions")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {matches.map((match) => (
              <tr data-match-id={match.id}>
                <td>
                  <a href={`/messages/${match.messageId}`}>{result.subjects.get(match.messageId) || tr("rules.open")}</a>
                </td>
                <td>{(match.ruleId && result.ruleNames.get(match.ruleId)) ?? tr("ruleRuns.deletedRule")}</td>
                <td>{tr(`rules.mode.${match.mode}`)}</td>
                <td>{match.why.map((why) => whyInWords(tr, why)).join("; ")}</td>
                <td>{match.actions.map((action) => tr(`rules.action.${action.type}`)).join(", ")}</td>
                <td>{match.journalIds.length > 0 && <MatchUndo lang={lang} matchId={match.id} back={`/rules/runs/${run.id}`} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function RunPage({ page, result, notice }: { page: PageContext; result: RunResult; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("ruleRuns.runTitle")}>
      <h1>{tr("ruleRuns.runTitle")}</h1>
      <p>
        <a href="/rules/runs">{tr("ruleRuns.back")}</a>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <RunStatus lang={page.lang} result={result} />
    </Layout>
  );
}
