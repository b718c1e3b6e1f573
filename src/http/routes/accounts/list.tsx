import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { AccountsPage } from "../../../../views/accounts/list.tsx";
import { listMailAccounts } from "../../../mail/accounts/store.ts";
import type { AppEnv } from "../../env.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** The acting user's mailboxes. */
export function registerAccountList(app: Hono<AppEnv>, { sql }: Services) {
  app.get("/accounts", async (c) => c.html(<AccountsPage page={pageContext(c)} accounts={await listMailAccounts(sql, actingUser(c).id)} />));
}
