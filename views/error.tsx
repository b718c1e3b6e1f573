/** The HTML forms of the error envelope: a fragment for htmx, a page for direct navigation. */
import type { ErrorCode } from "../src/error-codes.ts";
import { isCatalogueText, type Lang, translator } from "../src/i18n/messages.ts";
import { Layout } from "./layout.tsx";
import type { PageContext } from "./page.ts";

interface ErrorProps {
  lang: Lang;
  code: ErrorCode;
  message: string;
  requestId: string;
}

export function ErrorFragment({ lang, code, message, requestId }: ErrorProps) {
  const tr = translator(lang);
  // The domain words its errors in English for the API and the log; a German page shows the code's sentence alone, unless the route passed words of the catalogue.
  const shown = lang === "en" || isCatalogueText(lang, message);
  return (
    <div class="error" data-error-code={code}>
      <strong>{tr(`error.${code}`)}</strong> {shown && <span class="error-message">{message}</span>} <small class="request-id">{tr("error.requestId", { id: requestId })}</small>
    </div>
  );
}

export function ErrorPage(props: ErrorProps & { page: PageContext }) {
  const tr = translator(props.lang);
  return (
    <Layout page={props.page} title={tr("error.title")}>
      <h1>{tr("error.title")}</h1>
      <ErrorFragment {...props} />
      <p>
        <a href="/">{tr("error.back")}</a>
      </p>
    </Layout>
  );
}
