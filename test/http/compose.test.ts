/**
 * Writing mail in-process against the real database: the reply, reply-all
 * and forward forms filled from the original (German and English), drafts
 * saved, listed, continued and deleted (encrypted at rest, the server copy
 * queued with ids only and throttled), the send form's checks before the
 * sending core, address completion from the user's correspondence, CSRF,
 * and 404 for another user's message or draft.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { JOB_PRIORITY } from "../../src/jobs/priority.ts";
import { createDraft } from "../../src/mail/compose/drafts.ts";
import { MAX_COMPOSE_REQUEST_BYTES } from "../../src/mail/compose/limits.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { proposeReply } from "../../src/replies/propose.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";
import { htmlMail, seedMailbox, TINY_PNG } from "../mail/render/seed.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});

const as = (user: TestUser, lang: "de" | "en" = "de") => {
  const browser = client(app, { cookie: user.cookie });
  return {
    get: (path: string, extra: Record<string, string> = {}) => browser.get(path, { "Accept-Language": lang, ...extra }),
    post: (path: string, form: Record<string, string> = {}, extra: Record<string, string> = {}) => browser.post(path, form, { "Accept-Language": lang, ...extra }),
  };
};

/** A user whose sign-in address is the one the seeded mail is sent to, with a mailbox. */
async function mailboxOf() {
  const me = `me-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const box = await seedMailbox(services, await createTestUser(services, { email: me }));
  await db.sql`update users set time_zone = 'Europe/Berlin' where id = ${box.user.user.id}`;
  return { box, me };
}

const decodeEntities = (html: string) => html.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&quot;", '"').replaceAll("&#39;", "'").replaceAll("&amp;", "&");

describe("reply, reply all and forward", () => {
  test("reply fills To from the sender, Re: once, and quotes the text under a German attribution", async () => {
    const { box, me } = await mailboxOf();
    const id = await box.store(
      htmlMail({
        subject: "AW: Quartalsbericht",
        to: `Ich <${me}>, Carl <carl@example.org>`,
        cc: "Dora <dora@example.net>",
        html: "<p>Hallo</p>",
        text: "Hallo,\nbitte bis Freitag.",
        date: new Date("2026-12-03T13:05:00Z"),
      }),
    );
    const response = await as(box.user).get(`/messages/${id}/reply`);
    expect(response.status).toBe(200);
    const html = decodeEntities(await response.text());
    expect(html).toContain('value="Anna Beispiel <anna@example.org>"');
    expect(html).toContain('value="Re: Quartalsbericht"');
    expect(html).toContain("Am 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@example.org>:\n> Hallo,\n> bitte bis Freitag.");
    expect(html).toContain(`name="replyToMessageId" value="${id}"`);
    expect(html).toContain(`<option value="${box.account.id}" selected="">`);

    const all = decodeEntities(await (await as(box.user).get(`/messages/${id}/reply-all`)).text());
    expect(all).toContain('id="compose-cc" name="cc" type="text" value="Carl <carl@example.org>, Dora <dora@example.net>"');
    expect(all).not.toContain(`${me}"`);

    const english = decodeEntities(await (await as(box.user, "en").get(`/messages/${id}/reply`)).text());
    expect(english).toContain("On 3 December 2026 at 14:05, Anna Beispiel <anna@example.org> wrote:");
    expect(english).toContain(t("en", "compose.title.reply"));
  });

  test("forward shows Fwd:, the original's header block and the attachments that go along", async () => {
    const { box } = await mailboxOf();
    const id = await box.store(
      htmlMail({ subject: "WG: Angebot", html: "<p>Angebot</p>", text: "Das Angebot anbei.", parts: [{ contentType: "image/png", filename: "angebot.png", content: TINY_PNG }] }),
    );
    const html = decodeEntities(await (await as(box.user).get(`/messages/${id}/forward`)).text());
    expect(html).toContain('value="Fwd: Angebot"');
    expect(html).toContain("---------- Weitergeleitete Nachricht ----------\nVon: Anna Beispiel <anna@example.org>");
    expect(html).toContain("Betreff: WG: Angebot");
    expect(html).toContain(t("de", "compose.forwardedAttachments"));
    expect(html).toContain("<li>angebot.png</li>");
    expect(html).toContain(`name="forwardOfMessageId" value="${id}"`);
  });

  test("the message page offers reply, reply all and forward with their keys", async () => {
    const { box } = await mailboxOf();
    const id = await box.store(htmlMail({ subject: "Tasten", html: "<p>x</p>" }));
    const html = await (await as(box.user).get(`/messages/${id}`)).text();
    expect(html).toContain(`href="/messages/${id}/reply" class="button" data-shortcut="r"`);
    expect(html).toContain(`href="/messages/${id}/reply-all" class="button" data-shortcut="a"`);
    expect(html).toContain(`href="/messages/${id}/forward" class="button" data-shortcut="f"`);
    expect(html).toContain('<a href="/drafts">');
    // And each message of its conversation.
    const [{ threadId }] = (await db.sql`select thread_id as "threadId" from messages where id = ${id}`) as unknown as [{ threadId: string }];
    const thread = await (await as(box.user).get(`/threads/${threadId}`)).text();
    expect(thread).toContain(`<a class="reply-message" href="/messages/${id}/reply">${t("de", "compose.action.reply")}</a>`);
    expect(thread).toContain(`<a class="forward-message" href="/messages/${id}/forward">`);
  });

  test("a reply proposal's text goes above the quote; another message's or user's proposal answers 404", async () => {
    const { box } = await mailboxOf();
    const id = await box.store(htmlMail({ subject: "Termin", html: "<p>x</p>", text: "Hallo, passt Ihnen Dienstag?" }));
    const other = await box.store(htmlMail({ subject: "Anderes", html: "<p>y</p>", text: "Noch eine Frage?" }));
    const proposed = await proposeReply(services, box.user.user.id, box.user.dataKey, id, { tone: "friendly" });
    if (!proposed.ok) throw new Error(`no proposal: ${proposed.reason}`);
    const html = decodeEntities(await (await as(box.user).get(`/messages/${id}/reply?proposal=${proposed.proposal.id}`)).text());
    const body = html.slice(html.indexOf('name="body"'));
    const firstLine = proposed.proposal.text.trim().split("\n")[0]!;
    expect(body).toContain(firstLine);
    expect(body.indexOf(firstLine)).toBeLessThan(body.indexOf("> Hallo, passt Ihnen Dienstag?"));
    expect((await as(box.user).get(`/messages/${other}/reply?proposal=${proposed.proposal.id}`)).status).toBe(404);
    const { box: mine } = await mailboxOf();
    const mineId = await mine.store(htmlMail({ subject: "Meins", html: "<p>z</p>" }));
    expect((await as(mine.user).get(`/messages/${mineId}/reply?proposal=${proposed.proposal.id}`)).status).toBe(404);
  });

  test("another user's message or draft answers 404 everywhere", async () => {
    const { box: theirs } = await mailboxOf();
    const { box: mine } = await mailboxOf();
    const id = await theirs.store(htmlMail({ subject: "Privat", html: "<p>geheim</p>" }));
    const draft = await createDraft(db.sql, theirs.user.dataKey, theirs.user.user.id, {
      accountId: theirs.account.id,
      to: "x@example.org",
      cc: "",
      bcc: "",
      subject: "Geheim",
      body: "geheim",
      mode: "new",
    });
    for (const path of [`/messages/${id}/reply`, `/messages/${id}/reply-all`, `/messages/${id}/forward`, `/compose?draft=${draft.id}`, "/compose?draft=nonsense"]) {
      expect({ path, status: (await as(mine.user).get(path)).status }).toEqual({ path, status: 404 });
    }
    expect((await as(mine.user).post(`/drafts/${draft.id}/delete`)).status).toBe(404);
    const overwrite = await as(mine.user).post("/compose/drafts", { draftId: draft.id, subject: "übernommen", body: "x" });
    expect(overwrite.status).toBe(404);
    const [row] = await db.sql`select deleted_at, revision from drafts where id = ${draft.id}`;
    expect(row).toEqual({ deleted_at: null, revision: 1 });
    // Their draft does not show in my list.
    expect(await (await as(mine.user).get("/drafts")).text()).not.toContain("Geheim");
  });
});

