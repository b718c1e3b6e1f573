import { translator } from "../../src/i18n/messages.ts";
import { AuthCard, Field, FormError } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function SignInPage({ page, email, error, firstRun, next }: { page: PageContext; email?: string; error?: string; firstRun: boolean; next?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("signin.title")}>
      <AuthCard title={tr("signin.title")}>
        {firstRun && (
          <p class="notice">
            {tr("signin.firstRun")}{" "}
            <a class="button" href="/signup">
              {tr("signin.firstRunLink")}
            </a>
          </p>
        )}
        <FormError message={error} />
        {!firstRun && (
          <form method="post" action={next ? `/signin?next=${encodeURIComponent(next)}` : "/signin"}>
            <Field label={tr("signin.email")} name="email" type="email" value={email} autocomplete="username" required autofocus={!email} />
            <Field label={tr("signin.password")} name="password" type="password" autocomplete="current-password" required autofocus={Boolean(email)} maxlength={1024} />
            <label class="check">
              <input type="checkbox" name="remember" /> {tr("signin.remember")}
            </label>
            <button type="submit">{tr("signin.submit")}</button>
          </form>
        )}
        {!firstRun && <p class="hint">{tr("signin.invitationOnly")}</p>}
      </AuthCard>
    </Layout>
  );
}
