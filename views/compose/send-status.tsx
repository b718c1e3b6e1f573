/**
 * A queued send: "Wird in 10 s gesendet — Rückgängig" while it can be undone,
 * then its state. htmx asks for the section again every two seconds until
 * it is sent, failed or cancelled; without JavaScript a reload does the same.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { SendState } from "../../src/mail/send/queue-send.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function SendStatus({ lang, state, draftId, notice, now = new Date() }: { lang: Lang; state: SendState; draftId?: string; notice?: string; now?: Date }) {
  const tr = translator(lang);
  const undoable = state.status === "queued" && state.undoUntil > now;
  const settled = state.status === "sent" || state.status === "failed" || state.status === "cancelled";
  return (
    <section
      id="send-status"
      class="card mh-send-status"
      data-status={state.status}
      aria-live="polite"
      hx-get={settled ? undefined : `/compose/sends/${state.id}/status`}
      hx-trigger={settled ? undefined : "every 2s"}
      hx-swap="outerHTML"
    >
      {notice && <p>{notice}</p>}
      {undoable ? (
        <form method="post" action={`/compose/sends/${state.id}/undo`} class="mh-undo-send">
          <span>{tr("compose.sending", { seconds: String(Math.max(1, Math.ceil((state.undoUntil.getTime() - now.getTime()) / 1000))) })}</span>{" "}
          <button type="submit" data-undo>
            {tr("compose.undo")}
          </button>
        </form>
      ) : (
        <p>
          {state.status === "failed"
            ? tr("compose.state.failed", { error: state.error ?? "" })
            : tr(state.status === "sent" ? "compose.state.sent" : state.status === "cancelled" ? "compose.state.cancelled" : "compose.state.sending")}
        </p>
      )}
      {draftId && (state.status === "failed" || state.status === "cancelled") && (
        <p>
          {tr("compose.draftKept")} <a href={`/compose?draft=${draftId}`}>{tr("compose.openDraft")}</a>
        </p>
      )}
    </section>
  );
}

export function SendStatusPage({ page, state, draftId, notice }: { page: PageContext; state: SendState; draftId?: string; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("compose.send")}>
      <h1>{tr("compose.send")}</h1>
      <SendStatus lang={page.lang} state={state} draftId={draftId} notice={notice} />
      <p>
        <a href="/messages">{tr("list.nav")}</a>
      </p>
    </Layout>
  );
}
