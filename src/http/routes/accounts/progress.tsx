import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { SyncFinished } from "../../../../views/accounts/account.tsx";
import { SyncProgress } from "../../../../views/accounts/progress.tsx";
import { listFolders } from "../../../mail/folders.ts";
import type { AppEnv } from "../../env.ts";
import { pageContext } from "../../page.ts";
import { ownAccount } from "../../request.ts";
import { syncState } from "../../../mail/sync/state.ts";

/**
 * The progress fragment the account page polls while a sync is queued or
 * running; without a trigger once it is over. That last answer to a poll
 * also carries the account's facts and folders (last sync, counts), which
 * the sync has just changed, for htmx to swap in by id.
 */
export function registerAccountProgress(app: Hono<AppEnv>, services: Services) {
  app.get("/accounts/:accountId/progress", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const state = await syncState(services.sql, account);
    const page = pageContext(c);
    c.header("Cache-Control", "no-store");
    const polled = c.req.header("HX-Request") === "true";
    if (state.active || !polled) return c.html(<SyncProgress page={page} accountId={account.id} state={state} />);
    const folders = await listFolders(services.sql, account.userId, account.id);
    return c.html(<SyncFinished page={page} account={account} state={state} folders={folders} />);
  });
}
