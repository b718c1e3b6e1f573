import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { dataKeyForSession } from "../../../auth/data-key-access.ts";
import { checkSecondFactor } from "../../../auth/second-factor.ts";
import { beginAttempt, failAttempt, succeedAttempt } from "../../../auth/attempts.ts";
import { endSession, replaceSession } from "../../../auth/sessions.ts";
import { translator } from "../../../i18n/messages.ts";
import { SecondFactorPage } from "../../../../views/auth/second-factor.tsx";
import { SignInPage } from "../../../../views/auth/signin.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { nextPath, readForm, throttledMessage } from "../../form.ts";
import { actingSession, actingUser, clearSessionCookie, navigate, rememberDevice, setSessionCookie, setTrustedDeviceCookie } from "../../middleware/auth.ts";
import { trustDevice } from "../../../auth/trusted-devices.ts";
import { pageContext } from "../../page.ts";

/** The code step after the password: a TOTP code or a recovery code; success issues a new, full session. */
export function registerSecondFactor(app: Hono<AppEnv>, services: Services) {
  app.get("/signin/second-factor", (c) => c.html(<SecondFactorPage page={pageContext(c)} next={nextPath(c, services)} />));

  app.post("/signin/second-factor", async (c) => {
    // Checked before the code is used up: a bad value falls back to "/", it never fails the sign-in afterwards.
    const next = nextPath(c, services);
    const session = actingSession(c);
    const user = actingUser(c);
    const tr = translator(c.get("lang"));
    const context = clientContext(c, services.config);
    const subjects = { scope: "second_factor" as const, account: user.id, address: context.clientAddress, session: session.id };
    const claim = await beginAttempt(services, subjects, user.id);
    if (!claim.allowed && claim.by === "session") {
      // This half-signed-in session has used its codes: it ends, and the next codes need the password again.
      await endSession(services.sql, user.id, session.id);
      clearSessionCookie(c, services.config);
      return c.html(<SignInPage page={pageContext(c)} error={tr("secondFactor.tooManyCodes")} firstRun={false} next={next} />, 429);
    }
    if (!claim.allowed) {
      return c.html(<SecondFactorPage page={pageContext(c)} next={next} error={throttledMessage(c, claim.retryAfterMs)} />, 429);
    }
    const dataKey = dataKeyForSession(services.keyring, session);
    const form = await readForm(c);
    const method = await checkSecondFactor(services, dataKey, user.id, form.code ?? "");
    if (!method) {
      failAttempt(services, claim, subjects, "wrong code", user.id);
      return c.html(<SecondFactorPage page={pageContext(c)} next={next} error={tr("secondFactor.invalid")} />, 400);
    }
    await succeedAttempt(services, subjects);
    const token = await replaceSession(services.sql, services.keyring, services.config, session, {
      stage: "full",
      dataKey: user.keyMode === "strict" ? dataKey : undefined,
      context,
    });
    setSessionCookie(c, services.config, token, session.persistent);
    rememberDevice(c, services, user.id);
    if (form.trust === "on") setTrustedDeviceCookie(c, services.config, await trustDevice(services.sql, user.id, context.userAgent));
    services.log.info("signed in", { userId: user.id, method, trustedDevice: form.trust === "on" });
    return navigate(c, next ?? "/");
  });
}
