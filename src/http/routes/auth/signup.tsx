import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { findOpenInvitation } from "../../../auth/invitations.ts";
import { completePasswordReset, isFirstUser, signUp, type SignUpResult } from "../../../auth/sign-up.ts";
import { translator, type MessageKey } from "../../../i18n/messages.ts";
import { ResetPasswordPage, SignUpClosedPage, SignUpPage } from "../../../../views/auth/signup.tsx";
import { clientContext } from "../../client.ts";
import type { AppEnv } from "../../env.ts";
import { readForm, throttledMessage } from "../../form.ts";
import { timeZoneNamed } from "../../../time-zone.ts";
import { navigate, setSessionCookie } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

type Failure = Exclude<SignUpResult, { ok: true }>;

/** The sentence for a failed sign-up (and sets Retry-After when throttled). */
function failureMessage(c: Context<AppEnv>, failure: Failure): string {
  const tr = translator(c.get("lang"));
  if (failure.reason === "throttled") {
    return throttledMessage(c, failure.retryAfterMs);
  }
  if (failure.reason === "weak_password") return tr(`password.${failure.check.reason}` as MessageKey);
  // A taken address reads like a mismatch: saying "this address has an account" would tell anyone with an invitation who is a user here.
  const keys = {
    invitation_invalid: "signup.invitationInvalid",
    invitation_required: "signup.invitationRequired",
    email_mismatch: "signup.emailNotUsable",
    email_taken: "signup.emailNotUsable",
  } as const;
  return tr(keys[failure.reason]);
}

/** email_taken is 400 like email_mismatch, for the same reason as its sentence. */
const STATUS: Partial<Record<Failure["reason"], 403 | 429>> = { throttled: 429, invitation_required: 403 };
const statusOf = (failure: Failure) => STATUS[failure.reason] ?? 400;

/** Sign-up: the first account without invitation (it becomes administrator), everyone else with one. */
export function registerSignUp(app: Hono<AppEnv>, services: Services) {
  app.get("/signup", async (c) => {
    const token = c.req.query("token");
    const page = pageContext(c);
    const tr = translator(page.lang);
    if (!token) {
      if (!(await isFirstUser(services.sql))) return c.html(<SignUpClosedPage page={page} message={tr("signup.invitationRequired")} />, 403);
      return c.html(<SignUpPage page={page} firstRun />);
    }
    const invitation = await findOpenInvitation(services.sql, "signup", token);
    if (!invitation) return c.html(<SignUpClosedPage page={page} message={tr("signup.invitationInvalid")} />, 404);
    return c.html(<SignUpPage page={page} token={token} fixedEmail={invitation.email} firstRun={false} />);
  });

  app.post("/signup", async (c) => {
    const form = await readForm(c);
    const input = { token: form.token || undefined, email: (form.email ?? "").trim().slice(0, 320), displayName: (form.displayName ?? "").trim().slice(0, 100) };
    // The browser's zone, filled in by a script; without one (or with a name Intl does not know) dates use the server's until changed.
    const timeZone = timeZoneNamed(form.timeZone);
    const result = await signUp(services, { ...input, password: form.password ?? "", timeZone, context: clientContext(c, services.config) });
    if (!result.ok) {
      const fixedEmail = input.token ? (await findOpenInvitation(services.sql, "signup", input.token))?.email : undefined;
      const page = <SignUpPage page={pageContext(c)} {...input} fixedEmail={fixedEmail} error={failureMessage(c, result)} firstRun={!input.token} />;
      return c.html(page, statusOf(result));
    }
    setSessionCookie(c, services.config, result.token, false);
    return navigate(c, "/setup/second-factor");
  });
}

/** A new password after an administrator's reset link. */
export function registerResetPassword(app: Hono<AppEnv>, services: Services) {
  app.get("/reset-password", async (c) => {
    const token = c.req.query("token") ?? "";
    const page = pageContext(c);
    if (!(await findOpenInvitation(services.sql, "password_reset", token))) {
      return c.html(<SignUpClosedPage page={page} message={translator(page.lang)("signup.invitationInvalid")} />, 404);
    }
    return c.html(<ResetPasswordPage page={page} token={token} />);
  });

  app.post("/reset-password", async (c) => {
    const form = await readForm(c);
    const token = form.token ?? "";
    const result = await completePasswordReset(services, { token, password: form.password ?? "", context: clientContext(c, services.config) });
    if (!result.ok) return c.html(<ResetPasswordPage page={pageContext(c)} token={token} error={failureMessage(c, result)} />, statusOf(result));
    setSessionCookie(c, services.config, result.token, false);
    return navigate(c, "/setup/second-factor");
  });
}
