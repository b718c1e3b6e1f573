/** The line under the compose form saying when the draft was last saved; the autosave swaps it, with the draft's id out of band. */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { formatTime } from "../format.ts";

export function DraftStatus({ lang, timeZone, savedAt }: { lang: Lang; timeZone: string; savedAt?: Date }) {
  return (
    <p id="draft-status" class="hint" role="status" aria-live="polite">
      {savedAt ? translator(lang)("compose.draftSaved", { time: formatTime(savedAt, lang, timeZone) }) : ""}
    </p>
  );
}

/** What a draft save answers to htmx: the status line and the draft's id for the form's hidden field. */
export function DraftSaved({ lang, timeZone, draftId, savedAt }: { lang: Lang; timeZone: string; draftId: string; savedAt: Date }) {
  return (
    <>
      <DraftStatus lang={lang} timeZone={timeZone} savedAt={savedAt} />
      <input type="hidden" id="draft-id" name="draftId" value={draftId} hx-swap-oob="true" />
    </>
  );
}
