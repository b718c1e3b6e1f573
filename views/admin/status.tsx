import type { ReadinessReport } from "../../src/ops/readiness.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { StatusCard } from "../dashboard/status.tsx";
import { AdminNav } from "./nav.tsx";

/** The system status for administrators: database, schema, worker, rendered at once and refreshed by htmx. */
export function AdminStatusPage({ page, report }: { page: PageContext; report: ReadinessReport }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("status.title")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <StatusCard lang={page.lang} timeZone={page.timeZone} initial={report} />
    </Layout>
  );
}
