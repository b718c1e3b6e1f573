/** The page frame every HTML page uses: head with htmx, navigation, language switch, alert region. */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { LANGS, translator } from "../src/i18n/messages.ts";
import { assetUrls } from "./assets.ts";
import type { PageContext } from "./page.ts";

export interface LayoutProps {
  page: PageContext;
  title: string;
  children?: Child;
}

/**
 * htmx settings: no eval (so `hx-on` and `js:` are off), no scripts from
 * swapped content, requests only to this origin, and error responses are
 * swapped too (the server retargets them to #alerts).
 */
function htmxConfig(nonce: string | undefined): string {
  return JSON.stringify({
    allowEval: false,
    allowScriptTags: false,
    selfRequestsOnly: true,
    includeIndicatorStyles: false,
    inlineScriptNonce: nonce ?? "",
    inlineStyleNonce: nonce ?? "",
    historyCacheSize: 0, // never keep rendered mail in localStorage
    responseHandling: [
      { code: "204", swap: false },
      { code: "[23]..", swap: true },
      { code: "[45]..", swap: true, error: true },
    ],
  });
}

export function Layout({ page, title, children }: LayoutProps) {
  const { lang, nonce, returnTo, user } = page;
  const tr = translator(lang);
  return (
    <>
      {raw("<!doctype html>")}
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="htmx-config" content={htmxConfig(nonce)} />
          <title>{`${title} · ${tr("app.name")}`}</title>
          <link rel="icon" href={assetUrls.favicon} type="image/svg+xml" />
          <link rel="stylesheet" href={assetUrls.css} />
          <script src={assetUrls.htmx} nonce={nonce} defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {tr("nav.skip")}
          </a>
          <header class="topbar">
            <a class="brand" href="/">
              {tr("app.name")}
            </a>
            {/* On a phone the navigation, the account and the language fold into a menu; wider, it is all in one row (app.css). */}
            <details class="menu">
              <summary>{tr("nav.menu")}</summary>
              <div class="menu-panel">
                <nav aria-label={tr("app.name")}>
                  {user && <a href="/">{tr("nav.home")}</a>}
                  {user && <a href="/messages">{tr("list.nav")}</a>}
                  {user && <a href="/threads">{tr("threads.nav")}</a>}
                  {user && <a href="/waiting">{tr("waiting.nav")}</a>}
                  {user && <a href="/compose">{tr("compose.nav")}</a>}
                  {user && <a href="/drafts">{tr("drafts.nav")}</a>}
                  {user && <a href="/newsletters">{tr("newsletters.nav")}</a>}
                  {user && <a href="/tags">{tr("tags.title")}</a>}
                  {user && <a href="/rules">{tr("rules.title")}</a>}
                  {user && <a href="/accounts">{tr("nav.accounts")}</a>}
                  {user && <a href="/jobs">{tr("jobsDashboard.userTitle")}</a>}
                  {user && <a href="/settings/ai">{tr("ai.nav")}</a>}
                  {user && <a href="/account/security">{tr("nav.account")}</a>}
                  {user?.role === "admin" && <a href="/admin/users">{tr("nav.admin")}</a>}
                  <a href="/api/docs">{tr("nav.apiDocs")}</a>
                </nav>
                {user && (
                  <form class="signout" method="post" action="/signout">
                    <span class="who">{user.displayName || user.email}</span> <button type="submit">{tr("nav.signOut")}</button>
                  </form>
                )}
                {returnTo !== undefined && (
                  <form class="lang-switch" method="post" action="/language">
                    <input type="hidden" name="back" value={returnTo} />
                    <label>
                      {tr("lang.label")}{" "}
                      <select name="lang">
                        {LANGS.map((option) => (
                          <option value={option} selected={option === lang}>
                            {tr(`lang.${option}`)}
                          </option>
                        ))}
                      </select>
                    </label>{" "}
                    <button type="submit">{tr("lang.switch")}</button>
                  </form>
                )}
              </div>
            </details>
          </header>
          <div id="alerts" role="alert" aria-live="assertive"></div>
          <main id="main">{children}</main>
        </body>
      </html>
    </>
  );
}
