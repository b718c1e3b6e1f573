import { translator } from "../../src/i18n/messages.ts";
import { Field, FormError, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export function PasswordPage({ page, error, notice }: { page: PageContext; error?: string; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("passwordChange.title")}>
      <h1>{tr("passwordChange.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <p class="warning">{tr("keys.lossWarning")}</p>
      <FormError message={error} />
      <form method="post" action="/account/password">
        <Field label={tr("passwordChange.current")} name="current" type="password" autocomplete="current-password" required maxlength={1024} />
        <Field label={tr("passwordChange.new")} name="next" type="password" autocomplete="new-password" required hint={tr("signup.passwordHint")} maxlength={1024} />
        <button type="submit">{tr("passwordChange.submit")}</button>
      </form>
    </Layout>
  );
}
