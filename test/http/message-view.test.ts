/**
 * The message view in-process against the real database: headers, the AI
 * panel, tags, thread navigation, the sandboxed body and its headers, the
 * remote-content choice, attachment downloads, the page's actions, and 404
 * for another user's message on every route.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analysisBinding, type Analysis } from "../../src/analysis/types.ts";
import { encrypt } from "../../src/crypto/aead.ts";
import { hmac } from "../../src/crypto/hmac.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { FRAME_HEIGHT_SCRIPT } from "../../src/mail/render/body-document.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";
import { htmlMail, seedMailbox, TINY_PNG } from "../mail/render/seed.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});

const as = (user: TestUser, lang: "de" | "en" = "en") => {
  const browser = client(app, { cookie: user.cookie });
  return {
    get: (path: string, extra: Record<string, string> = {}) => browser.get(path, { "Accept-Language": lang, ...extra }),
    post: (path: string, form: Record<string, string> = {}, extra: Record<string, string> = {}) => browser.post(path, form, { "Accept-Language": lang, ...extra }),
  };
};

const judgement = <T>(value: T, text: string) => ({ value, confidence: 0.8, reason: { code: "llm", vars: { text } } });

describe("the message page", () => {
  test("shows headers, folder and account, the AI panel with its correction form, tags and the sandboxed body", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Quartalsbericht", cc: "Carl <carl@example.org>", html: "<p>Hallo <b>Welt</b></p><script>window.__pwned=1</script>" }));
    const analysis: Analysis = {
      urgency: judgement(3, "A deadline on Friday."),
      importance: judgement(2, "From a colleague."),
      category: judgement("action_required", "Asks for a report."),
      spam: judgement(false, "Known sender."),
      newsletter: judgement(false, "No list headers."),
      summary: "Anna asks for the quarterly report by Friday.",
      language: "de",
      tags: [],
    };
    await db.sql`insert into analyses (message_id, user_id, urgency, importance, category, spam, newsletter, provider, model, detail_encrypted)
      values (${id}, ${box.user.user.id}, 3, 2, 'action_required', false, false, 'openai', 'gpt-test', ${encrypt(box.user.dataKey, JSON.stringify(analysis), analysisBinding(box.user.user.id, id))})`;
    const [tag] = await db.sql`insert into tags (user_id, name_hash, name_encrypted) values (${box.user.user.id}, '\\x01', '\\x00') returning id`;
    await db.sql`update tags set name_encrypted = ${encrypt(box.user.dataKey, "Projekt X", { owner: box.user.user.id, purpose: `tag:${tag!.id}` })} where id = ${tag!.id}`;
    await db.sql`insert into message_tags (message_id, tag_id, user_id) values (${id}, ${tag!.id}, ${box.user.user.id})`;

    const response = await as(box.user).get(`/messages/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const html = await response.text();
    expect(html).toContain("Quartalsbericht");
    expect(html).toContain("Anna Beispiel &lt;anna@example.org&gt;");
    expect(html).toContain("Carl &lt;carl@example.org&gt;");
    expect(html).toContain(`<dd class="mh-folder">${t("en", "accounts.role.inbox")}</dd>`);
    expect(html).toContain(">Arbeit<");
    expect(html).toContain("20 Nov 2026");
    expect(html).toContain(t("en", "message.ai.scoreValue", { score: "8" }));
    expect(html).toContain(t("en", "message.category.action_required"));
    expect(html).toContain("Anna asks for the quarterly report by Friday.");
    expect(html).toContain("A deadline on Friday.");
    expect(html).toContain("80%");
    expect(html).toContain("gpt-test");
    expect(html).toContain("Projekt X");
    // The correction form posts the fields the correction handler reads.
    for (const field of ['name="urgency"', 'name="importance"', 'name="category"', 'name="spam"', 'name="newsletter"']) expect(html).toContain(field);
    expect(html).toContain(`action="/messages/${id}/correction"`);
    // The body is framed, sandboxed without an origin of ours (scripts only for its height script, see the body's CSP), never inline in the page.
    expect(html).toContain(`src="/messages/${id}/body"`);
    expect(html).toContain('sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox"');
    expect(html).not.toContain("__pwned");
    expect(response.headers.get("content-security-policy")).toContain("frame-src 'self'");

    const german = await (await as(box.user, "de").get(`/messages/${id}`)).text();
    expect(german).toContain("20.11.2026");
    expect(german).toContain(t("de", "message.ai.title"));
  });

  test("says when there is no analysis yet, and offers the plain text with its links made safe", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Links", html: "<p>x</p>", text: "See https://example.org/a?b=1. Or mail anna@example.org <script>alert(1)</script>" }));
    const page = await (await as(box.user).get(`/messages/${id}`)).text();
    expect(page).toContain(t("en", "message.ai.none"));
    const text = await (await as(box.user).get(`/messages/${id}?view=text`)).text();
    expect(text).not.toContain("<iframe");
    expect(text).toContain('<a href="https://example.org/a?b=1" target="_blank" rel="noopener noreferrer"');
    expect(text).toContain('href="mailto:anna@example.org"');
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  test("names each folder once, and offers to move only to the others", async () => {
    const box = await seedMailbox(services);
    const raw = htmlMail({ subject: "Twice", html: "<p>t</p>" });
    const id = await box.store(raw);
    expect(await box.store(raw)).toBe(id);
    const html = await (await as(box.user).get(`/messages/${id}`)).text();
    // The folder by its role, not the server's name INBOX.
    expect(html).toContain(`<dd class="mh-folder">${t("en", "accounts.role.inbox")}</dd>`);
    expect(html).not.toContain(`<option value="${box.inbox.id}">`);
    expect(html).toContain(`<option value="${box.folders.find((folder) => folder.specialUse === "archive")!.id}">Archive</option>`);
  });

  test("links the thread oldest first, with previous and next", async () => {
    const box = await seedMailbox(services);
    const first = await box.store(htmlMail({ subject: "Plan", html: "<p>1</p>", messageId: "<plan-1@example.org>", date: new Date("2026-11-01T10:00:00Z") }));
    const second = await box.store(htmlMail({ subject: "Re: Plan", html: "<p>2</p>", messageId: "<plan-2@example.org>", inReplyTo: "<plan-1@example.org>", date: new Date("2026-11-02T10:00:00Z") }));
    const third = await box.store(
      htmlMail({ subject: "Re: Re: Plan", html: "<p>3</p>", messageId: "<plan-3@example.org>", inReplyTo: "<plan-2@example.org>", date: new Date("2026-11-03T10:00:00Z") }),
    );
    const html = await (await as(box.user).get(`/messages/${second}`)).text();
    expect(html).toContain(t("en", "message.thread.position", { n: "2", total: "3" }));
    expect(html).toContain(`href="/messages/${first}" rel="prev"`);
    expect(html).toContain(`href="/messages/${third}" rel="next"`);
  });
});

describe("the body frame", () => {
  test("is sanitised on the server and served under its own sandboxing CSP", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(
      htmlMail({
        subject: "Hostile",
        html: `<p onclick="x()">Hi</p><script>window.__pwned=1</script><img src="https://images.example.net/logo.png" alt="Logo"><img src="cid:logo@mail" alt="inline"><a href="https://example.org/x">go</a>`,
        parts: [{ contentType: "image/png", filename: "logo.png", contentId: "logo@mail", inline: true, content: TINY_PNG }],
      }),
    );
    const response = await as(box.user).get(`/messages/${id}/body`);
    expect(response.status).toBe(200);
    const csp = response.headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("img-src data:;");
    expect(csp).toContain("sandbox allow-scripts allow-popups allow-popups-to-escape-sandbox");
    // The one script allowed is ours, by its hash: none of the mail's, no inline handlers, no javascript: links.
    expect(/script-src ([^;]*);/.exec(csp)?.[1]).toMatch(/^'sha256-[A-Za-z0-9+/]+=*'$/);
    expect(csp).not.toContain("allow-same-origin");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const body = await response.text();
    // Of scripts only ours is left, the one the CSP names by its hash; the mail's is gone.
    expect(body.match(/<script/g)).toHaveLength(1);
    expect(body).toContain(`<script>${FRAME_HEIGHT_SCRIPT}</script>`);
    expect(body).not.toContain("__pwned");
    expect(body).not.toContain("onclick");
    expect(body).not.toContain("images.example.net");
    expect(body).toContain('class="mh-blocked"');
    expect(body).toContain(`src="data:image/png;base64,${TINY_PNG.toString("base64")}"`);
    expect(body).toContain('target="_blank" rel="noopener noreferrer" title="https://example.org/x"');
  });

  test("loads remote images once by query, or always for a sender chosen by a POST stored as an HMAC", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Remote", from: "News <News@Example.ORG>", html: `<img src="https://images.example.net/logo.png" alt="Logo">` }));
    const page = await (await as(box.user).get(`/messages/${id}`)).text();
    expect(page).toContain(t("en", "message.remote.blocked", { count: "1" }));
    expect(page).toContain(`href="/messages/${id}?remote=1"`);

    const once = await as(box.user).get(`/messages/${id}/body?remote=1`);
    expect(once.headers.get("content-security-policy")).toContain("img-src data: https:;");
    expect(await once.text()).toContain('src="https://images.example.net/logo.png"');
    // A GET stores nothing.
    expect((await db.sql`select count(*)::int as n from remote_content_senders`)[0]!.n).toBe(0);
    expect(await (await as(box.user).get(`/messages/${id}/body`)).text()).not.toContain("images.example.net");

    const saved = await as(box.user).post(`/messages/${id}/remote-content`, { sender: "always" });
    expect(saved.status).toBe(303);
    const [row] = await db.sql`select sender_hash from remote_content_senders where user_id = ${box.user.user.id}`;
    expect(Buffer.from(row!.sender_hash).toString("latin1")).not.toContain("example");
    const { deriveKey } = await import("../../src/crypto/hmac.ts");
    expect(Buffer.from(row!.sender_hash).equals(hmac(deriveKey(box.user.dataKey, "remote-content-sender"), "news@example.org"))).toBe(true);
    const always = await as(box.user).get(`/messages/${id}/body`);
    expect(always.headers.get("content-security-policy")).toContain("img-src data: https:;");
    expect(await always.text()).toContain('src="https://images.example.net/logo.png"');
    expect(await (await as(box.user).get(`/messages/${id}`)).text()).toContain(t("en", "message.remote.forgetSender"));

    expect((await as(box.user).post(`/messages/${id}/remote-content`, { sender: "never" })).status).toBe(303);
    expect(await (await as(box.user).get(`/messages/${id}/body`)).text()).not.toContain("images.example.net");
    expect((await as(box.user).post(`/messages/${id}/remote-content`, { sender: "sometimes" })).status).toBe(400);
  });
});

describe("a very long mail", () => {
  test("says on the page that it was cut, and the frame shows the same rendering the page counted (for either remote choice)", async () => {
    const box = await seedMailbox(services);
    const paragraph = `<p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p>`;
    const id = await box.store(htmlMail({ subject: "Sehr lang", html: `<img src="https://images.example.net/a.png" alt="a">${paragraph.repeat(Math.ceil(2_100_000 / paragraph.length))}` }));
    const [stored] = await db.sql`select parse_problems from messages where id = ${id}`;
    expect(stored!.parse_problems).toContain("html_truncated");

    const page = await as(box.user, "de").get(`/messages/${id}`);
    const html = await page.text();
    expect(html).toContain(t("de", "message.body.truncated"));
    expect(html).toContain(t("de", "message.remote.blocked", { count: "1" }));
    for (const query of ["", "?remote=1"]) {
      await as(box.user).get(`/messages/${id}${query}`); // renders and keeps the frame's document
      const kept = await (await as(box.user).get(`/messages/${id}/body${query}`)).text();
      const fresh = await (await as(box.user).get(`/messages/${id}/body${query}`)).text(); // nothing kept any more: rendered anew
      expect(kept).toBe(fresh);
      expect(kept.length).toBeGreaterThan(1_000_000);
    }

    const short = await box.store(htmlMail({ subject: "Kurz", html: "<p>kurz</p>" }));
    expect(await (await as(box.user, "de").get(`/messages/${short}`)).text()).not.toContain(t("de", "message.body.truncated"));
  });
});

describe("the page before a doubtful link", () => {
  test("shows the real target and a link to it, never follows by itself, and takes only links a mail may open", async () => {
    const user = await createTestUser(services);
    const page = await as(user, "de").get(`/leave?to=${encodeURIComponent("https://evil.example/login?x=<b>")}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(`<strong class="leave-host">evil.example</strong>`);
    expect(html).toContain("https://evil.example/login?x=&lt;b&gt;");
    expect(html).toContain(t("de", "leave.continue", { host: "evil.example" }));
    expect(page.headers.get("location")).toBeNull();
    for (const to of ["javascript:alert(1)", "/messages", "data:text/html,x", ""]) {
      expect((await as(user).get(`/leave?to=${encodeURIComponent(to)}`)).status).toBe(400);
    }
    expect((await client(app).get(`/leave?to=${encodeURIComponent("https://evil.example/")}`)).status).toBe(303); // signed out: to sign-in
  });
});

describe("attachments", () => {
  test("download as attachments, HTML and SVG never with their own type, names RFC 5987-encoded", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(
      htmlMail({
        subject: "Files",
        html: "<p>files</p>",
        parts: [
          { contentType: "image/svg+xml", filename: "bild.svg", content: `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>` },
          { contentType: "text/html", filename: "seite.html", content: "<script>alert(1)</script>" },
          { contentType: "application/pdf", filename: 'Bericht über "Q3".pdf', content: "%PDF-1.4 test" },
        ],
      }),
    );
    const page = await (await as(box.user).get(`/messages/${id}`)).text();
    const ids = [...page.matchAll(/\/messages\/[0-9a-f-]+\/attachment\?id=([0-9a-f-]{36})/g)].map((match) => match[1]!);
    expect(ids).toHaveLength(3);
    const [svg, html, pdf] = await Promise.all(ids.map((attachmentId) => as(box.user).get(`/messages/${id}/attachment?id=${attachmentId}`)));
    for (const response of [svg!, html!]) {
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/octet-stream");
      expect(response.headers.get("content-disposition")).toStartWith("attachment;");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("content-security-policy")).toContain("sandbox");
    }
    expect(svg!.headers.get("content-disposition")).toBe(`attachment; filename="bild.svg"; filename*=UTF-8''bild.svg`);
    expect(await svg!.text()).toContain("<svg");
    expect(pdf!.headers.get("content-type")).toBe("application/pdf");
    expect(pdf!.headers.get("content-disposition")).toBe(`attachment; filename="Bericht _ber _Q3_.pdf"; filename*=UTF-8''Bericht%20%C3%BCber%20%22Q3%22.pdf`);

    // An attachment of another message of the same user is not this message's.
    const other = await box.store(htmlMail({ subject: "Other", html: "<p>o</p>" }));
    expect((await as(box.user).get(`/messages/${other}/attachment?id=${ids[0]}`)).status).toBe(404);
    expect((await as(box.user).get(`/messages/${id}/attachment?id=nonsense`)).status).toBe(404);
  });
});

describe("actions", () => {
  test("journal read, flag and move for the write-back job; done is local; htmx is told where to go", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Act", html: "<p>a</p>" }));
    const flag = await as(box.user).post(`/messages/${id}/actions`, { action: "flag" });
    expect(flag.status).toBe(303);
    // The notice names the journal entry its "Undo" puts back.
    const [flagged] = await db.sql`select id from action_journal where message_id = ${id}`;
    expect(flag.headers.get("location")).toBe(`/messages/${id}?done=queued&undo=${flagged!.id}`);
    const archive = box.folders.find((folder) => folder.specialUse === "archive")!;
    const move = await as(box.user).post(`/messages/${id}/actions`, { action: "move", folderId: archive.id }, { "HX-Request": "true" });
    expect(move.status).toBe(204);
    expect(move.headers.get("hx-redirect")).toStartWith(`/messages/${id}?done=queued&undo=`);
    const journal = await db.sql`select action, params, state from action_journal where message_id = ${id} order by created_at`;
    expect(journal.map((row) => row.action)).toEqual(["flag", "move"]);
    expect(journal[1]!.params).toEqual({ action: "move", folderId: archive.id });
    expect((await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'apply_message_action'`)[0]!.n).toBeGreaterThanOrEqual(2);
    const page = await (await as(box.user).get(`/messages/${id}?done=queued`)).text();
    expect(page).toContain(t("en", "message.notice.queued"));
    expect(page).toContain(t("en", "message.pending.waiting", { action: t("en", "message.action.flag") }));

    expect((await as(box.user).post(`/messages/${id}/actions`, { action: "explode" })).status).toBe(400);
    expect((await as(box.user).post(`/messages/${id}/actions`, { action: "move" })).status).toBe(400);
    const stranger = await seedMailbox(services);
    expect((await as(box.user).post(`/messages/${id}/actions`, { action: "move", folderId: stranger.inbox.id })).status).toBe(404);

    expect((await as(box.user).post(`/messages/${id}/done`, { done: "1" })).status).toBe(303);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).toBeInstanceOf(Date);
    expect(await (await as(box.user).get(`/messages/${id}`)).text()).toContain(t("en", "message.action.notDone"));
    expect((await as(box.user).post(`/messages/${id}/done`, { done: "0" })).status).toBe(303);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).toBeNull();
    expect((await as(box.user).post(`/messages/${id}/done`, { done: "maybe" })).status).toBe(400);
  });
});

describe("isolation", () => {
  test("another user's message, and a message that is gone, answer 404 on every route and stay unchanged", async () => {
    const owner = await seedMailbox(services);
    const id = await owner.store(htmlMail({ subject: "Private", html: "<p>secret</p>", parts: [{ contentType: "application/pdf", filename: "a.pdf", content: "%PDF" }] }));
    const [attachment] = await db.sql`select id from attachments where message_id = ${id}`;
    const stranger = await createTestUser(services);
    const routes = [
      () => as(stranger).get(`/messages/${id}`),
      () => as(stranger).get(`/messages/${id}?view=text`),
      () => as(stranger).get(`/messages/${id}/body`),
      () => as(stranger).get(`/messages/${id}/attachment?id=${attachment!.id}`),
      () => as(stranger).post(`/messages/${id}/remote-content`, { sender: "always" }),
      () => as(stranger).post(`/messages/${id}/actions`, { action: "delete" }),
      () => as(stranger).post(`/messages/${id}/done`, { done: "1" }),
    ];
    for (const route of routes) expect((await route()).status).toBe(404);
    expect((await db.sql`select count(*)::int as n from action_journal where message_id = ${id}`)[0]!.n).toBe(0);
    expect((await db.sql`select done_at from messages where id = ${id}`)[0]!.done_at).toBeNull();

    await db.sql`update messages set orphaned_at = now() where id = ${id}`;
    expect((await as(owner.user).get(`/messages/${id}`)).status).toBe(404);
    expect((await as(owner.user).get(`/messages/${id}/body`)).status).toBe(404);
    expect((await as(owner.user).get(`/messages/${id}/attachment?id=${attachment!.id}`)).status).toBe(404);
  });
});
