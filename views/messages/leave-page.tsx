/**
 * Before leaving for a link from a mail whose text named another host, or
 * that would download a file: the real target, in full, and a link to it.
 */
import { translator } from "../../src/i18n/messages.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function LeavePage({ page, to, host }: { page: PageContext; to: string; host: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("leave.title")}>
      <section class="card leave">
        <h1>{tr("leave.title")}</h1>
        <p>{tr("leave.why")}</p>
        <p>
          {tr("leave.goesTo")} <strong class="leave-host">{host}</strong>
        </p>
        <p>
          <code class="leave-url">{to}</code>
        </p>
        <p>
          <a class="button" href={to} rel="noopener noreferrer">
            {tr("leave.continue", { host })}
          </a>
        </p>
      </section>
    </Layout>
  );
}
