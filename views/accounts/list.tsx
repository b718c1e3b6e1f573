/** The user's mailboxes: one row each with its state and actions; htmx replaces a row after an action. */
import type { MailAccount } from "../../src/mail/accounts/store.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AccountActions, ConnectionStatus, EnabledStatus, IdleStatus, LastSync } from "./status.tsx";
import { DataTable } from "../data-table.tsx";

export function AccountRow({ page, account, notice }: { page: PageContext; account: MailAccount; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <tr id={`account-${account.id}`} data-status={account.enabled ? account.status : "disabled"}>
      <td>
        <a href={`/accounts/${account.id}`}>{account.label}</a>
        {notice && (
          <small class="row-notice" role="status">
            {notice}
          </small>
        )}
      </td>
      <td>
        {account.kind === "offline" ? (
          tr("accounts.offline")
        ) : (
          <>
            {account.host}:{account.port} <small class="hint">{tr(`accounts.security.short.${account.security}`)}</small>
          </>
        )}
      </td>
      <td>
        <ConnectionStatus page={page} account={account} />
      </td>
      <td>
        <LastSync page={page} account={account} />
      </td>
      <td>
        <IdleStatus page={page} account={account} />
      </td>
      <td>
        <EnabledStatus page={page} account={account} />
      </td>
      <td class="actions">
        <AccountActions page={page} account={account} view="list" />
      </td>
    </tr>
  );
}

export function AccountsPage({ page, accounts, notice }: { page: PageContext; accounts: MailAccount[]; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("accounts.title")}>
      <h1>{tr("accounts.title")}</h1>
      <p>{tr("accounts.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      <DataTable
        class="accounts"
        columns={[tr("accounts.field.label"), tr("accounts.server"), tr("accounts.status"), tr("accounts.lastSync"), tr("accounts.idle"), tr("accounts.enabled"), tr("accounts.actions")]}
        rows={accounts}
        row={(account) => <AccountRow page={page} account={account} />}
        empty={tr("accounts.none")}
      />
      <p>
        <a class="button" href="/accounts/new">
          {tr("accounts.add")}
        </a>{" "}
        <a class="button" href="/imports">
          {tr("accounts.import")}
        </a>
      </p>
    </Layout>
  );
}
