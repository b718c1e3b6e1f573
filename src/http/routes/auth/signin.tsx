import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { signInWithPassword } from "../../../auth/sign-in.ts";
import { isFirstUser } from "../../../auth/sign-up.ts";
import { translator } from "../../../i18n/messages.ts";
import { SignInPage } from "../../../../views/auth/signin.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { nextPath, readForm, throttledMessage } from "../../form.ts";
import { deviceCookie, navigate, setSessionCookie, trustedDeviceCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** The password step. A full session goes straight on; a new one continues to the second factor. */
export function registerSignIn(app: Hono<AppEnv>, services: Services) {
  app.get("/signin", async (c) => {
    if (c.get("session")?.stage === "full") return c.redirect("/", 303);
    return c.html(<SignInPage page={pageContext(c)} firstRun={await isFirstUser(services.sql)} next={nextPath(c, services)} />);
  });

  app.post("/signin", async (c) => {
    // Checked before the password is: a bad value falls back to "/" instead of failing after a session exists.
    const next = nextPath(c, services);
    const form = await readForm(c);
    const email = (form.email ?? "").trim().slice(0, 320);
    const tr = translator(c.get("lang"));
    const result = await signInWithPassword(services, {
      email,
      password: form.password ?? "",
      persistent: form.remember === "on",
      deviceCookie: deviceCookie(c, services.config),
      trustedDeviceToken: trustedDeviceCookie(c, services.config),
      context: clientContext(c, services.config),
    });
    if (!result.ok) {
      const page = (error: string, status: 400 | 429) => c.html(<SignInPage page={pageContext(c)} email={email} error={error} firstRun={false} next={next} />, status);
      if (result.reason === "throttled") {
        return page(throttledMessage(c, result.retryAfterMs), 429);
      }
      return page(tr("signin.invalid"), 400);
    }
    setSessionCookie(c, services.config, result.token, result.persistent);
    // A remembered browser: the password was all it took.
    if (result.stage === "full") return navigate(c, next ?? "/");
    return navigate(c, result.stage === "second_factor" ? `/signin/second-factor${next ? `?next=${encodeURIComponent(next)}` : ""}` : "/setup/second-factor");
  });
}
