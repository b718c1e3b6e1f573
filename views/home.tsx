/** The start page of a signed-in user; the status card loads (and refreshes) itself through htmx. */
import { translator } from "../src/i18n/messages.ts";
import { Layout } from "./layout.tsx";
import type { PageContext } from "./page.ts";

export function HomePage({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("home.title")}>
      <h1>{tr("home.welcome", { name: page.user?.displayName || page.user?.email || "" })}</h1>
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
