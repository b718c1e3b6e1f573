/** One mailbox: status with live sync progress, its folders, and the connection settings. */
import type { SyncState } from "../../src/mail/sync/state.ts";
import type { AccountFormValues } from "../../src/mail/accounts/input.ts";
import type { MailAccount } from "../../src/mail/accounts/store.ts";
import type { Folder } from "../../src/mail/folders.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { FolderTable } from "./folders.tsx";
import { AccountForm, type AccountFormError } from "./form.tsx";
import { SyncProgress } from "./progress.tsx";
import { AccountActions, ConnectionStatus, EnabledStatus, IdleStatus, LastSync } from "./status.tsx";
import { SmtpSettingsCard, type SmtpSettingsCardProps } from "./smtp-settings.tsx";

export interface AccountPageProps {
  page: PageContext;
  account: MailAccount;
  folders: Folder[];
  state: SyncState;
  formValues: AccountFormValues;
  formError?: AccountFormError;
  notice?: string;
  /** Useful IMAP extensions the server lacked at the last connection test, when known. */
  missing?: readonly string[];
  /** The outgoing server card; absent: not shown. */
  smtp?: Omit<SmtpSettingsCardProps, "page" | "accountId">;
}

export function AccountPage({ page, account, folders, state, formValues, formError, notice, missing = [], smtp }: AccountPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={account.label}>
      <p class="breadcrumb">
        <a href="/accounts">{tr("accounts.back")}</a>
      </p>
      <h1>{account.label}</h1>
      {notice && <Notice>{notice}</Notice>}
      {account.security === "none" && <p class="warning">{tr("accounts.unencrypted")}</p>}
      {account.status === "auth_failed" && <p class="warning auth-failed">{tr("accounts.authFailedHelp")}</p>}
      {!account.enabled && <p class="warning">{tr("accounts.disabledNote")}</p>}
      {missing.length > 0 && (
        <div class="warning missing-extensions">
          <p>{tr("accounts.missing")}</p>
          <ul>
            {missing.map((name) => (
              <li>
                <code>{name}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      <section class="card account-status" aria-labelledby="status-title">
        <h2 id="status-title">{tr("accounts.statusTitle")}</h2>
        <AccountFacts page={page} account={account} />
        {account.kind === "offline" ? (
          <p class="hint">
            {tr("accounts.offline.hint")} <a href="/imports">{tr("accounts.import")}</a>
          </p>
        ) : (
          <>
            <h3>{tr("accounts.syncTitle")}</h3>
            <SyncProgress page={page} accountId={account.id} state={state} />
          </>
        )}
        <div class="actions">
          <AccountActions page={page} account={account} view="account" />
        </div>
      </section>
      <section class="card" aria-labelledby="folders-title">
        <h2 id="folders-title">{tr("accounts.folders")}</h2>
        <p class="hint">{tr("accounts.folders.intro")}</p>
        {folders.some((folder) => folder.keywordsRefused) && (
          <p class="notice" role="note">
            {tr("tags.account.refused", {
              folders: folders
                .filter((folder) => folder.keywordsRefused)
                .map((folder) => folder.path)
                .join(", "),
            })}
          </p>
        )}
        <AccountFolders page={page} folders={folders} />
      </section>
      {account.kind === "imap" && (
        <section class="card" aria-labelledby="edit-title" id="edit">
          <h2 id="edit-title">{tr("accounts.edit")}</h2>
          <AccountForm page={page} action={`/accounts/${account.id}`} mode="edit" values={formValues} error={formError} />
        </section>
      )}
      {smtp && account.kind === "imap" && <SmtpSettingsCard page={page} accountId={account.id} {...smtp} />}
    </Layout>
  );
}

/**
 * Server, connection, last sync, IDLE, enabled. `oob`: sent along with the
 * progress fragment of a sync that has just ended, which replaces the
 * page's copy by its id.
 */
export function AccountFacts({ page, account, oob = false }: { page: PageContext; account: MailAccount; oob?: boolean }) {
  const tr = translator(page.lang);
  return (
    <dl class="facts" id="account-facts" {...(oob ? { "hx-swap-oob": "true" } : {})}>
      <dt>{tr("accounts.server")}</dt>
      <dd>{account.kind === "offline" ? tr("accounts.offline") : `${account.host}:${account.port} (${tr(`accounts.security.short.${account.security}`)})`}</dd>
      <dt>{tr("accounts.status")}</dt>
      <dd>
        <ConnectionStatus page={page} account={account} />
      </dd>
      <dt>{tr("accounts.lastSync")}</dt>
      <dd>
        <LastSync page={page} account={account} />
      </dd>
      <dt>{tr("accounts.idle")}</dt>
      <dd>
        <IdleStatus page={page} account={account} />
      </dd>
      <dt>{tr("accounts.enabled")}</dt>
      <dd>
        <EnabledStatus page={page} account={account} />
      </dd>
    </dl>
  );
}

/** The folder table, in a wrapper the end of a sync can replace (`oob`, as for AccountFacts): its counts and dates change then. */
export function AccountFolders({ page, folders, oob = false }: { page: PageContext; folders: Folder[]; oob?: boolean }) {
  return (
    <div id="account-folders" {...(oob ? { "hx-swap-oob": "true" } : {})}>
      <FolderTable page={page} folders={folders} />
    </div>
  );
}

/** The last answer to a progress poll: the finished progress, and the account's facts and folders the sync has just changed, swapped in by id. */
export function SyncFinished({ page, account, state, folders }: { page: PageContext; account: MailAccount; state: SyncState; folders: Folder[] }) {
  return (
    <>
      <SyncProgress page={page} accountId={account.id} state={state} />
      <AccountFacts page={page} account={account} oob />
      <AccountFolders page={page} folders={folders} oob />
    </>
  );
}
