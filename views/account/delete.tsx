import { translator } from "../../src/i18n/messages.ts";
import { Field, FormError, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

/** Account → Delete account: what goes, what stays, then the password and the address typed again. */
export function DeleteAccountPage({ page, error }: { page: PageContext; error?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("deleteAccount.title")}>
      <h1>{tr("deleteAccount.title")}</h1>
      <AccountNav page={page} />
      <p>{tr("deleteAccount.intro")}</p>
      <p>{tr("deleteAccount.imap")}</p>
      <p class="warning">{tr("deleteAccount.final")}</p>
      <FormError message={error} />
      <form method="post" action="/account/delete">
        <Field label={tr("deleteAccount.password")} name="password" type="password" autocomplete="current-password" required maxlength={1024} />
        <Field label={tr("deleteAccount.confirm")} name="confirmation" type="email" autocomplete="off" spellcheck={false} required maxlength={320} hint={tr("deleteAccount.confirmHint")} />
        <button type="submit" class="danger">
          {tr("deleteAccount.submit")}
        </button>
      </form>
    </Layout>
  );
}

/** After the deletion: signed out, nothing left to show but that. */
export function AccountDeletedPage({ page }: { page: PageContext }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("deleteAccount.title")}>
      <h1>{tr("deleteAccount.title")}</h1>
      <Notice>{tr("deleteAccount.done")}</Notice>
      <p>
        <a href="/signin">{tr("signin.title")}</a>
      </p>
    </Layout>
  );
}
