/** Account → Reading: how opening a message behaves, what "Erledigt" does, and whether "Später" moves the message on the server. */
import { type Lang, type MessageKey, translator } from "../../src/i18n/messages.ts";
import type { ReadingSettings } from "../../src/mail/actions/read-on-open.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export function ReadingPage({ page, settings, notice }: { page: PageContext; settings: ReadingSettings; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("reading.title")}>
      <h1>{tr("reading.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <form method="post" action="/account/reading">
        <Setting lang={page.lang} name="readOnOpen" checked={settings.readOnOpen} />
        <Setting lang={page.lang} name="doneArchives" checked={settings.doneArchives} />
        <Setting lang={page.lang} name="snoozeMoves" checked={settings.snoozeMoves} />
        <button type="submit">{tr("reading.save")}</button>
      </form>
    </Layout>
  );
}

/** One choice: a card with its title, the checkbox (the form field `name`, "on" when ticked) and a hint. */
function Setting({ lang, name, checked }: { lang: Lang; name: keyof ReadingSettings; checked: boolean }) {
  const tr = translator(lang);
  const text = (part: "title" | "label" | "hint") => tr(`reading.${name}.${part}` as MessageKey);
  return (
    <section class="card" aria-labelledby={`${name}-title`}>
      <h2 id={`${name}-title`}>{text("title")}</h2>
      <p>
        <input type="checkbox" id={name} name={name} value="on" checked={checked} aria-describedby={`${name}-hint`} /> <label for={name}>{text("label")}</label>
      </p>
      <p class="hint" id={`${name}-hint`}>
        {text("hint")}
      </p>
    </section>
  );
}
