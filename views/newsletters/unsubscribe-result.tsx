/** What "Abbestellen" did, in words, with the other ways when one-click was not possible. */
import { translator, type MessageKey } from "../../src/i18n/messages.ts";
import type { UnsubscribeOutcome } from "../../src/mail/unsubscribe-request.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { mailtoParts, UnsubscribeAddress, UnsubscribeLink } from "./unsubscribe-control.tsx";

type Shown = Exclude<UnsubscribeOutcome, { done: "not_found" }>;

export function UnsubscribeResultPage({ page, outcome, back, throttled }: { page: PageContext; outcome: Shown; back: string; throttled?: string }) {
  const tr = translator(page.lang);
  const mail = outcome.done === "offered" && outcome.options.mailto ? mailtoParts(outcome.options.mailto) : null;
  return (
    <Layout page={page} title={tr("unsubscribe.title")}>
      <h1>{tr("unsubscribe.title")}</h1>
      <section class="card" aria-live="polite">
        {outcome.done === "one_click" && (
          <p class="notice" role="status">
            {tr("unsubscribe.result.done")}
          </p>
        )}
        {outcome.done === "rate_limited" && (
          <p class="warning" role="alert">
            {throttled}
          </p>
        )}
        {outcome.done === "offered" && (
          <>
            <p role="status">{outcome.failed ? tr(`unsubscribe.result.${outcome.failed}` as MessageKey) : tr("unsubscribe.result.manual")}</p>
            {outcome.options.link && <UnsubscribeLink lang={page.lang} link={outcome.options.link} />}
            {mail && <UnsubscribeAddress lang={page.lang} mailto={outcome.options.mailto!} address={mail.address} subject={mail.subject} />}
            {!outcome.options.link && !mail && <p>{tr("unsubscribe.result.none")}</p>}
          </>
        )}
        <p>
          <a href={back}>{back === "/newsletters" ? tr("newsletters.back") : tr("unsubscribe.backToMessage")}</a>
        </p>
      </section>
    </Layout>
  );
}
