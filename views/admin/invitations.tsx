import type { Invitation } from "../../src/auth/invitations.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Field, OneTimeLink } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";
import { DataTable } from "../data-table.tsx";

function state(invitation: Invitation): "open" | "used" | "revoked" | "expired" {
  if (invitation.usedAt) return "used";
  if (invitation.revokedAt) return "revoked";
  return invitation.expiresAt.getTime() <= Date.now() ? "expired" : "open";
}

export function InvitationRow({ page, invitation }: { page: PageContext; invitation: Invitation }) {
  const tr = translator(page.lang);
  const current = state(invitation);
  const url = `/admin/invitations/${invitation.id}/revoke`;
  return (
    <tr id={`invitation-${invitation.id}`} data-state={current}>
      <td>{invitation.email ?? tr("invitations.anyEmail")}</td>
      <td>{tr(`role.${invitation.role}`)}</td>
      <td>{tr(`invitations.${current}`)}</td>
      <td>{formatDateTime(invitation.createdAt, page.lang, page.timeZone)}</td>
      <td>{formatDateTime(invitation.expiresAt, page.lang, page.timeZone)}</td>
      <td>
        {current === "open" && (
          <form method="post" action={url} hx-post={url} hx-target="closest tr" hx-swap="outerHTML" class="inline">
            <button type="submit">{tr("invitations.revoke")}</button>
          </form>
        )}
      </td>
    </tr>
  );
}

export function InvitationsPage({ page, invitations, created }: { page: PageContext; invitations: Invitation[]; created?: { url: string; expiresAt: Date } }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("admin.invitations")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <section class="card">
        <h2>{tr("invitations.create")}</h2>
        <form method="post" action="/admin/invitations">
          <Field label={tr("invitations.email")} name="email" type="email" autocomplete="off" />
          <div class="field">
            <label for="role">{tr("admin.role")}</label>
            <select id="role" name="role">
              <option value="user">{tr("role.user")}</option>
              <option value="admin">{tr("role.admin")}</option>
            </select>
          </div>
          <Field label={tr("invitations.days")} name="days" type="number" value="7" min={1} max={30} required />
          <button type="submit">{tr("invitations.create")}</button>
        </form>
        {created && <OneTimeLink url={created.url} label={tr("invitations.link", { date: formatDateTime(created.expiresAt, page.lang, page.timeZone) })} />}
      </section>
      <DataTable
        columns={[tr("admin.email"), tr("admin.role"), tr("invitations.state"), tr("admin.created"), tr("invitations.expires"), ""]}
        rows={invitations}
        row={(invitation) => <InvitationRow page={page} invitation={invitation} />}
        empty={tr("invitations.none")}
      />
    </Layout>
  );
}
