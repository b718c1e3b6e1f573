import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { changePassword } from "../../../auth/account.ts";
import { translator, type MessageKey } from "../../../i18n/messages.ts";
import { PasswordPage } from "../../../../views/account/password.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { readForm, throttledMessage } from "../../form.ts";
import { actingSession, actingUser, setSessionCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Password change: re-wraps the data key, signs out every other device, renews this session. */
export function registerPasswordChange(app: Hono<AppEnv>, services: Services) {
  app.get("/account/password", (c) => {
    const required = actingUser(c).passwordChangeRequired ? translator(c.get("lang"))("passwordChange.required") : undefined;
    return c.html(<PasswordPage page={pageContext(c)} notice={required} />);
  });

  app.post("/account/password", async (c) => {
    const form = await readForm(c);
    const tr = translator(c.get("lang"));
    const result = await changePassword(services, {
      user: actingUser(c),
      session: actingSession(c),
      current: form.current ?? "",
      next: form.next ?? "",
      context: clientContext(c, services.config),
    });
    if (result.ok) {
      setSessionCookie(c, services.config, result.token, actingSession(c).persistent);
      return c.html(<PasswordPage page={pageContext(c)} notice={tr("passwordChange.done")} />);
    }
    if (result.reason === "throttled") {
      return c.html(<PasswordPage page={pageContext(c)} error={throttledMessage(c, result.retryAfterMs)} />, 429);
    }
    const error = result.reason === "weak_password" ? tr(`password.${result.check.reason}` as MessageKey) : tr("passwordChange.wrong");
    return c.html(<PasswordPage page={pageContext(c)} error={error} />, 400);
  });
}
