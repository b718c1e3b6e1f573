/**
 * Live sync progress of one account, and how many of its messages are
 * stored. While a sync is queued or running the fragment polls itself every
 * 2 s (htmx replaces it with the fresh one); the fragment of a finished sync
 * carries no trigger, so polling stops.
 */
import type { SyncState } from "../../src/mail/sync/state.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import type { PageContext } from "../page.ts";
import { FailureReason } from "./status.tsx";

/** How often a running sync is polled. */
export const PROGRESS_POLL = "every 2s";

export function SyncProgress({ page, accountId, state }: { page: PageContext; accountId: string; state: SyncState }) {
  const tr = translator(page.lang);
  const { progress } = state;
  const running = progress && (progress.phase === "connecting" || progress.phase === "syncing");
  const phase = state.queued && !running ? "queued" : (progress?.phase ?? "none");
  const poll = state.active ? { "hx-get": `/accounts/${accountId}/progress`, "hx-trigger": PROGRESS_POLL, "hx-swap": "outerHTML" } : {};
  const number = (value: number) => value.toLocaleString(page.lang === "de" ? "de-DE" : "en-GB");
  return (
    <div id="sync-progress" class="sync-progress" data-phase={phase} data-polling={String(state.active)} aria-live="polite" {...poll}>
      <p class="phase">
        <strong>{tr(`accounts.phase.${phase}`)}</strong>
      </p>
      <dl>
        <dt>{tr("accounts.progress.stored")}</dt>
        <dd class="stored">{number(state.storedMessages)}</dd>
        {progress && (
          <>
            {progress.foldersTotal > 0 && (
              <>
                <dt>{tr("accounts.progress.folders")}</dt>
                <dd class="folders">{tr("accounts.progress.ofTotal", { done: number(progress.foldersDone), total: number(progress.foldersTotal) })}</dd>
              </>
            )}
            {!running && progress.total === 0 ? (
              <>
                <dt>{tr("accounts.progress.messages")}</dt>
                <dd class="messages">
                  <span class="count">{tr("accounts.progress.nothingNew")}</span>
                </dd>
              </>
            ) : (
              <>
                <dt>
                  <label for={`progress-${accountId}`}>{tr("accounts.progress.messages")}</label>
                </dt>
                <dd class="messages">
                  {/* No value while the run does not know its total yet: an indeterminate bar. */}
                  <progress id={`progress-${accountId}`} {...(progress.total > 0 ? { value: progress.fetched, max: Math.max(progress.total, progress.fetched) } : {})}></progress>{" "}
                  <span class="count">{tr("accounts.progress.ofTotal", { done: number(progress.fetched), total: number(progress.total) })}</span>
                </dd>
              </>
            )}
            {progress.currentFolder && (
              <>
                <dt>{tr("accounts.progress.current")}</dt>
                <dd class="current-folder">{progress.currentFolder}</dd>
              </>
            )}
            <dt>{tr("accounts.progress.started")}</dt>
            <dd>{formatDateTime(progress.startedAt, page.lang, page.timeZone)}</dd>
            {progress.finishedAt && (
              <>
                <dt>{tr("accounts.progress.finished")}</dt>
                <dd>{formatDateTime(progress.finishedAt, page.lang, page.timeZone)}</dd>
              </>
            )}
            {progress.error && (
              <>
                <dt>{tr("accounts.progress.error")}</dt>
                <dd class="failed sync-error">
                  <FailureReason page={page} reason={progress.errorReason} />
                </dd>
              </>
            )}
          </>
        )}
      </dl>
    </div>
  );
}
