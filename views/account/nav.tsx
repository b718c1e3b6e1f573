import { translator } from "../../src/i18n/messages.ts";
import { Tabs } from "../components.tsx";
import type { PageContext } from "../page.ts";

/** Tabs of the account area. */
export function AccountNav({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  const tabs = [
    ["/account/security", tr("security.title")],
    ["/account/sessions", tr("sessions.title")],
    ["/account/api-tokens", tr("apiTokens.title")],
    ["/account/password", tr("passwordChange.title")],
    ["/account/reading", tr("reading.title")],
    ["/account/time-zone", tr("timeZone.title")],
    ["/account/delete", tr("deleteAccount.title")],
    ["/account/export", tr("export.title")],
  ] as const;
  return <Tabs label={tr("nav.account")} current={page.path} tabs={tabs} />;
}
