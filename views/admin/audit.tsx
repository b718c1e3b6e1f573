import { translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";
import { DataTable } from "../data-table.tsx";

export interface AuditRow {
  at: Date;
  event: string;
  actor: string | null;
  subject: string | null;
  detail: Record<string, unknown>;
}

export function AuditPage({ page, events }: { page: PageContext; events: AuditRow[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("admin.audit")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <DataTable
        columns={[tr("audit.when"), tr("audit.event"), tr("audit.actor"), tr("audit.subject")]}
        rows={events}
        row={(event) => (
          <tr>
            <td>{formatDateTime(event.at, page.lang, page.timeZone)}</td>
            <td>
              <code>{event.event}</code> <small class="hint">{Object.keys(event.detail).length ? JSON.stringify(event.detail) : ""}</small>
            </td>
            <td>{event.actor ?? "–"}</td>
            <td>{event.subject ?? "–"}</td>
          </tr>
        )}
      />
    </Layout>
  );
}
