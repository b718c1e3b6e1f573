/** "Letzte Aktionen": the user's recent server actions, in words, with an undo where one is possible, their states kept current while any is pending. */
import { translator, type MessageKey } from "../../src/i18n/messages.ts";
import type { RecentAction } from "../../src/inbox/recent-actions.ts";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

function stateKey(entry: RecentAction): MessageKey {
  if (entry.undone) return "actions.recent.state.undone";
  return `actions.recent.state.${entry.state}`;
}

/** Seconds between two looks at pending actions: the write-back usually answers within a few. */
export const PENDING_POLL_SECONDS = 2;

/**
 * The table, in a region that reloads itself (GET /actions/status, htmx)
 * every few seconds while an action still waits for the mail server, and
 * stops once none does. Screen readers hear the states change.
 */
export function RecentActionsTable({ lang, actions, timeZone }: { lang: PageContext["lang"]; actions: RecentAction[]; timeZone: string }) {
  const tr = translator(lang);
  const pending = actions.some((entry) => entry.state === "pending" && !entry.undone);
  const poll = pending ? { "hx-get": "/actions/status", "hx-trigger": `every ${PENDING_POLL_SECONDS}s`, "hx-swap": "outerHTML" } : {};
  return (
    <div id="recent-actions" aria-live="polite" data-pending={pending ? "true" : "false"} {...poll}>
      <DataTable
        class="recent-actions"
        caption={tr("actions.recent.title")}
        columns={[tr("actions.recent.col.what"), tr("actions.recent.col.message"), tr("actions.recent.col.when"), tr("actions.recent.col.state"), tr("actions.recent.col.undo")]}
        rows={actions}
        row={(entry) => (
          <tr data-action-id={entry.id} data-state={entry.undone ? "undone" : entry.state}>
            <td class="what">
              {tr(`actions.name.${entry.action}`)}
              {entry.byUndo && <span class="hint"> {tr("actions.recent.byUndo")}</span>}
            </td>
            <td class="subject">{entry.messageId && entry.subject !== null ? <a href={`/messages/${entry.messageId}`}>{entry.subject || tr("list.noSubject")}</a> : tr("actions.recent.noMessage")}</td>
            <td class="date">
              <time datetime={entry.createdAt.toISOString()}>{formatDateTime(entry.createdAt, lang, timeZone)}</time>
            </td>
            <td class="state">{tr(stateKey(entry))}</td>
            <td class="undo">
              {entry.undoable ? (
                <form method="post" action={`/actions/${entry.id}/undo`}>
                  <input type="hidden" name="back" value="/actions" />
                  <button type="submit" aria-label={`${tr("actions.undo")}: ${tr(`actions.name.${entry.action}`)}${entry.subject ? ` – ${entry.subject}` : ""}`}>
                    {tr("actions.undo")}
                  </button>
                </form>
              ) : (
                <span class="hint">{entry.state === "pending" ? "" : tr("actions.recent.notUndoable")}</span>
              )}
            </td>
          </tr>
        )}
        empty={tr("actions.recent.empty")}
      />
    </div>
  );
}

export function RecentActionsPage({ page, actions, timeZone, notice }: { page: PageContext; actions: RecentAction[]; timeZone: string; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("actions.recent.title")}>
      <h1>{tr("actions.recent.title")}</h1>
      {notice && (
        <div class="notice" role="status" aria-live="polite">
          {notice}
        </div>
      )}
      <p class="hint">{tr("actions.recent.intro")}</p>
      <p>
        {tr("actions.recent.runsIntro")} <a href="/rules/runs">{tr("actions.recent.ruleRuns")}</a> · <a href="/jobs">{tr("actions.recent.jobs")}</a>
      </p>
      <RecentActionsTable lang={page.lang} actions={actions} timeZone={timeZone} />
    </Layout>
  );
}
