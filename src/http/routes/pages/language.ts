import type { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { isLang } from "../../../i18n/messages.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { safeLocalPath } from "../../form.ts";

export const LANG_COOKIE = "lang";
const ONE_YEAR_S = 365 * 24 * 3600;


/** Stores the chosen UI language in a cookie and returns to the page the form was on. */
export function registerLanguageSwitch(app: Hono<AppEnv>) {
  app.post("/language", async (c) => {
    const form = await c.req.parseBody();
    if (!isLang(form.lang)) throw new AppError("BAD_REQUEST", "lang must be de or en");
    setCookie(c, LANG_COOKIE, form.lang, { path: "/", maxAge: ONE_YEAR_S, sameSite: "Lax", httpOnly: true, secure: new URL(c.req.url).protocol === "https:" });
    return c.redirect(safeLocalPath(form.back), 303);
  });
}
