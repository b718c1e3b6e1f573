import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { deleteOwnAccount } from "../../../auth/delete-user.ts";
import { translator } from "../../../i18n/messages.ts";
import { AccountDeletedPage, DeleteAccountPage } from "../../../../views/account/delete.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { readForm, throttledMessage } from "../../form.ts";
import { actingUser, clearSessionCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Deleting one's own account by crypto-erasure (src/auth/delete-user.ts): the key at once, the rows by a job. */
export function registerDeleteAccount(app: Hono<AppEnv>, services: Services) {
  app.get("/account/delete", (c) => c.html(<DeleteAccountPage page={pageContext(c)} />));

  app.post("/account/delete", async (c) => {
    const form = await readForm(c);
    const tr = translator(c.get("lang"));
    const result = await deleteOwnAccount(services, {
      user: actingUser(c),
      password: form.password ?? "",
      confirmation: form.confirmation ?? "",
      address: clientContext(c, services.config).clientAddress,
    });
    if (result.ok) {
      // The session row is gone with the key; the cookie goes too.
      clearSessionCookie(c, services.config);
      return c.html(<AccountDeletedPage page={{ ...pageContext(c), user: undefined }} />);
    }
    if (result.reason === "throttled") return c.html(<DeleteAccountPage page={pageContext(c)} error={throttledMessage(c, result.retryAfterMs)} />, 429);
    const error = result.reason === "wrong_password" ? tr("passwordChange.wrong") : result.reason === "confirmation" ? tr("deleteAccount.wrongConfirmation") : tr("deleteAccount.lastAdmin");
    return c.html(<DeleteAccountPage page={pageContext(c)} error={error} />, result.reason === "last_admin" ? 409 : 400);
  });
}
