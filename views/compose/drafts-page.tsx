/** The user's drafts (/drafts): newest first, each continued or deleted; a draft's copy on the server is shown as saved or on its way. */
import { translator } from "../../src/i18n/messages.ts";
import type { Draft } from "../../src/mail/compose/drafts.ts";
import { assetUrls } from "../assets.ts";
import { Notice } from "../components.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function DraftsPage({ page, drafts, notice }: { page: PageContext; drafts: Draft[]; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("drafts.title")}>
      <link rel="stylesheet" href={assetUrls.composeStyles} />
      <h1>{tr("drafts.title")}</h1>
      {notice && <Notice>{notice}</Notice>}
      <p>
        <a href="/compose" class="button">
          {tr("compose.title.new")}
        </a>
      </p>
      {drafts.length === 0 ? (
        <p class="mh-empty">{tr("drafts.empty")}</p>
      ) : (
        <ul class="mh-drafts">
          {drafts.map((draft) => (
            <li class="card" data-draft-id={draft.id}>
              <a href={`/compose?draft=${draft.id}`} class="mh-draft-subject">
                {draft.subject || tr("drafts.noSubject")}
              </a>
              <div class="mh-draft-meta">
                <span>{draft.to || tr("drafts.noRecipients")}</span> ·{" "}
                <span>
                  {tr("drafts.changed")} {formatDateTime(draft.updatedAt, page.lang, page.timeZone)}
                </span>{" "}
                · <span>{tr(draft.serverRevision === draft.revision ? "drafts.onServer" : "drafts.serverPending")}</span>
              </div>
              <div class="mh-draft-actions">
                <a href={`/compose?draft=${draft.id}`}>{tr("drafts.open")}</a>
                <form method="post" action={`/drafts/${draft.id}/delete`}>
                  <button type="submit">{tr("drafts.delete")}</button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
