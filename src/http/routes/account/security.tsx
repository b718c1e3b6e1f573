import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { changeKeyMode } from "../../../auth/account.ts";
import { audit } from "../../../auth/audit.ts";
import { replaceRecoveryCodes, unusedRecoveryCodeCount } from "../../../auth/second-factor.ts";
import type { KeyMode } from "../../../auth/users.ts";
import { translator } from "../../../i18n/messages.ts";
import { RecoveryCodesPage } from "../../../../views/auth/second-factor.tsx";
import { SecurityPage } from "../../../../views/account/security.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm, throttledMessage } from "../../form.ts";
import { actingSession, actingUser, setSessionCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

/** Key mode and recovery codes. */
export function registerSecurity(app: Hono<AppEnv>, services: Services) {
  const render = async (c: Context<AppEnv>, extra: { notice?: string; error?: string; keyMode?: KeyMode } = {}, status: 200 | 400 | 429 = 200) => {
    const user = actingUser(c);
    const left = await unusedRecoveryCodeCount(services.sql, user.id);
    return c.html(<SecurityPage page={pageContext(c)} keyMode={extra.keyMode ?? user.keyMode} recoveryCodesLeft={left} notice={extra.notice} error={extra.error} />, status);
  };

  app.get("/account/security", (c) => render(c));

  app.post("/account/key-mode", async (c) => {
    const form = await readForm(c);
    if (form.mode !== "background" && form.mode !== "strict") throw new AppError("BAD_REQUEST", "mode must be background or strict");
    const tr = translator(c.get("lang"));
    const result = await changeKeyMode(services, {
      user: actingUser(c),
      session: actingSession(c),
      mode: form.mode,
      password: form.password ?? "",
      context: clientContext(c, services.config),
    });
    if (!result.ok) {
      if (result.reason === "throttled") {
        return render(c, { error: throttledMessage(c, result.retryAfterMs) }, 429);
      }
      return render(c, { error: tr("passwordChange.wrong") }, 400);
    }
    setSessionCookie(c, services.config, result.token, actingSession(c).persistent);
    return render(c, { notice: tr("security.modeChanged"), keyMode: form.mode });
  });

  app.post("/account/recovery-codes", async (c) => {
    const user = actingUser(c);
    const codes = await replaceRecoveryCodes(services.sql, user.id);
    await audit(services.sql, services.log, "user.recovery_codes_regenerated", { actorId: user.id, subjectId: user.id });
    c.header("Cache-Control", "no-store");
    return c.html(<RecoveryCodesPage page={pageContext(c)} codes={codes} next="/account/security" />);
  });
}
