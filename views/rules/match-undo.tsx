/** Undo of one rule match (its message's batch in its run), on a run's page and on a rule's matches. */
import { translator, type Lang } from "../../src/i18n/messages.ts";

/** Undo what the rules did to one match's message in its run; back to `back` afterwards. */
export function MatchUndo({ lang, matchId, back }: { lang: Lang; matchId: string; back: string }) {
  return (
    <form method="post" action={`/rules/matches/${matchId}/undo`} class="inline">
      <input type="hidden" name="back" value={back} />
      <button type="submit" data-match-action="undo">
        {translator(lang)("ruleRuns.undoMatch")}
      </button>
    </form>
  );
}
