/**
 * Translation on the message page, around the body: the offer when the
 * message is in another language than the user's ("Übersetzen"; without a
 * provider the button leads to the AI settings and says why), and the
 * translation beside the original (below it on a phone) with "Original
 * anzeigen". The translation is plain text, escaped like every JSX text:
 * whatever a hostile mail made the model write stays text, never HTML.
 */
import { raw } from "hono/html";
import type { Child } from "hono/jsx";
import { translator, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import type { TranslationState } from "../../src/mail/translate/page-state.ts";

const STYLE = `
.mh-translate { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.mh-translate form { margin: 0; }
.mh-translation-beside { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1rem; }
.mh-translation-beside > * { min-width: 0; }
@media (min-width: 60rem) { .mh-translation-beside { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); align-items: start; } }
.mh-translation-text { white-space: pre-wrap; overflow-wrap: anywhere; }
.mh-translation h3 { font-size: 1rem; overflow-wrap: anywhere; }
`;

function languageName(code: string, lang: Lang): string {
  try {
    return new Intl.DisplayNames([lang], { type: "language" }).of(code) ?? code.toUpperCase();
  } catch {
    return code.toUpperCase();
  }
}

export function TranslationBeside({ lang, nonce, messageId, state, children }: { lang: Lang; nonce: string | undefined; messageId: string; state?: TranslationState; children?: Child }) {
  if (!state) return <>{children}</>;
  const tr = translator(lang);
  const { offer, shown, failed } = state;
  const base = `/messages/${messageId}`;
  const translateForm = (label: MessageKey) => (
    <form method="post" action={`${base}/translation`}>
      <button type="submit" data-action="translate">
        {tr(label)}
      </button>
    </form>
  );
  const controls = (
    <div class="card mh-translate" id="translation-controls">
      <span>{tr("translate.offer", { language: languageName(offer.detectedLanguage, lang) })}</span>
      {!offer.hasProvider ? (
        <>
          <a class="button" href="/settings/ai" aria-describedby="translate-needs-provider" data-action="translate">
            {tr("translate.button")}
          </a>
          <span id="translate-needs-provider" class="hint">
            {tr("translate.needsProvider")} {tr("translate.setUpProvider")}.
          </span>
        </>
      ) : shown ? (
        <a class="button" href={base} data-action="original">
          {tr("translate.original")}
        </a>
      ) : offer.stored ? (
        <>
          <a class="button" href={`${base}?translation=show`} data-action="show-translation">
            {tr("translate.show")}
          </a>
          {translateForm("translate.again")}
        </>
      ) : (
        translateForm("translate.button")
      )}
      {failed && (
        <p class="warning-text" role="alert">
          {tr(`translate.failed.${failed}`)}
        </p>
      )}
    </div>
  );
  if (!shown) {
    return (
      <>
        <style nonce={nonce}>{raw(STYLE)}</style>
        {controls}
        {children}
      </>
    );
  }
  return (
    <>
      <style nonce={nonce}>{raw(STYLE)}</style>
      {controls}
      <div class="mh-translation-beside">
        {children}
        <section class="card mh-translation" lang={lang} aria-labelledby="translation-title">
          <h2 id="translation-title">{tr("translate.title", { target: languageName(lang, lang) })}</h2>
          <p class="hint">{tr("translate.by")}</p>
          {shown.injectionSuspected && (
            <p class="warning-text" role="note">
              {tr("translate.injection")}
            </p>
          )}
          <h3 class="mh-translation-subject">{shown.subject}</h3>
          <div class="mh-translation-text">{shown.text}</div>
          {shown.cut && <p class="hint">{tr("translate.cut")}</p>}
        </section>
      </div>
    </>
  );
}
