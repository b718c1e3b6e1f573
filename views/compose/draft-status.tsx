/**
 * The line under the compose form saying when the draft was last saved, with
 * the draft's id: the autosave swaps both at once. The id's field sits
 * outside the form (in this line) and belongs to it through its `form`
 * attribute, so one swap updates both without an out-of-band swap.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { formatTime } from "../format.ts";

export function DraftStatus({ lang, timeZone, draftId, savedAt }: { lang: Lang; timeZone: string; draftId: string | null; savedAt?: Date }) {
  return (
    <div id="draft-status" class="hint" role="status" aria-live="polite">
      {/* No id: htmx settles the attributes of elements with one, and setting a style attribute is refused by the CSP. */}
      <input type="hidden" name="draftId" form="compose-form" value={draftId ?? ""} />
      {savedAt ? translator(lang)("compose.draftSaved", { time: formatTime(savedAt, lang, timeZone) }) : ""}
    </div>
  );
}
