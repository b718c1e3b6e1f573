import { translator } from "../../src/i18n/messages.ts";
import { assetUrls } from "../assets.ts";
import { AuthCard, Field, FormError } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export interface SignUpFormProps {
  page: PageContext;
  /** The invitation token (absent for the very first account). */
  token?: string;
  /** Set when the invitation fixes the email address. */
  fixedEmail?: string | null;
  email?: string;
  displayName?: string;
  error?: string;
  firstRun: boolean;
}

export function SignUpPage({ page, token, fixedEmail, email, displayName, error, firstRun }: SignUpFormProps) {
  const tr = translator(page.lang);
  const title = firstRun ? tr("signup.firstTitle") : tr("signup.title");
  return (
    <Layout page={page} title={title}>
      <AuthCard title={title}>
        {firstRun && <p>{tr("signup.firstIntro")}</p>}
        <p class="warning">{tr("keys.lossWarning")}</p>
        <FormError message={error} />
        <form method="post" action="/signup">
          {token && <input type="hidden" name="token" value={token} />}
          <input type="hidden" name="timeZone" data-browser-time-zone="" />
          <Field label={tr("signin.email")} name="email" type="email" value={fixedEmail ?? email} autocomplete="username" required readonly={Boolean(fixedEmail)} />
          <Field label={tr("signup.name")} name="displayName" value={displayName} autocomplete="name" maxlength={100} />
          <Field label={tr("signin.password")} name="password" type="password" autocomplete="new-password" required hint={tr("signup.passwordHint")} maxlength={1024} />
          <button type="submit">{tr("signup.submit")}</button>
        </form>
      </AuthCard>
      <script src={assetUrls.timeZoneScript} nonce={page.nonce} defer></script>
    </Layout>
  );
}

/** The invitation cannot be used: no form, just why. */
export function SignUpClosedPage({ page, message }: { page: PageContext; message: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("signup.title")}>
      <AuthCard title={tr("signup.title")}>
        <FormError message={message} />
        <p>
          <a href="/signin">{tr("signin.title")}</a>
        </p>
      </AuthCard>
    </Layout>
  );
}

export function ResetPasswordPage({ page, token, error }: { page: PageContext; token: string; error?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("reset.title")}>
      <AuthCard title={tr("reset.title")}>
        <p>{tr("reset.intro")}</p>
        <p class="warning">{tr("keys.lossWarning")}</p>
        <FormError message={error} />
        <form method="post" action="/reset-password">
          <input type="hidden" name="token" value={token} />
          <Field label={tr("passwordChange.new")} name="password" type="password" autocomplete="new-password" required hint={tr("signup.passwordHint")} maxlength={1024} />
          <button type="submit">{tr("reset.submit")}</button>
        </form>
      </AuthCard>
    </Layout>
  );
}
