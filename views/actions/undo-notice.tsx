/**
 * The notice after an action: what happened, in words, and a "Rückgängig"
 * form when it can be put back. A live region (role=status), so screen
 * readers hear it; the list script clears it after a few seconds (`z` presses
 * its button first), and without JavaScript it stays until the next page.
 */
import type { Lang } from "../../src/i18n/messages.ts";
import { translator } from "../../src/i18n/messages.ts";

/** Where the undo posts and the fields it sends: an inverse action, or the journal's undo. */
export interface UndoForm {
  url: string;
  fields: [name: string, value: string][];
}

export interface Notice {
  text: string;
  undo?: UndoForm;
}

/** `target`: the block htmx swaps with the answer (the list); without one the form posts as a page. */
export function UndoNotice({ lang, notice, target }: { lang: Lang; notice: Notice; target?: string }) {
  const tr = translator(lang);
  return (
    <div class="notice undo-notice" role="status" aria-live="polite" data-autoclear="8000">
      <span>{notice.text}</span>
      {notice.undo && (
        <>
          {" "}
          <form method="post" action={notice.undo.url} hx-post={notice.undo.url} hx-target={target} hx-swap={target ? "outerHTML" : undefined} class="undo">
            {notice.undo.fields.map(([name, value]) => (
              <input type="hidden" name={name} value={value} />
            ))}
            <button type="submit" data-undo>
              {tr("actions.undo")}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
