import type { Services } from "../../../services.ts";
import type { Hono, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { setUserLanguage } from "../../../auth/users.ts";
import { isLang } from "../../../i18n/messages.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { safeLocalPath } from "../../form.ts";

export const LANG_COOKIE = "lang";
const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * Stores the chosen UI language in a cookie (and, signed in, with the user,
 * so it follows them to their other devices) and returns to the page the
 * form was on.
 */
export function registerLanguageSwitch(app: Hono<AppEnv>, services: Services) {
  app.post("/language", async (c) => {
    const form = await c.req.parseBody();
    if (!isLang(form.lang)) throw new AppError("BAD_REQUEST", "lang must be de or en");
    const user = c.get("user");
    if (user) await setUserLanguage(services.sql, user.id, form.lang);
    setCookie(c, LANG_COOKIE, form.lang, { path: "/", maxAge: ONE_YEAR_S, sameSite: "Lax", httpOnly: true, secure: new URL(c.req.url).protocol === "https:" });
    return c.redirect(safeLocalPath(form.back, services.config.publicUrl), 303);
  });
}

/**
 * The language of a signed-in user: a cookie of this browser first (chosen
 * here), then the user's choice, then (already set) Accept-Language.
 */
export function userLanguage(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const chosen = c.get("user")?.language;
    if (chosen && !getCookie(c, LANG_COOKIE)) c.set("lang", chosen);
    await next();
  };
}
