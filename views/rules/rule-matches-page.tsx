/** One rule's latest matches: when, which message, in which mode, what held and what it did (or would do). */
import { translator, type MessageKey } from "../../src/i18n/messages.ts";
import type { WhyCode } from "../../src/rules/evaluate.ts";
import type { RuleMatch } from "../../src/rules/runs.ts";
import type { Rule } from "../../src/rules/store.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import { MatchUndo } from "./match-undo.tsx";
import type { PageContext } from "../page.ts";

/** A condition that held, in words: "sender contains", "Size at least" (the values stay in the rule). */
export function whyInWords(tr: ReturnType<typeof translator>, why: WhyCode): string {
  const words = [tr(`rules.cond.${why.type}` as MessageKey)];
  if (why.field) words.push(tr(`rules.field.${why.field}` as MessageKey));
  if (why.match) words.push(tr(`rules.match.${why.match}` as MessageKey));
  if (why.op) words.push(tr(`rules.op.${why.op}` as MessageKey));
  return words.join(" ");
}

export function RuleMatchesPage({ page, rule, matches }: { page: PageContext; rule: Rule; matches: RuleMatch[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("rules.matchesOf", { name: rule.name })}>
      <h1>{tr("rules.matchesOf", { name: rule.name })}</h1>
      <p>
        <a href="/rules">{tr("rules.back")}</a>
      </p>
      {matches.length === 0 ? (
        <p class="empty">{tr("rules.noMatches")}</p>
      ) : (
        <table class="list rule-matches">
          <thead>
            <tr>
              <th>{tr("rules.when")}</th>
              <th>{tr("rules.message")}</th>
              <th>{tr("rules.mode")}</th>
              <th>{tr("rules.why")}</th>
              <th>{tr("rules.actions")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {matches.map((match) => (
              <tr>
                <td>{formatDateTime(match.createdAt, page.lang, page.timeZone)}</td>
                <td>
                  <a href={`/messages/${match.messageId}`}>{tr("rules.open")}</a>
                </td>
                <td>{tr(`rules.mode.${match.mode}`)}</td>
                <td>{match.why.map((why) => whyInWords(tr, why)).join("; ")}</td>
                <td>{match.actions.map((action) => tr(`rules.action.${action.type}`)).join(", ")}</td>
                <td>{match.journalIds.length > 0 && <MatchUndo lang={page.lang} matchId={match.id} back={`/rules/${rule.id}/matches`} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Layout>
  );
}
