import { translator } from "../../src/i18n/messages.ts";
import type { PageContext } from "../page.ts";

/** Tabs of the account area. */
export function AccountNav({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  const tabs = [
    ["/account/security", tr("security.title")],
    ["/account/sessions", tr("sessions.title")],
    ["/account/password", tr("passwordChange.title")],
  ] as const;
  return (
    <nav class="tabs" aria-label={tr("nav.account")}>
      {tabs.map(([href, label]) => (
        <a href={href} aria-current={page.path === href ? "page" : undefined}>
          {label}
        </a>
      ))}
    </nav>
  );
}
