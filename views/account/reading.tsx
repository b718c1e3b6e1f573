/** Account → Reading: how opening a message behaves. */
import { translator } from "../../src/i18n/messages.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export function ReadingPage({ page, readOnOpen, notice }: { page: PageContext; readOnOpen: boolean; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("reading.title")}>
      <h1>{tr("reading.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <section class="card" aria-labelledby="read-on-open">
        <h2 id="read-on-open">{tr("reading.readOnOpen.title")}</h2>
        <form method="post" action="/account/reading">
          <p>
            <input type="checkbox" id="readOnOpen" name="readOnOpen" value="on" checked={readOnOpen} aria-describedby="readOnOpen-hint" />{" "}
            <label for="readOnOpen">{tr("reading.readOnOpen.label")}</label>
          </p>
          <p class="hint" id="readOnOpen-hint">
            {tr("reading.readOnOpen.hint")}
          </p>
          <button type="submit">{tr("reading.save")}</button>
        </form>
      </section>
    </Layout>
  );
}
