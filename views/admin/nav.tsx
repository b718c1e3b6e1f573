import { translator } from "../../src/i18n/messages.ts";
import type { PageContext } from "../page.ts";

export function AdminNav({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  const tabs = [
    ["/admin/users", tr("admin.users")],
    ["/admin/invitations", tr("admin.invitations")],
    ["/admin/audit", tr("admin.audit")],
  ] as const;
  return (
    <nav class="tabs" aria-label={tr("nav.admin")}>
      {tabs.map(([href, label]) => (
        <a href={href} aria-current={page.path === href ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
