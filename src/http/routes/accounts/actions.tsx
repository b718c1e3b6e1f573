import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { SyncProgress } from "../../../../views/accounts/progress.tsx";
import { AccountRow } from "../../../../views/accounts/list.tsx";
import { translator } from "../../../i18n/messages.ts";
import { deleteMailAccount, getMailAccount, setMailAccountEnabled, type MailAccount } from "../../../mail/accounts/store.ts";
import { requestSync } from "../../../mail/sync/request.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { isHtmx, ownAccount } from "../../request.ts";
import { syncState } from "../../../mail/sync/state.ts";

type View = "list" | "account";

/**
 * Sync now, enable, disable, delete. Each button says which `view` it sits
 * in: from the list, htmx gets the row back (nothing, once deleted); from
 * the account page, the page is reloaded (sync: the progress fragment).
 * Without htmx, the browser is sent back where it came from.
 */
export function registerAccountActions(app: Hono<AppEnv>, services: Services) {
  const { sql } = services;

  const viewOf = async (c: Context<AppEnv>): Promise<View> => ((await readForm(c)).view === "account" ? "account" : "list");

  const answer = async (c: Context<AppEnv>, view: View, accountId: string, notice?: string) => {
    const account = await getMailAccount(sql, actingUser(c).id, accountId);
    const home = account && view === "account" ? `/accounts/${accountId}` : "/accounts";
    if (!isHtmx(c)) return c.redirect(home, 303);
    if (view === "account") return navigate(c, home);
    if (!account) return c.body("", 200); // deleted: the row goes away
    return c.html(<AccountRow page={pageContext(c)} account={account} notice={notice} />);
  };

  /** Refuses a sync the job would only skip, saying why. */
  const assertSyncable = (c: Context<AppEnv>, account: MailAccount) => {
    const tr = translator(c.get("lang"));
    if (!account.enabled) throw new AppError("CONFLICT", tr("accounts.refused.disabled"));
    if (account.status === "auth_failed") throw new AppError("CONFLICT", tr("accounts.refused.authFailed"));
  };

  app.post("/accounts/:accountId/sync", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const view = await viewOf(c);
    assertSyncable(c, account);
    await requestSync(sql, account, "all");
    if (isHtmx(c) && view === "account") {
      c.header("Cache-Control", "no-store");
      return c.html(<SyncProgress page={pageContext(c)} accountId={account.id} state={await syncState(sql, account)} />);
    }
    return answer(c, view, account.id, translator(c.get("lang"))("accounts.syncQueued"));
  });

  app.post("/accounts/:accountId/enable", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const view = await viewOf(c);
    await setMailAccountEnabled(sql, account.userId, account.id, true);
    // Catch up on what arrived while it was off (a refused password waits for an edit instead).
    if (account.status !== "auth_failed") await requestSync(sql, account, "all");
    return answer(c, view, account.id);
  });

  app.post("/accounts/:accountId/disable", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const view = await viewOf(c);
    await setMailAccountEnabled(sql, account.userId, account.id, false);
    return answer(c, view, account.id);
  });

  app.post("/accounts/:accountId/delete", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const view = await viewOf(c);
    await deleteMailAccount(sql, account.userId, account.id);
    c.get("log").info("mail account deleted", { userId: account.userId, accountId: account.id });
    return answer(c, view, account.id);
  });
}