describe("drafts", () => {
  test("saved while typing, encrypted at rest, listed, continued and deleted; the server copy is queued with ids only and throttled", async () => {
    const { box } = await mailboxOf();
    const secret = `Streng vertraulich ${crypto.randomUUID()}`;
    const form = { draftId: "", mode: "new", accountId: box.account.id, to: "Anna <anna@example.org>", cc: "", bcc: "", subject: "Vertrag", body: secret };
    const first = await as(box.user).post("/compose/drafts", form, { "HX-Request": "true" });
    expect(first.status).toBe(200);
    const fragment = await first.text();
    expect(fragment).toContain('id="draft-status"');
    const draftId = /name="draftId" form="compose-form" value="([0-9a-f-]{36})"/.exec(fragment)![1]!;

    const [stored] = await db.sql<{ content: Buffer; userId: string; accountId: string }[]>`
      select content_encrypted as content, user_id as "userId", account_id as "accountId" from drafts where id = ${draftId}`;
    expect(stored!.userId).toBe(box.user.user.id);
    expect(stored!.accountId).toBe(box.account.id);
    expect(Buffer.from(stored!.content).toString("latin1")).not.toContain("vertraulich");
    expect(Buffer.from(stored!.content).toString("latin1")).not.toContain("anna@example.org");

    const jobs = () => db.sql<{ payload: unknown; runAt: Date; priority: number }[]>`
      select payload, run_at as "runAt", priority from graphile_worker._private_jobs where key = ${`draft-copy:${draftId}`}`;
    const [job] = await jobs();
    expect(job!.payload).toEqual({ draftId, userId: box.user.user.id });
    expect(job!.priority).toBe(JOB_PRIORITY.userAction);
    // The server copy was written 10 s ago: the next may only come 30 s after it; typing does not move the pending one.
    await db.sql`update drafts set server_saved_at = now() - interval '10 seconds' where id = ${draftId}`;
    await db.sql`delete from graphile_worker._private_jobs where key = ${`draft-copy:${draftId}`}`;
    const second = await as(box.user).post("/compose/drafts", { ...form, draftId, body: `${secret} und mehr` }, { "HX-Request": "true" });
    expect(second.status).toBe(200);
    const [throttled] = await jobs();
    const [{ gap }] = (await db.sql`select extract(epoch from ${throttled!.runAt}::timestamptz - server_saved_at)::int as gap from drafts where id = ${draftId}`) as unknown as [{ gap: number }];
    expect(gap).toBe(30);
    await as(box.user).post("/compose/drafts", { ...form, draftId, body: `${secret} und noch mehr` }, { "HX-Request": "true" });
    const [kept] = await jobs();
    expect(kept!.runAt.getTime()).toBe(throttled!.runAt.getTime());
    // Leaving the page asks for the copy now.
    const leaving = await as(box.user).post("/compose/drafts", { ...form, draftId, body: `${secret} zuletzt`, flush: "1" });
    expect(leaving.status).toBe(204);
    const [now] = await jobs();
    expect(now!.runAt.getTime()).toBeLessThan(throttled!.runAt.getTime());

    const list = await (await as(box.user).get("/drafts")).text();
    expect(list).toContain("Vertrag");
    expect(list).toContain(`href="/compose?draft=${draftId}"`);
    const reopened = await (await as(box.user).get(`/compose?draft=${draftId}`)).text();
    expect(reopened).toContain(`${secret} zuletzt`);
    expect(reopened).toContain(`value="${draftId}"`);
    const [{ revision }] = (await db.sql`select revision from drafts where id = ${draftId}`) as unknown as [{ revision: number }];
    expect(revision).toBe(4);

    const deleted = await as(box.user).post(`/drafts/${draftId}/delete`);
    expect(deleted.status).toBe(303);
    expect(deleted.headers.get("location")).toBe("/drafts?deleted=1");
    const after = await (await as(box.user).get("/drafts?deleted=1")).text();
    expect(after).not.toContain("Vertrag");
    expect(after).toContain(t("de", "drafts.deleted"));
    expect((await as(box.user).get(`/compose?draft=${draftId}`)).status).toBe(404);
  });

  test("without JavaScript, 'Entwurf speichern' creates the draft and returns to it", async () => {
    const { box } = await mailboxOf();
    const response = await as(box.user).post("/compose/drafts", { mode: "new", accountId: box.account.id, to: "", subject: "Ohne Skript", body: "Hallo" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    expect(location).toMatch(/^\/compose\?draft=[0-9a-f-]{36}$/);
    expect(await (await as(box.user).get(location)).text()).toContain('value="Ohne Skript"');
  });

  test("a post from another site changes nothing (CSRF)", async () => {
    const { box } = await mailboxOf();
    const response = await client(app, { cookie: box.user.cookie }).post("/compose/drafts", { subject: "fremd", body: "x" }, { Origin: "https://evil.example" });
    expect(response.status).toBe(403);
    const sent = await client(app, { cookie: box.user.cookie }).post("/compose/send", { to: "a@example.org", subject: "fremd" }, { Origin: "https://evil.example" });
    expect(sent.status).toBe(403);
    const [{ count }] = (await db.sql`select count(*)::int as count from drafts where user_id = ${box.user.user.id}`) as unknown as [{ count: number }];
    expect(count).toBe(0);
  });
});

describe("sending: the form's checks before the sending core", () => {
  test("no recipient or a bad address keeps the text as a draft and says what is wrong", async () => {
    const { box } = await mailboxOf();
    const empty = await as(box.user).post("/compose/send", { mode: "new", accountId: box.account.id, to: "", subject: "Ohne Empfänger", body: "Text bleibt" });
    expect(empty.status).toBe(422);
    const html = await empty.text();
    expect(html).toContain(t("de", "compose.error.noRecipients"));
    expect(html).toContain("Text bleibt");
    const draftId = /name="draftId" form="compose-form" value="([0-9a-f-]{36})"/.exec(html)![1]!;

    const bad = await as(box.user, "en").post("/compose/send", { draftId, mode: "new", accountId: box.account.id, to: "anna@example.org, kaputt@", subject: "x", body: "Text bleibt" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain(t("en", "compose.error.badAddress", { address: "kaputt@" }));
    // The same draft, saved again: not a second one.
    const [{ count }] = (await db.sql`select count(*)::int as count from drafts where user_id = ${box.user.user.id}`) as unknown as [{ count: number }];
    expect(count).toBe(1);

    const otherAccount = await as(box.user).post("/compose/send", { mode: "new", accountId: crypto.randomUUID(), to: "anna@example.org", subject: "x", body: "y" });
    expect(otherAccount.status).toBe(422);
    expect(await otherAccount.text()).toContain(t("de", "compose.error.noAccount"));
  });
});

describe("sending: the upload limit", () => {
  test("files over the usual 1 MiB body limit reach the form's checks; over the compose limit the post is refused", async () => {
    const { box } = await mailboxOf();
    const post = (bytes: number) => {
      const form = new FormData();
      form.set("mode", "new");
      form.set("accountId", box.account.id);
      form.set("to", "");
      form.set("subject", "Mit Anhang");
      form.set("body", "Siehe Anhang");
      form.set("files", new File([new Uint8Array(bytes)], "bericht.pdf", { type: "application/pdf" }));
      return app.request("/compose/send", { method: "POST", headers: { Cookie: box.user.cookie, Origin: "http://127.0.0.1:3000", Accept: "text/html" }, body: form });
    };
    const twoMegabytes = await post(2 * 1024 * 1024);
    expect(twoMegabytes.status).toBe(422);
    expect(await twoMegabytes.text()).toContain(t("de", "compose.error.noRecipients"));
    const tooLarge = await post(MAX_COMPOSE_REQUEST_BYTES + 1024);
    expect(tooLarge.status).toBe(413);
  });
});

describe("address completion", () => {
  test("completes from senders of received mail, keeps earlier entries, and stores no address in the clear", async () => {
    const { box, me } = await mailboxOf();
    await box.store(htmlMail({ from: "Anna Beispiel <anna@example.org>", to: me, subject: "1", html: "<p>1</p>" }));
    await box.store(htmlMail({ from: "Anna Beispiel <anna@example.org>", to: me, subject: "2", html: "<p>2</p>" }));
    await box.store(htmlMail({ from: "Andreas Muster <andreas@example.net>", to: me, subject: "3", html: "<p>3</p>" }));
    await box.store(htmlMail({ from: `Ich <${me}>`, to: "Bernd <bernd@example.com>", subject: "4", html: "<p>4</p>" }));

    const htmx = { "HX-Request": "true" };
    const response = await as(box.user).get(`/compose/addresses?field=cc&cc=${encodeURIComponent("carl@example.org, an")}`, htmx);
    expect(response.status).toBe(200);
    const html = decodeEntities(await response.text());
    expect(html).toContain('<datalist id="cc-suggestions">');
    // Anna wrote twice, Andreas once: Anna first.
    expect(html.indexOf("Anna Beispiel")).toBeLessThan(html.indexOf("Andreas Muster"));
    expect(html).toContain('<option value="carl@example.org, Anna Beispiel <anna@example.org>">');
    // Mail the user sent counts its recipients; the user's own address is never offered.
    expect(decodeEntities(await (await as(box.user).get("/compose/addresses?field=to&to=bernd", htmx)).text())).toContain("Bernd <bernd@example.com>");
    expect(await (await as(box.user).get(`/compose/addresses?field=to&to=${encodeURIComponent(me.slice(0, 6))}`, htmx)).text()).not.toContain(me);
    // By a word of the name too; a browser asking itself gets a page whose entries start a message.
    const page = await as(box.user, "en").get("/compose/addresses?q=muster");
    const listed = await page.text();
    expect(listed).toContain(t("en", "compose.addresses.title"));
    expect(listed).toContain(`href="/compose?to=${encodeURIComponent("Andreas Muster <andreas@example.net>")}"`);
    expect(listed).not.toContain("anna@example.org");

    const rows = await db.sql<{ hash: Buffer; box: Buffer; uses: number }[]>`select address_hash as hash, entry_encrypted as box, uses from address_book where user_id = ${box.user.user.id}`;
    expect(rows.map((row) => row.uses).sort()).toEqual([1, 1, 2]);
    for (const row of rows) expect(Buffer.from(row.box).toString("latin1")).not.toContain("example");

    // Another user sees none of it.
    const { box: other } = await mailboxOf();
    expect(await (await as(other.user).get("/compose/addresses?field=to&to=an", { "HX-Request": "true" })).text()).not.toContain("anna@example.org");
  });
});
