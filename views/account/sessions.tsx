import type { Session } from "../../src/auth/sessions.ts";
import type { TrustedDevice } from "../../src/auth/trusted-devices.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { formatDateTime, describeDevice } from "../format.ts";
import { AccountNav } from "./nav.tsx";
import { DataTable } from "../data-table.tsx";

export function SessionRow({ page, session, current }: { page: PageContext; session: Session; current: boolean }) {
  const tr = translator(page.lang);
  const device = describeDevice(session.userAgent) ?? tr("sessions.unknownDevice");
  return (
    <tr id={`session-${session.id.slice(0, 16)}`}>
      <td>
        {device} {current && <strong class="badge">{tr("sessions.current")}</strong>}
      </td>
      <td>{session.clientAddress}</td>
      <td>{formatDateTime(session.createdAt, page.lang, page.timeZone)}</td>
      <td>{formatDateTime(session.lastSeenAt, page.lang, page.timeZone)}</td>
      <td>
        {!current && (
          <form method="post" action={`/account/sessions/${session.id}/end`} hx-post={`/account/sessions/${session.id}/end`} hx-target="closest tr" hx-swap="outerHTML">
            <button type="submit" aria-label={`${tr("sessions.end")}: ${device}, ${session.clientAddress}`}>
              {tr("sessions.end")}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}

/** Present while there are other devices; htmx replaces it out of band when the last one is signed out. */
export function EndOthers({ page, others, outOfBand }: { page: PageContext; others: number; outOfBand?: boolean }) {
  return (
    <div id="end-others" hx-swap-oob={outOfBand ? "true" : undefined}>
      {others > 0 && (
        <form method="post" action="/account/sessions/end-others">
          <button type="submit">{translator(page.lang)("sessions.endOthers")}</button>
        </form>
      )}
    </div>
  );
}

/** Browsers remembered after the second factor: each skips it until forgotten or 30 days are over. */
function TrustedDevices({ page, devices }: { page: PageContext; devices: TrustedDevice[] }) {
  const tr = translator(page.lang);
  return (
    <section aria-labelledby="trusted-title">
      <h2 id="trusted-title">{tr("trusted.title")}</h2>
      <p class="hint">{tr("trusted.intro")}</p>
      <DataTable
        columns={[tr("sessions.device"), tr("trusted.lastUsed"), tr("trusted.until"), ""]}
        rows={devices}
        empty={tr("trusted.none")}
        row={(device) => {
          const name = describeDevice(device.userAgent) ?? tr("sessions.unknownDevice");
          return (
            <tr>
              <td>{name}</td>
              <td>{formatDateTime(device.lastUsedAt, page.lang, page.timeZone)}</td>
              <td>{formatDateTime(device.expiresAt, page.lang, page.timeZone)}</td>
              <td>
                <form method="post" action={`/account/trusted-devices/${device.id}/forget`}>
                  <button type="submit" aria-label={`${tr("trusted.forget")}: ${name}`}>
                    {tr("trusted.forget")}
                  </button>
                </form>
              </td>
            </tr>
          );
        }}
      />
    </section>
  );
}

export function SessionsPage({ page, sessions, devices, currentId, notice }: { page: PageContext; sessions: Session[]; devices: TrustedDevice[]; currentId: string; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("sessions.title")}>
      <h1>{tr("sessions.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <DataTable
        columns={[tr("sessions.device"), tr("sessions.address"), tr("sessions.started"), tr("sessions.lastSeen"), ""]}
        rows={sessions}
        row={(session) => <SessionRow page={page} session={session} current={session.id === currentId} />}
      />
      <EndOthers page={page} others={sessions.length - 1} />
      <TrustedDevices page={page} devices={devices} />
    </Layout>
  );
}
