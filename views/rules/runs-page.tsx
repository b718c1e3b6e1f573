/** /rules/runs: the user's latest runs: kind, scope, state, counts and when. */
import { translator } from "../../src/i18n/messages.ts";
import type { RuleRun } from "../../src/rules/runs.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function RunsPage({ page, runs, scopeWords }: { page: PageContext; runs: RuleRun[]; scopeWords: (run: RuleRun) => string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("ruleRuns.title")}>
      <h1>{tr("ruleRuns.title")}</h1>
      <p>
        <a href="/rules">{tr("rules.back")}</a>
      </p>
      {runs.length === 0 ? (
        <p class="empty">{tr("ruleRuns.none")}</p>
      ) : (
        <table class="list rule-runs">
          <thead>
            <tr>
              <th>{tr("ruleRuns.when")}</th>
              <th>{tr("ruleRuns.kind")}</th>
              <th>{tr("ruleRuns.scope")}</th>
              <th>{tr("ruleRuns.state")}</th>
              <th>{tr("ruleRuns.counts")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr data-run-id={run.id}>
                <td>{formatDateTime(run.createdAt, page.lang, page.timeZone)}</td>
                <td>{tr(`ruleRuns.kind.${run.kind}`)}</td>
                <td>{scopeWords(run)}</td>
                <td>{tr(`ruleRuns.state.${run.state}`)}</td>
                <td>{tr("ruleRuns.progress", { done: String(run.done), total: String(run.total), matched: String(run.matched) })}</td>
                <td>
                  <a href={`/rules/runs/${run.id}`}>{tr("ruleRuns.open")}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
