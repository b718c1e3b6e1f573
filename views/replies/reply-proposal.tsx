/**
 * "Antwortvorschlag" on the message page. The page renders only the
 * placeholder (ReplyProposalSection); htmx loads the panel when it scrolls
 * into view, so neither the provider nor a template slows the page down.
 * Without JavaScript the placeholder is a link to the same route, which
 * answers a page of its own. The panel: tone buttons, Sie or du with its
 * reason and a switch, the text, and "Als Antwort verwenden", which opens
 * the reply page with the proposal (`/messages/:id/reply?proposal=<id>`).
 * Mail the RFC 3834 guard refuses gets no ready-made proposal, only the
 * reason and a button to ask for one anyway.
 */
import { translator, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import type { AddressForm } from "../../src/replies/address-form.ts";
import type { AutoReplyRefusal } from "../../src/replies/auto-reply-guard.ts";
import type { ReplyProposal } from "../../src/replies/propose.ts";
import { REPLY_TONES, type ReplyTone } from "../../src/replies/templates.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export const replyProposalPath = (messageId: string) => `/messages/${messageId}/reply-proposal`;
/** The reply page (built with the compose pages) takes the proposal by id. */
export const useProposalPath = (messageId: string, proposalId: string) => `/messages/${messageId}/reply?proposal=${encodeURIComponent(proposalId)}`;

export type ReplyPanelState = { kind: "refused"; reason: AutoReplyRefusal } | { kind: "proposal"; proposal: ReplyProposal };

const PANEL_ID = "reply-proposal-panel";

function panelUrl(messageId: string, query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const search = params.toString();
  return `${replyProposalPath(messageId)}${search ? `?${search}` : ""}`;
}

/** A link that swaps the panel in place with htmx and is a plain link without it. */
function PanelLink({ href, children, pressed, cls }: { href: string; children: string; pressed?: boolean; cls?: string }) {
  return (
    <a href={href} hx-get={href} hx-target={`#${PANEL_ID}`} hx-swap="outerHTML" class={cls} aria-current={pressed ? "true" : undefined}>
      {children}
    </a>
  );
}

/** The placeholder on the message page, replaced by ReplyProposalPanel once it is revealed. */
export function ReplyProposalSection({ lang, messageId }: { lang: Lang; messageId: string }) {
  const tr = translator(lang);
  const url = replyProposalPath(messageId);
  return (
    <section class="card mh-reply-proposal" id="reply-proposal" aria-labelledby="reply-proposal-title">
      <h2 id="reply-proposal-title">{tr("replies.title")}</h2>
      <div id={PANEL_ID} hx-get={url} hx-trigger="revealed" hx-swap="outerHTML">
        <a href={url}>{tr("replies.show")}</a>
      </div>
    </section>
  );
}

const formLabel = (lang: Lang, language: "de" | "en", form: AddressForm) => translator(lang)(`replies.form.${language}.${form}` as MessageKey);

function formReasonText(lang: Lang, proposal: ReplyProposal): string {
  const tr = translator(lang);
  const { code, name } = proposal.formReason;
  const form = formLabel(lang, proposal.language, proposal.form);
  if (code === "default" || code === "chosen") return tr(`replies.reason.${code}`, { form });
  return tr(`replies.reason.${proposal.language}.${code}.${proposal.form}` as MessageKey, { name });
}

function ToneButtons({ lang, messageId, current, form }: { lang: Lang; messageId: string; current?: ReplyTone; form?: AddressForm }) {
  const tr = translator(lang);
  return (
    <nav class="mh-reply-tones" aria-label={tr("replies.tones")}>
      {REPLY_TONES.map((tone) => (
        <PanelLink href={panelUrl(messageId, { tone, form })} pressed={tone === current} cls="mh-reply-tone">
          {tr(`replies.tone.${tone}`)}
        </PanelLink>
      ))}
    </nav>
  );
}

/** The panel itself: the fragment htmx swaps in, and the body of the no-JavaScript page. */
export function ReplyProposalPanel({ lang, messageId, state }: { lang: Lang; messageId: string; state: ReplyPanelState }) {
  const tr = translator(lang);
  if (state.kind === "refused") {
    return (
      <div id={PANEL_ID} data-message-id={messageId} data-guard={state.reason}>
        <p class="mh-reply-guard">
          <strong>{tr("replies.guard.title")}</strong> {tr(`replies.guard.${state.reason}`)}
        </p>
        <p>
          <PanelLink href={panelUrl(messageId, { tone: "friendly" })}>{tr("replies.guard.askAnyway")}</PanelLink>
        </p>
      </div>
    );
  }
  const { proposal } = state;
  const other: AddressForm = proposal.form === "sie" ? "du" : "sie";
  return (
    <div id={PANEL_ID} data-message-id={messageId} data-proposal-id={proposal.id} data-form={proposal.form} data-tone={proposal.tone} data-source={proposal.source}>
      <ToneButtons lang={lang} messageId={messageId} current={proposal.tone} form={proposal.formReason.code === "chosen" ? proposal.form : undefined} />
      {!proposal.guard.ok && (
        <p class="mh-reply-guard">
          <strong>{tr("replies.guard.title")}</strong> {tr(`replies.guard.${proposal.guard.reason}`)}
        </p>
      )}
      <p class="mh-reply-form">
        <span class="mh-reply-reason">{formReasonText(lang, proposal)}</span> ·{" "}
        <PanelLink href={panelUrl(messageId, { tone: proposal.tone, form: other })}>{tr("replies.switchTo", { form: formLabel(lang, proposal.language, other) })}</PanelLink>
      </p>
      {proposal.notice && proposal.notice !== "no_provider" && (
        <p class="mh-reply-notice" role="status">
          {tr(`replies.notice.${proposal.notice}`)}
        </p>
      )}
      <label for="reply-proposal-text">{tr("replies.text")}</label>
      <textarea id="reply-proposal-text" class="mh-reply-text" readonly rows={12} lang={proposal.language}>
        {proposal.text}
      </textarea>
      <p class="hint">{tr(proposal.source === "llm" ? "replies.source.llm" : "replies.source.template")}</p>
      <p class="mh-reply-actions">
        <a class="button" href={useProposalPath(messageId, proposal.id)}>
          {tr("replies.use")}
        </a>{" "}
        <PanelLink href={panelUrl(messageId, { tone: proposal.tone, form: proposal.formReason.code === "chosen" ? proposal.form : undefined, fresh: "1" })}>{tr("replies.again")}</PanelLink> ·{" "}
        <a href="/settings/signatures">{tr("replies.signature.edit")}</a>
      </p>
    </div>
  );
}

/** The panel as a page of its own, for a browser without JavaScript following the placeholder's link. */
export function ReplyProposalPage({ page, messageId, state }: { page: PageContext; messageId: string; state: ReplyPanelState }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("replies.title")}>
      <p class="breadcrumb">
        <a href={`/messages/${messageId}`}>{tr("similar.back")}</a>
      </p>
      <h1>{tr("replies.title")}</h1>
      <section class="card mh-reply-proposal">
        <ReplyProposalPanel lang={page.lang} messageId={messageId} state={state} />
      </section>
    </Layout>
  );
}
