/** How an account stands, in words: connection status, last sync, IDLE, enabled; and its action buttons. */
import { idleAlive } from "../../src/mail/sync/state.ts";
import type { ErrorReason, MailAccount } from "../../src/mail/accounts/store.ts";
import { translator } from "../../src/i18n/messages.ts";
import { formatDateTime } from "../format.ts";
import type { PageContext } from "../page.ts";

export function ConnectionStatus({ page, account }: { page: PageContext; account: MailAccount }) {
  const tr = translator(page.lang);
  return (
    <span class={`account-status ${account.status === "ok" ? "ok" : "failed"}`} data-status={account.status}>
      {tr(`accounts.status.${account.status}`)}
      {account.status !== "ok" && account.lastError && (
        <small class="reason">
          <FailureReason page={page} reason={account.lastErrorReason} />
        </small>
      )}
    </span>
  );
}

/**
 * Why a connection or sync failed, as a sentence of the catalogue: never the
 * technical message, which carries codes like ECONNREFUSED (it stays in the
 * API and the log). A failure recorded before reasons were kept gets the
 * general sentence.
 */
export function FailureReason({ page, reason }: { page: PageContext; reason: ErrorReason | null }) {
  return <>{translator(page.lang)(reason ? `accounts.reason.${reason}` : "accounts.reason.unknown")}</>;
}

export function LastSync({ page, account }: { page: PageContext; account: MailAccount }) {
  return <>{account.lastSyncAt ? formatDateTime(account.lastSyncAt, page.lang, page.timeZone) : translator(page.lang)("accounts.never")}</>;
}

export function IdleStatus({ page, account }: { page: PageContext; account: MailAccount }) {
  const alive = idleAlive(account);
  return (
    <span class={alive ? "ok" : "muted"} data-idle={alive ? "alive" : "off"}>
      {translator(page.lang)(alive ? "accounts.idle.alive" : "accounts.idle.off")}
    </span>
  );
}

export function EnabledStatus({ page, account }: { page: PageContext; account: MailAccount }) {
  return <span data-enabled={String(account.enabled)}>{translator(page.lang)(account.enabled ? "accounts.on" : "accounts.off")}</span>;
}

/**
 * One action button. `view` tells the server what to answer: the list row
 * (htmx replaces it) or, from the account page, the page itself.
 */
function Action({ account, action, view, label, confirm, target }: { account: MailAccount; action: string; view: "list" | "account"; label: string; confirm?: string; target?: string }) {
  const url = `/accounts/${account.id}/${action}`;
  return (
    <form method="post" action={url} hx-post={url} hx-target={target ?? (view === "list" ? "closest tr" : undefined)} hx-swap="outerHTML" hx-confirm={confirm} class="inline">
      <input type="hidden" name="view" value={view} />
      <button type="submit" aria-label={view === "list" ? `${label}: ${account.label}` : undefined} data-action={action}>
        {label}
      </button>
    </form>
  );
}

/** Sync now (when it can run), enable or disable, delete. */
export function AccountActions({ page, account, view }: { page: PageContext; account: MailAccount; view: "list" | "account" }) {
  const tr = translator(page.lang);
  const canSync = account.kind === "imap" && account.enabled && account.status !== "auth_failed";
  return (
    <>
      {canSync && <Action account={account} action="sync" view={view} label={tr("accounts.syncNow")} target={view === "account" ? "#sync-progress" : undefined} />}
      {account.enabled ? (
        <Action account={account} action="disable" view={view} label={tr("accounts.disable")} />
      ) : (
        <Action account={account} action="enable" view={view} label={tr("accounts.enable")} />
      )}
      <Action account={account} action="delete" view={view} label={tr("accounts.delete")} confirm={tr("accounts.confirmDelete", { label: account.label })} />
    </>
  );
}
