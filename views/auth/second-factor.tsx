import { raw } from "hono/html";
import { translator } from "../../src/i18n/messages.ts";
import { AuthCard, Field, FormError } from "../components.tsx";
import { assetUrls } from "../assets.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

function CancelLink({ label }: { label: string }) {
  return (
    <form method="post" action="/signout" class="inline">
      <button type="submit" class="link">
        {label}
      </button>
    </form>
  );
}

export function SecondFactorPage({ page, error, next }: { page: PageContext; error?: string; next?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("secondFactor.title")}>
      <AuthCard title={tr("secondFactor.title")}>
        <p>{tr("secondFactor.intro")}</p>
        <FormError message={error} />
        <form method="post" action={next ? `/signin/second-factor?next=${encodeURIComponent(next)}` : "/signin/second-factor"}>
          <Field label={tr("secondFactor.code")} name="code" autocomplete="one-time-code" inputmode="text" required autofocus maxlength={64} />
          <label class="checkbox">
            <input type="checkbox" name="trust" /> {tr("secondFactor.trustDevice")}
          </label>
          <button type="submit">{tr("secondFactor.submit")}</button>
        </form>
        <CancelLink label={tr("secondFactor.cancel")} />
      </AuthCard>
    </Layout>
  );
}

/** Set-up: the QR code (an inline SVG without script), the key for typing in, and the first code. */
export function SetupSecondFactorPage({ page, qrSvg, secret, error }: { page: PageContext; qrSvg: string; secret: string; error?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("setup.title")}>
      <AuthCard title={tr("setup.title")}>
        <p>{tr("setup.intro")}</p>
        <div class="qr">{raw(qrSvg)}</div>
        <p>
          {tr("setup.manual")} <code class="secret">{secret.replace(/(.{4})/g, "$1 ").trim()}</code>
        </p>
        <FormError message={error} />
        <form method="post" action="/setup/second-factor">
          <Field label={tr("secondFactor.code")} name="code" autocomplete="one-time-code" inputmode="numeric" required autofocus maxlength={10} />
          <button type="submit">{tr("setup.submit")}</button>
        </form>
        <CancelLink label={tr("secondFactor.cancel")} />
      </AuthCard>
    </Layout>
  );
}

/** Shown once, in the response that created them; there is no page to fetch them again. */
export function RecoveryCodesPage({ page, codes, next = "/" }: { page: PageContext; codes: string[]; next?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("recovery.title")}>
      <AuthCard title={tr("recovery.title")}>
        <p>{tr("recovery.intro")}</p>
        <section class="recovery-sheet" aria-label={tr("recovery.title")} data-file-name={tr("recovery.fileName")} data-file-heading={tr("recovery.fileHeading")}>
          <p class="print-only">{tr("recovery.fileHeading")}</p>
          <ol class="recovery-codes">
            {codes.map((code) => (
              <li>
                <code>{code}</code>
              </li>
            ))}
          </ol>
        </section>
        {/* Shown by recovery-codes.js: without JavaScript the codes above stay selectable and the browser's own print works. */}
        <fieldset class="recovery-tools" hidden>
          <legend class="visually-hidden">{tr("recovery.tools")}</legend>
          <button type="button" data-recovery="copy">
            {tr("recovery.copy")}
          </button>
          <button type="button" data-recovery="download">
            {tr("recovery.download")}
          </button>
          <button type="button" data-recovery="print">
            {tr("recovery.print")}
          </button>
          <span class="recovery-status" role="status" data-copied={tr("recovery.copied")} data-copy-failed={tr("recovery.copyFailed")}></span>
        </fieldset>
        <p>
          <a class="button" href={next}>
            {tr("recovery.continue")}
          </a>
        </p>
      </AuthCard>
      <script src={assetUrls.recoveryScript} nonce={page.nonce} defer></script>
    </Layout>
  );
}
