import type { KeyMode } from "../../src/auth/users.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Field, FormError, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export interface SecurityPageProps {
  page: PageContext;
  keyMode: KeyMode;
  recoveryCodesLeft: number;
  notice?: string;
  error?: string;
}

export function SecurityPage({ page, keyMode, recoveryCodesLeft, notice, error }: SecurityPageProps) {
  const tr = translator(page.lang);
  const other: KeyMode = keyMode === "background" ? "strict" : "background";
  return (
    <Layout page={page} title={tr("security.title")}>
      <h1>{tr("security.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <section class="card" aria-labelledby="key-mode">
        <h2 id="key-mode">{tr("security.keyMode")}</h2>
        <p>
          {tr("security.current")} <strong data-key-mode={keyMode}>{tr(`security.mode.${keyMode}`)}</strong>
        </p>
        <p>{tr("security.background")}</p>
        <p>{tr("security.strict")}</p>
        <FormError message={error} />
        <form method="post" action="/account/key-mode">
          <input type="hidden" name="mode" value={other} />
          <Field label={tr("security.confirmPassword")} name="password" type="password" autocomplete="current-password" required maxlength={1024} />
          <button type="submit">
            {tr("security.switchTo")} {tr(`security.mode.${other}`)}
          </button>
        </form>
      </section>
      <section class="card" aria-labelledby="second-factor">
        <h2 id="second-factor">{tr("security.secondFactor")}</h2>
        <p>{tr("recovery.left", { count: String(recoveryCodesLeft) })}</p>
        <form method="post" action="/account/recovery-codes">
          <button type="submit">{tr("recovery.regenerate")}</button> <small class="hint">{tr("recovery.regenerateHint")}</small>
        </form>
      </section>
      <p class="warning">{tr("keys.lossWarning")}</p>
    </Layout>
  );
}
