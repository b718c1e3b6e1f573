/** The page frame every HTML page uses: head with htmx, navigation, language switch, alert region. */
import type { Child } from "hono/jsx";
import { raw } from "hono/html";
import { LANGS, translator, type Lang } from "../src/i18n/messages.ts";
import { assetUrls } from "./assets.ts";
import { escapeHtml } from "./html-text.ts";
import { memo } from "./memo.ts";
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

/** The frame's parts that depend only on the language and on who is signed in (none, a user, an administrator), built once each. */
const frameParts = memo(
  LANGS.length * 3,
  (lang: Lang, who: "none" | "user" | "admin") => `${lang}:${who}`,
  (lang: Lang, who: "none" | "user" | "admin") => {
    const tr = translator(lang);
    const link = (href: string, label: string) => `<a href="${href}">${escapeHtml(label)}</a>`;
    const signedIn = who !== "none";
    const nav = [
      ...(signedIn
        ? [
            link("/", tr("nav.home")),
            link("/messages", tr("list.nav")),
            link("/threads", tr("threads.nav")),
            link("/waiting", tr("waiting.nav")),
            link("/compose", tr("compose.nav")),
            link("/drafts", tr("drafts.nav")),
            link("/newsletters", tr("newsletters.nav")),
            link("/tags", tr("tags.title")),
            link("/rules", tr("rules.title")),
            link("/accounts", tr("nav.accounts")),
            link("/jobs", tr("jobsDashboard.userTitle")),
            link("/settings/ai", tr("ai.nav")),
            link("/account/security", tr("nav.account")),
          ]
        : []),
      ...(who === "admin" ? [link("/admin/users", tr("nav.admin"))] : []),
      link("/api/docs", tr("nav.apiDocs")),
    ].join("");
    const appName = escapeHtml(tr("app.name"));
    return {
      titleSuffix: ` · ${tr("app.name")}`,
      head: `<link rel="icon" href="${escapeHtml(assetUrls.favicon)}" type="image/svg+xml"/><link rel="stylesheet" href="${escapeHtml(assetUrls.css)}"/><script src="${escapeHtml(assetUrls.htmx)}"`,
      body:
        `<body><a class="skip" href="#main">${escapeHtml(tr("nav.skip"))}</a><header class="topbar"><a class="brand" href="/">${appName}</a>` +
        `<details class="menu"><summary>${escapeHtml(tr("nav.menu"))}</summary><div class="menu-panel"><nav aria-label="${appName}">${nav}</nav>`,
      signOut: `</span> <button type="submit">${escapeHtml(tr("nav.signOut"))}</button></form>`,
      langSwitch:
        `"/><label>${escapeHtml(tr("lang.label"))} <select name="lang">` +
        LANGS.map((option) => `<option value="${option}"${option === lang ? ' selected=""' : ""}>${escapeHtml(tr(`lang.${option}`))}</option>`).join("") +
        `</select></label> <button type="submit">${escapeHtml(tr("lang.switch"))}</button></form>`,
    };
  },
);

/**
 * Every page has it, so it is written as strings (the same HTML its JSX
 * made; views/html-text.ts says why), the parts that depend only on the
 * language and the kind of user built once.
 */
export function Layout({ page, title, children }: LayoutProps) {
  const { lang, nonce, returnTo, user } = page;
  const parts = frameParts(lang, user ? (user.role === "admin" ? "admin" : "user") : "none");
  const head =
    `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/>` +
    `<meta name="referrer" content="no-referrer"/><meta name="htmx-config" content="${escapeHtml(htmxConfig(nonce))}"/>` +
    `<title>${escapeHtml(title + parts.titleSuffix)}</title>${parts.head}${nonce === undefined ? "" : ` nonce="${escapeHtml(nonce)}"`} defer=""></script></head>` +
    parts.body +
    (user ? `<form class="signout" method="post" action="/signout"><span class="who">${escapeHtml(user.displayName || user.email)}${parts.signOut}` : "") +
    (returnTo !== undefined ? `<form class="lang-switch" method="post" action="/language"><input type="hidden" name="back" value="${escapeHtml(returnTo)}${parts.langSwitch}` : "") +
    `</div></details></header><div id="alerts" role="alert" aria-live="assertive"></div><main id="main">`;
  return (
    <>
      {raw(head)}
      {children}
      {raw("</main></body></html>")}
    </>
  );
}
