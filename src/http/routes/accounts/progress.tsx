import type { Hono } from "hono";
import { SyncProgress } from "../../../../views/accounts/progress.tsx";
import type { AppEnv, AppServices } from "../../env.ts";
import { pageContext } from "../../page.ts";
import { ownAccount } from "./scope.ts";
import { syncState } from "./sync-state.ts";

/** The progress fragment the account page polls while a sync is queued or running; without a trigger once it is over. */
export function registerAccountProgress(app: Hono<AppEnv>, services: AppServices) {
  app.get("/accounts/:accountId/progress", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    c.header("Cache-Control", "no-store");
    return c.html(<SyncProgress page={pageContext(c)} accountId={account.id} state={await syncState(services.sql, account)} />);
  });
}
