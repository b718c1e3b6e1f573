import type { MailImport, StoredRestoreReport } from "../../src/mail/import/imports.ts";
import { type Lang, translator } from "../../src/i18n/messages.ts";
import { restoreNoteText } from "../../src/export/restore-notes.ts";

type Translator = ReturnType<typeof translator>;
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

function Progress({ row, tr }: { row: MailImport; tr: Translator }) {
  if (row.total === null) return <>{tr(`imports.state.${row.state}`)}</>;
  return (
    <>
      <progress max={row.total || 1} value={row.processed} /> {tr("jobsDashboard.progressOf", { done: String(row.processed), total: String(row.total) })}
    </>
  );
}

const resultLine = (row: MailImport, tr: Translator) => tr("imports.resultLine", { imported: String(row.imported), duplicates: String(row.duplicates), unreadable: String(row.unreadable.length) });

/** The import page: the upload form (and the server path for administrators) and the user's imports. */
export function ImportsPage({ page, imports, isAdmin, error }: { page: PageContext; imports: MailImport[]; isAdmin: boolean; error?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("imports.title")}>
      <h1>{tr("imports.title")}</h1>
      <p class="hint">{tr("imports.intro")}</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/imports" enctype="multipart/form-data" class="stack">
        <label>
          {tr("imports.upload")}
          <input type="file" name="file" required />
        </label>
        <label>
          {tr("imports.passphrase")}
          <input type="password" name="passphrase" autocomplete="off" maxlength={1024} />
          <small class="hint">{tr("imports.passphraseHint")}</small>
        </label>
        <button type="submit">{tr("imports.start")}</button>
      </form>
      {isAdmin && (
        <form method="post" action="/imports/server-path" class="stack">
          <label>
            {tr("imports.serverPath")}
            <input type="text" name="path" required maxlength={4000} />
          </label>
          <p class="hint">{tr("imports.serverPathHint")}</p>
          <button type="submit">{tr("imports.start")}</button>
        </form>
      )}
      <h2>{tr("imports.list")}</h2>
      <DataTable
        class="imports"
        empty={tr("imports.empty")}
        columns={[tr("imports.label"), tr("imports.state"), tr("imports.progress"), tr("imports.result"), tr("imports.created"), ""]}
        rows={imports}
        row={(row) => (
          <tr data-import-id={row.id} data-state={row.state}>
            <td>{row.label}</td>
            <td>{tr(`imports.state.${row.state}`)}</td>
            <td class="progress">
              <Progress row={row} tr={tr} />
            </td>
            <td>{row.state === "done" ? resultLine(row, tr) : ""}</td>
            <td>{formatDateTime(row.createdAt, page.lang, page.timeZone)}</td>
            <td>
              <a href={`/imports/${row.id}`}>{tr("imports.open")}</a>
            </td>
          </tr>
        )}
      />
    </Layout>
  );
}

const RESTORED_PARTS = ["analyses", "corrections", "tags", "tagAssignments", "rules", "senderPatterns", "vipSenders", "settings"] as const;

/** What an export archive's JSON part applied, part by part, and why things were skipped, in the reader's language. */
function RestoreReportList({ report, lang }: { report: StoredRestoreReport; lang: Lang }) {
  const tr = translator(lang);
  return (
    <>
      <h2>{tr("imports.restoredTitle")}</h2>
      <ul class="import-restored">
        {RESTORED_PARTS.map((part) => (
          <li>{tr("imports.restoredLine", { part: tr(`imports.restored.${part}`), applied: String(report[part].applied), skipped: String(report[part].skipped) })}</li>
        ))}
        {report.notes.map((note) => (
          <li class="import-restore-note" data-note={typeof note === "string" ? undefined : note.code}>
            {restoreNoteText(note, lang)}
          </li>
        ))}
      </ul>
    </>
  );
}

/** One import: progress while it runs (the status block reloads itself), then its result and the messages read with problems. */
export function ImportPage({ page, row }: { page: PageContext; row: MailImport }) {
  const tr = translator(page.lang);
  const active = row.state === "queued" || row.state === "running";
  return (
    <Layout page={page} title={`${tr("imports.title")}: ${row.label}`}>
      <h1>{row.label}</h1>
      <div class="import-status" data-state={row.state} {...(active ? { "hx-get": `/imports/${row.id}`, "hx-trigger": "every 2s", "hx-select": ".import-status", "hx-swap": "outerHTML" } : {})}>
        <p>
          {tr(`imports.state.${row.state}`)}: <Progress row={row} tr={tr} />
        </p>
        {row.state === "done" && <p class="import-result">{resultLine(row, tr)}</p>}
        {row.state === "failed" && row.error && <p class="error">{row.error === "key_unavailable" || row.error === "unreadable_source" ? tr(`imports.error.${row.error}`) : row.error}</p>}
        {row.restoreReport && <RestoreReportList report={row.restoreReport} lang={page.lang} />}
        {row.unreadable.length > 0 && (
          <>
            <h2>{tr("imports.unreadableTitle")}</h2>
            <p class="hint">{tr("imports.unreadableIntro")}</p>
            <ul class="import-unreadable">
              {row.unreadable.map((entry) => (
                <li>
                  {entry.name}: {entry.reasons.join(", ")}
                  {!entry.stored && ` (${tr("imports.notStored")})`}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Layout>
  );
}
