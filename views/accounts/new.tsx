import { translator } from "../../src/i18n/messages.ts";
import type { AccountFormValues } from "../../src/mail/accounts/input.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountForm, type AccountFormError } from "./form.tsx";

export function NewAccountPage({ page, values, error }: { page: PageContext; values: AccountFormValues; error?: AccountFormError }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("accounts.new.title")}>
      <p class="breadcrumb">
        <a href="/accounts">{tr("accounts.back")}</a>
      </p>
      <h1>{tr("accounts.new.title")}</h1>
      <p>{tr("accounts.new.intro")}</p>
      <section class="card">
        <AccountForm page={page} action="/accounts" mode="new" values={values} error={error} />
      </section>
    </Layout>
  );
}
