import type { Services } from "../../../services.ts";
import type { Hono } from "hono";
import { dataKeyForSession } from "../../../auth/data-key-access.ts";
import { beginTotpSetup, confirmTotpSetup, pendingTotpSecret } from "../../../auth/second-factor.ts";
import { replaceSession } from "../../../auth/sessions.ts";
import { totpQrSvg } from "../../../auth/totp-qr.ts";
import { translator } from "../../../i18n/messages.ts";
import { RecoveryCodesPage, SetupSecondFactorPage } from "../../../../views/auth/second-factor.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { readForm } from "../../form.ts";
import { actingSession, actingUser, rememberDevice, setSessionCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/**
 * Required after the first sign-in: a TOTP secret (shown as QR code and as
 * text), confirmed by a first code; the response shows the recovery codes once.
 */
export function registerSetupSecondFactor(app: Hono<AppEnv>, services: Services) {
  app.get("/setup/second-factor", async (c) => {
    const user = actingUser(c);
    const dataKey = dataKeyForSession(services.keyring, actingSession(c));
    // A reload keeps the secret the app may already have scanned.
    const setup = (await pendingTotpSecret(services.sql, dataKey, user)) ?? (await beginTotpSetup(services.sql, dataKey, user));
    if (!setup) return c.redirect("/", 303);
    c.header("Cache-Control", "no-store");
    return c.html(<SetupSecondFactorPage page={pageContext(c)} qrSvg={await totpQrSvg(setup.uri)} secret={setup.secret} />);
  });

  app.post("/setup/second-factor", async (c) => {
    const user = actingUser(c);
    const session = actingSession(c);
    const dataKey = dataKeyForSession(services.keyring, session);
    const codes = await confirmTotpSetup(services, dataKey, user.id, (await readForm(c)).code ?? "");
    c.header("Cache-Control", "no-store");
    if (!codes) {
      const setup = await pendingTotpSecret(services.sql, dataKey, user);
      if (!setup) return c.redirect("/", 303);
      const page = <SetupSecondFactorPage page={pageContext(c)} qrSvg={await totpQrSvg(setup.uri)} secret={setup.secret} error={translator(c.get("lang"))("setup.invalid")} />;
      return c.html(page, 400);
    }
    const token = await replaceSession(services.sql, services.keyring, services.config, session, {
      stage: "full",
      dataKey: user.keyMode === "strict" ? dataKey : undefined,
      context: clientContext(c, services.config),
    });
    setSessionCookie(c, services.config, token, session.persistent);
    rememberDevice(c, services, user.id);
    c.set("session", { ...session, stage: "full" });
    return c.html(<RecoveryCodesPage page={pageContext(c)} codes={codes} />);
  });
}
