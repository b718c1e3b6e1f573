import type { UserExport } from "../../src/export/store.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Field, FormError, Notice } from "../components.tsx";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountNav } from "./nav.tsx";

export interface ExportPageProps {
  page: PageContext;
  exports: UserExport[];
  minPassphrase: number;
  notice?: string;
  error?: string;
}

const size = (bytes: number | null) => (bytes === null ? "" : bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function ExportState({ page, entry }: { page: PageContext; entry: UserExport }) {
  const tr = translator(page.lang);
  if (entry.status === "running") return <>{tr("export.status.running", { done: String(entry.done), total: String(entry.total) })}</>;
  if (entry.status === "ready")
    return (
      <>
        {tr("export.status.ready", { size: size(entry.sizeBytes), until: entry.expiresAt ? formatDateTime(entry.expiresAt, page.lang, page.timeZone) : "" })}
        {entry.counts && <small class="hint"> {tr("export.counts", Object.fromEntries(Object.entries(entry.counts).map(([name, value]) => [name, String(value)])))}</small>}
      </>
    );
  if (entry.status === "failed")
    return (
      <>
        {tr("export.status.failed")}: {tr(`export.failure.${entry.errorCode ?? "failed"}`)}
      </>
    );
  return <>{tr(`export.status.${entry.status}`)}</>;
}

/** The account's export page: what an export holds, the passphrase form, and the user's exports with progress and download. */
export function ExportPage({ page, exports, minPassphrase, notice, error }: ExportPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("export.title")}>
      <h1>{tr("export.title")}</h1>
      <AccountNav page={page} />
      {notice && <Notice>{notice}</Notice>}
      <section class="card">
        <p>{tr("export.intro")}</p>
        <p class="hint">{tr("export.encryption")}</p>
        <FormError message={error} />
        <form method="post" action="/account/export">
          <Field
            label={tr("export.passphrase")}
            name="passphrase"
            type="password"
            autocomplete="new-password"
            required
            hint={tr("export.passphraseHint", { min: String(minPassphrase) })}
            invalid={Boolean(error)}
          />
          <Field label={tr("export.passphraseRepeat")} name="passphraseRepeat" type="password" autocomplete="new-password" required />
          <button type="submit">{tr("export.start")}</button>
        </form>
      </section>
      <section aria-labelledby="exports-title">
        <h2 id="exports-title">{tr("export.listTitle")}</h2>
        <DataTable
          columns={[tr("export.createdAt"), tr("export.state"), ""]}
          rows={exports}
          empty={tr("export.none")}
          row={(entry) => (
            <tr id={`export-${entry.id}`}>
              <td>{formatDateTime(entry.createdAt, page.lang, page.timeZone)}</td>
              <td>
                <ExportState page={page} entry={entry} />
              </td>
              <td>
                {entry.status === "ready" && (
                  <a href={`/account/export/${entry.id}/download`} download>
                    {tr("export.download")}
                  </a>
                )}
                {(entry.status === "ready" || entry.status === "failed" || entry.status === "expired") && (
                  <form method="post" action={`/account/export/${entry.id}/delete`}>
                    <button type="submit">{tr("export.delete")}</button>
                  </form>
                )}
              </td>
            </tr>
          )}
        />
      </section>
    </Layout>
  );
}
