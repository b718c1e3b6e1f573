/** /rules/suggestions: every open suggestion of the user, grouped by rule, each to apply or dismiss, and "apply all of this rule". */
import { translator } from "../../src/i18n/messages.ts";
import type { PendingSuggestion } from "../../src/rules/pending-suggestions.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { SuggestionForms, SuggestionUndo, suggestedActions, suggestedBy } from "./suggestion-box.tsx";

export function SuggestionsPage({ page, suggestions, applied, notice }: { page: PageContext; suggestions: PendingSuggestion[]; applied?: string; notice?: string }) {
  const tr = translator(page.lang);
  const groups = new Map<string, PendingSuggestion[]>();
  for (const suggestion of suggestions) {
    const key = suggestion.ruleId ?? "";
    groups.set(key, [...(groups.get(key) ?? []), suggestion]);
  }
  return (
    <Layout page={page} title={tr("ruleSuggestions.title")}>
      <h1>{tr("ruleSuggestions.title")}</h1>
      <p>
        <a href="/rules">{tr("rules.back")}</a>
      </p>
      <p>{tr("ruleSuggestions.intro")}</p>
      {applied && <SuggestionUndo lang={page.lang} matchId={applied} from="suggestions" />}
      {notice && <Notice>{notice}</Notice>}
      {suggestions.length === 0 ? (
        <p class="empty">{tr("ruleSuggestions.none")}</p>
      ) : (
        [...groups.entries()].map(([ruleId, group]) => (
          <section class="card rule-suggestion-group" data-rule-id={ruleId}>
            <h2>{suggestedBy(tr, group[0]!)}</h2>
            {ruleId && (
              <form method="post" action="/rules/suggestions/apply-all">
                <input type="hidden" name="ruleId" value={ruleId} />
                <button type="submit">{tr("ruleSuggestions.applyAll")}</button>
              </form>
            )}
            <ul>
              {group.map((suggestion) => (
                <li data-suggestion-id={suggestion.id}>
                  <a href={`/messages/${suggestion.messageId}`}>{suggestion.subject || tr("ruleSuggestions.noSubject")}</a>: {suggestedActions(tr, page.lang, suggestion)}{" "}
                  <SuggestionForms lang={page.lang} suggestion={suggestion} from="suggestions" />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </Layout>
  );
}
