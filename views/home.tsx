/** The start page; the status card loads (and refreshes) itself through htmx. */
import { type Lang, translator } from "../src/i18n/messages.ts";
import { Layout } from "./layout.tsx";

export function HomePage({ lang, nonce }: { lang: Lang; nonce: string | undefined }) {
  const tr = translator(lang);
  return (
    <Layout lang={lang} nonce={nonce} title={tr("home.title")} path="/">
      <h1>{tr("app.tagline")}</h1>
      <p>{tr("home.intro")}</p>
      <p>{tr("home.next")}</p>
      <section class="card" aria-labelledby="status-title">
        <h2 id="status-title">{tr("status.title")}</h2>
        <div id="status" hx-get="/status" hx-trigger="load, every 15s" hx-swap="innerHTML">
          {tr("status.loading")}
        </div>
      </section>
    </Layout>
  );
}
