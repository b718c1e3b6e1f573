import { translator } from "../../src/i18n/messages.ts";
import { Tabs } from "../components.tsx";
import type { PageContext } from "../page.ts";

/** Tabs of the administration area. */
export function AdminNav({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  const tabs = [
    ["/admin/users", tr("admin.users")],
    ["/admin/invitations", tr("admin.invitations")],
    ["/admin/outbound", tr("admin.outbound")],
    ["/admin/audit", tr("admin.audit")],
    ["/admin/status", tr("status.title")],
    ["/admin/jobs", tr("jobsDashboard.title")],
  ] as const;
  return <Tabs label={tr("nav.admin")} current={page.path} tabs={tabs} />;
}
