/**
 * The folders of an account with their role and an include/exclude
 * checkbox each. With htmx, changing the box posts the row's form and the
 * answer replaces the row; without JavaScript the row has a button.
 */
import type { Folder } from "../../src/mail/folders.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import type { PageContext } from "../page.ts";
import { DataTable } from "../data-table.tsx";
import { folderName } from "../folder-name.ts";

export function FolderRow({ page, folder }: { page: PageContext; folder: Folder }) {
  const tr = translator(page.lang);
  const url = `/accounts/${folder.accountId}/folders/${folder.id}`;
  return (
    <tr id={`folder-${folder.id}`} data-selected={String(folder.selected)} data-role={folder.specialUse ?? ""}>
      <td>
        <form method="post" action={url} hx-post={url} hx-trigger="change" hx-target="closest tr" hx-swap="outerHTML" class="inline folder-toggle">
          {/* An unchecked box sends nothing: the hidden field before it makes that "false" (the last value wins). */}
          <input type="hidden" name="selected" value="false" />
          {/* No id on the box: htmx carries attributes such as style over from the old element with the same id, and the CSP refuses an inline style (browser tooling leaves empty ones). */}
          <label>
            <input type="checkbox" name="selected" value="true" checked={folder.selected} /> <span class="visually-hidden">{tr("accounts.folder.include")}: </span>
            <span class="folder-path">{folder.specialUse ? folderName(page.lang, folder) : folder.path}</span>
          </label>
          <noscript>
            {" "}
            <button type="submit">{tr("accounts.folder.apply")}</button>
          </noscript>
        </form>
        {!folder.existsOnServer && <small class="badge gone">{tr("accounts.folder.gone")}</small>}
      </td>
      <td class="role">{folder.specialUse ? tr(`accounts.role.${folder.specialUse}`) : ""}</td>
      <td>{folder.messageCount ?? ""}</td>
      <td>{folder.lastSyncedAt ? formatDateTime(folder.lastSyncedAt, page.lang, page.timeZone) : tr("accounts.never")}</td>
    </tr>
  );
}

export function FolderTable({ page, folders }: { page: PageContext; folders: Folder[] }) {
  const tr = translator(page.lang);
  return (
    <DataTable
      class="folders"
      columns={[tr("accounts.folder.name"), tr("accounts.folder.role"), tr("accounts.folder.messages"), tr("accounts.lastSync")]}
      rows={folders}
      row={(folder) => <FolderRow page={page} folder={folder} />}
      empty={tr("accounts.folders.none")}
    />
  );
}
