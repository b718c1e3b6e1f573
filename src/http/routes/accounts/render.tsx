/** The account page: rendering it (for the page and the edit form's refusals), and the address to go to after a connection test. */
import type { Services } from "../../../services.ts";
import type { Context } from "hono";
import { AccountPage, type AccountPageProps } from "../../../../views/accounts/account.tsx";
import { accountFormValues } from "../../../../views/accounts/form.tsx";
import { accountConnection, type MailAccount } from "../../../mail/accounts/store.ts";
import { listFolders } from "../../../mail/folders.ts";
import { USEFUL_EXTENSIONS } from "../../../mail/imap/discover.ts";
import type { AppEnv } from "../../env.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { syncState } from "../../../mail/sync/state.ts";
import { getSmtpSettings } from "../../../mail/send/smtp-settings.ts";

type Extra = Partial<Pick<AccountPageProps, "formValues" | "formError" | "notice" | "missing" | "smtp">>;

export async function renderAccountPage(c: Context<AppEnv>, services: Services, account: MailAccount, extra: Extra = {}, status: 200 | 400 = 200) {
  const [folders, state] = await Promise.all([listFolders(services.sql, account.userId, account.id), syncState(services.sql, account)]);
  let formValues = extra.formValues;
  if (!formValues) {
    // The user name is the owner's own; the form shows it so an edit need not retype it.
    const connection = await accountConnection(services.sql, await requestDataKey(c, services), account.userId, account.id);
    formValues = accountFormValues(account, connection?.username ?? "");
  }
  // The outgoing server card (./smtp.tsx): its notice comes back in the query after a redirect.
  const smtpNotice = c.req.query("smtp");
  const smtp = extra.smtp ?? {
    settings: (await getSmtpSettings(services.sql, await requestDataKey(c, services), account.userId, account.id)) ?? null,
    notice: smtpNotice === "saved" || smtpNotice === "testOk" ? smtpNotice : undefined,
  };
  c.header("Cache-Control", "no-store");
  return c.html(<AccountPage page={pageContext(c)} account={account} folders={folders} state={state} {...extra} formValues={formValues} smtp={smtp} />, status);
}

/**
 * Where a successful test sends the browser: the account page, told what
 * just happened and which extensions the server lacked (they are not
 * stored, so this is the one moment they are known).
 */
export function accountPageAfterTest(accountId: string, done: "added" | "saved", missing: readonly string[]): string {
  const query = new URLSearchParams({ done });
  const known = missing.filter((name) => (USEFUL_EXTENSIONS as readonly string[]).includes(name));
  if (known.length) query.set("missing", known.join(","));
  return `/accounts/${accountId}?${query}`;
}
