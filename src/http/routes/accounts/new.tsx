import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { NewAccountPage } from "../../../../views/accounts/new.tsx";
import { claimConnectionTestOrRefuse, visibleImapFailure } from "../../connection-tests.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { DEFAULT_IMAP_PORT, formValues, parseNewAccountForm, toAccountInput } from "../../../mail/accounts/input.ts";
import { linkMailAccount } from "../../../mail/accounts/link.ts";
import { accountPageAfterTest } from "./render.tsx";
import { requestDataKey } from "../../request.ts";

/** Adding a mailbox: the connection is tested with what was typed; nothing is stored unless the server let us in. */
export function registerNewAccount(app: Hono<AppEnv>, services: Services) {
  app.get("/accounts/new", (c) => c.html(<NewAccountPage page={pageContext(c)} values={{ port: String(DEFAULT_IMAP_PORT), security: "tls" }} />));

  app.post("/accounts", async (c) => {
    const form = await readForm(c);
    const parsed = parseNewAccountForm(form);
    if (!parsed.ok) return c.html(<NewAccountPage page={pageContext(c)} values={parsed.values} error={{ invalid: parsed.invalid }} />, 400);
    const user = actingUser(c);
    await claimConnectionTestOrRefuse(c, services);
    const result = await linkMailAccount(services.sql, await requestDataKey(c, services), user.id, toAccountInput(parsed.value));
    if (!result.ok) {
      c.get("log").info("mail account connection test failed", { userId: user.id, reason: result.reason });
      const { reason, message } = visibleImapFailure(c, result);
      return c.html(<NewAccountPage page={pageContext(c)} values={formValues(form)} error={{ reason, message }} />, 400);
    }
    c.get("log").info("mail account linked", { userId: user.id, accountId: result.account.id });
    return c.redirect(accountPageAfterTest(result.account.id, "added", result.missing), 303);
  });
}
