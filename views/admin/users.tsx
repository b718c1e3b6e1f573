import type { User } from "../../src/auth/users.ts";
import { translator } from "../../src/i18n/messages.ts";
import { FormError, OneTimeLink } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";
import { DataTable } from "../data-table.tsx";

/** One action button; htmx replaces the row with the answer, a plain form post reloads the page. */
function Action({ user, action, label, confirm }: { user: User; action: string; label: string; confirm?: string }) {
  const url = `/admin/users/${user.id}/${action}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target="closest tr" hx-swap="outerHTML" hx-confirm={confirm} class="inline">
      <button type="submit">{label}</button>
    </form>
  );
}

export interface ResetLink {
  url: string;
  expiresAt: Date;
}

export function UserRow({ page, user, actorId, resetLink, error }: { page: PageContext; user: User; actorId: string; resetLink?: ResetLink; error?: string }) {
  const tr = translator(page.lang);
  const self = user.id === actorId;
  return (
    <tr id={`user-${user.id}`} data-status={user.status}>
      <td>
        {user.email} {self && <small>({tr("admin.you")})</small>}
        {user.displayName && <div class="hint">{user.displayName}</div>}
        {resetLink && <OneTimeLink url={resetLink.url} label={tr("admin.resetLink", { email: user.email, date: formatDateTime(resetLink.expiresAt, page.lang, page.timeZone) })} />}
        <FormError message={error} />
      </td>
      <td>{tr(`role.${user.role}`)}</td>
      <td>{tr(`status.${user.status}`)}</td>
      <td>{user.totpEnabled ? tr("admin.yes") : tr("admin.no")}</td>
      <td>{tr(`security.mode.${user.keyMode}`)}</td>
      <td>{formatDateTime(user.createdAt, page.lang, page.timeZone)}</td>
      <td class="actions">
        {!self && (
          <>
            {user.status === "active" ? <Action user={user} action="disable" label={tr("admin.disable")} /> : <Action user={user} action="enable" label={tr("admin.enable")} />}
            <Action user={user} action="reset-password" label={tr("admin.reset")} confirm={tr("admin.confirmReset")} />
            <Action user={user} action="delete" label={tr("admin.delete")} confirm={tr("admin.confirmDelete")} />
          </>
        )}
      </td>
    </tr>
  );
}

export function UsersPage({ page, users, actorId, reset }: { page: PageContext; users: User[]; actorId: string; reset?: { userId: string; link: ResetLink } }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("admin.users")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <DataTable
        columns={[tr("admin.email"), tr("admin.role"), tr("admin.status"), tr("admin.secondFactor"), tr("admin.keyMode"), tr("admin.created"), tr("admin.actions")]}
        rows={users}
        row={(user) => <UserRow page={page} user={user} actorId={actorId} resetLink={reset?.userId === user.id ? reset.link : undefined} />}
      />
    </Layout>
  );
}
