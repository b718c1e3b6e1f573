/**
 * Open suggestions of suggest-mode rules, in words ("Regel „Rechnungen“
 * schlägt vor: → Ordner Wohnung, markieren"), with Apply and Dismiss; once
 * applied, an Undo. Plain forms that htmx posts in place (the box is
 * swapped); without JavaScript they post and come back to the page.
 */
import { translator, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import type { PendingSuggestion } from "../../src/rules/pending-suggestions.ts";
import { folderName } from "../folder-name.ts";

type Translate = ReturnType<typeof translator>;

/** What the suggestion would do: "→ Ordner Wohnung, markieren". */
export function suggestedActions(tr: Translate, lang: Lang, suggestion: Pick<PendingSuggestion, "actions" | "moveFolder">): string {
  return suggestion.actions
    .filter((action) => action.type !== "stop")
    .map((action) =>
      action.type === "move" && suggestion.moveFolder ? tr("ruleSuggestions.toFolder", { folder: folderName(lang, suggestion.moveFolder) }) : tr(`rules.action.${action.type}` as MessageKey),
    )
    .join(", ");
}

/** A list row's chip text per message: "Vorschlag: → Wohnung" (the newest open suggestion of the message). */
export function ruleSuggestionChips(lang: Lang, suggestions: PendingSuggestion[]): Map<string, string> {
  const tr = translator(lang);
  const chips = new Map<string, string>();
  for (const suggestion of suggestions) {
    if (chips.has(suggestion.messageId)) continue;
    const what = suggestion.moveFolder ? `→ ${folderName(lang, suggestion.moveFolder)}` : suggestedActions(tr, lang, suggestion);
    chips.set(suggestion.messageId, tr("ruleSuggestions.chip", { what }));
  }
  return chips;
}

/** Whose suggestion: "Regel „Rechnungen“ schlägt vor:". */
export const suggestedBy = (tr: Translate, suggestion: Pick<PendingSuggestion, "ruleName">) =>
  suggestion.ruleName === null ? tr("ruleSuggestions.deletedRule") : tr("ruleSuggestions.suggests", { name: suggestion.ruleName });

/** Where a form of the box sends the browser back to without htmx. */
export type SuggestionOrigin = "message" | "suggestions";

export function SuggestionForms({ lang, suggestion, from }: { lang: Lang; suggestion: PendingSuggestion; from: SuggestionOrigin }) {
  const tr = translator(lang);
  const hx = from === "message" ? { "hx-target": "#rule-suggestions", "hx-swap": "outerHTML" } : {};
  return (
    <>
      <form method="post" action={`/rules/suggestions/${suggestion.id}/apply`} class="inline" {...(from === "message" ? { "hx-post": `/rules/suggestions/${suggestion.id}/apply` } : {})} {...hx}>
        <input type="hidden" name="from" value={from} />
        <button type="submit" data-suggestion-action="apply">
          {tr("ruleSuggestions.apply")}
        </button>
      </form>{" "}
      <form method="post" action={`/rules/suggestions/${suggestion.id}/dismiss`} class="inline" {...(from === "message" ? { "hx-post": `/rules/suggestions/${suggestion.id}/dismiss` } : {})} {...hx}>
        <input type="hidden" name="from" value={from} />
        <button type="submit" data-suggestion-action="dismiss">
          {tr("ruleSuggestions.dismiss")}
        </button>
      </form>
    </>
  );
}

/** The Undo of a suggestion just applied (its match id). */
export function SuggestionUndo({ lang, matchId, from }: { lang: Lang; matchId: string; from: SuggestionOrigin }) {
  const tr = translator(lang);
  return (
    <div class="notice" role="status">
      {tr("ruleSuggestions.applied")}{" "}
      <form
        method="post"
        action={`/rules/suggestions/${matchId}/undo`}
        class="inline"
        {...(from === "message" ? { "hx-post": `/rules/suggestions/${matchId}/undo`, "hx-target": "#rule-suggestions", "hx-swap": "outerHTML" } : {})}
      >
        <input type="hidden" name="from" value={from} />
        <button type="submit" data-suggestion-action="undo">
          {tr("ruleSuggestions.undo")}
        </button>
      </form>
    </div>
  );
}

/** The box on the message page; empty (but present, for htmx to swap) when there is nothing to say. */
export function SuggestionBox({ lang, suggestions, applied, notice }: { lang: Lang; suggestions: PendingSuggestion[]; applied?: string; notice?: string }) {
  const tr = translator(lang);
  if (suggestions.length === 0 && !applied && !notice) return <div id="rule-suggestions" />;
  return (
    <section id="rule-suggestions" class="card rule-suggestions" aria-labelledby="rule-suggestions-title">
      <h2 id="rule-suggestions-title">{tr("ruleSuggestions.boxTitle")}</h2>
      {applied && <SuggestionUndo lang={lang} matchId={applied} from="message" />}
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <ul>
        {suggestions.map((suggestion) => (
          <li data-suggestion-id={suggestion.id}>
            {suggestedBy(tr, suggestion)} {suggestedActions(tr, lang, suggestion)} <SuggestionForms lang={lang} suggestion={suggestion} from="message" />
          </li>
        ))}
      </ul>
    </section>
  );
}
