import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { translator } from "../../../i18n/messages.ts";
import { USEFUL_EXTENSIONS } from "../../../mail/imap/discover.ts";
import { claimConnectionTestOrRefuse, visibleImapFailure } from "../../connection-tests.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { toAccountInput, formValues, parseEditAccountForm } from "../../../mail/accounts/input.ts";
import { relinkMailAccount } from "../../../mail/accounts/link.ts";
import { accountPageAfterTest, renderAccountPage } from "./render.tsx";
import { ownAccount, requestDataKey } from "../../request.ts";

/** One mailbox: its page, and saving its connection settings (re-tested first). */
export function registerAccountPage(app: Hono<AppEnv>, services: Services) {
  app.get("/accounts/:accountId", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const tr = translator(c.get("lang"));
    const done = c.req.query("done");
    const notice = done === "added" ? tr("accounts.added") : done === "saved" ? tr("accounts.saved") : undefined;
    // Only names from the known list: the query is not ours to trust.
    const missing = (c.req.query("missing") ?? "").split(",").filter((name) => (USEFUL_EXTENSIONS as readonly string[]).includes(name));
    return renderAccountPage(c, services, account, { notice, missing });
  });

  app.post("/accounts/:accountId", async (c) => {
    const account = await ownAccount(c, services, c.req.param("accountId"));
    const form = await readForm(c);
    const parsed = parseEditAccountForm(form);
    if (!parsed.ok) return renderAccountPage(c, services, account, { formValues: parsed.values, formError: { invalid: parsed.invalid } }, 400);
    const user = actingUser(c);
    const changes = toAccountInput(parsed.value);
    await claimConnectionTestOrRefuse(c, services);
    const result = await relinkMailAccount(services.sql, await requestDataKey(c, services), user.id, account.id, { ...changes, password: changes.password || undefined });
    if (!result.ok) {
      if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such mail account");
      c.get("log").info("mail account connection test failed", { userId: user.id, accountId: account.id, reason: result.reason });
      const formError = "message" in result ? visibleImapFailure(c, result) : { reason: result.reason };
      return renderAccountPage(c, services, account, { formValues: formValues(form), formError }, 400);
    }
    c.get("log").info("mail account settings changed", { userId: user.id, accountId: account.id });
    return c.redirect(accountPageAfterTest(account.id, "saved", result.missing), 303);
  });
}
