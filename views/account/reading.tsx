/** Account → Reading: how opening a message behaves. */
import { translator } from "../../src/i18n/messages.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import type { ReadingSettings } from "../../src/mail/actions/read-on-open.ts";
import { AccountNav } from "./nav.tsx";

export function ReadingPage({ page, settings, notice }: { page: PageContext; settings: ReadingSettings; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("reading.title")}>
      <h1>{tr("reading.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <form method="post" action="/account/reading">
        <section class="card" aria-labelledby="read-on-open">
          <h2 id="read-on-open">{tr("reading.readOnOpen.title")}</h2>
          <p>
            <input type="checkbox" id="readOnOpen" name="readOnOpen" value="on" checked={settings.readOnOpen} aria-describedby="readOnOpen-hint" />{" "}
            <label for="readOnOpen">{tr("reading.readOnOpen.label")}</label>
          </p>
          <p class="hint" id="readOnOpen-hint">
            {tr("reading.readOnOpen.hint")}
          </p>
        </section>
        <section class="card" aria-labelledby="done-archives">
          <h2 id="done-archives">{tr("reading.doneArchives.title")}</h2>
          <p>
            <input type="checkbox" id="doneArchives" name="doneArchives" value="on" checked={settings.doneArchives} aria-describedby="doneArchives-hint" />{" "}
            <label for="doneArchives">{tr("reading.doneArchives.label")}</label>
          </p>
          <p class="hint" id="doneArchives-hint">
            {tr("reading.doneArchives.hint")}
          </p>
        </section>
        <button type="submit">{tr("reading.save")}</button>
      </form>
    </Layout>
  );
}
