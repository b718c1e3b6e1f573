/**
 * Reply proposals over HTTP: the lazy panel on the message page (tones,
 * Sie/du with its reason and switch, the link the reply page takes), the
 * RFC 3834 refusal for list mail, the signatures page, and the JSON API —
 * the owner's only, and no form or JSON post from another site.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import type { ReplyProposalSchema } from "../../src/http/routes/replies/api.ts";
import { loadReplyProposal } from "../../src/replies/propose.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const ORIGIN = { Origin: "http://127.0.0.1:3000" };

async function mailbox() {
  const owner = await createTestUser(services);
  const box = await createTestMailbox(services, owner, "Privat");
  const [du, list] = await storeMails(services, owner, box, [
    { subject: "Freitag", from: "Anna Beispiel <anna@example.org>", body: "Hallo Max,\n\nkannst du am Freitag die Unterlagen <mitbringen>?\n\nLG Anna" },
    { subject: "Vereinsnews", from: "Verein <info@verein.example>", body: "Hallo zusammen, wer kommt mit?", headers: { "List-Id": "<news.verein.example>" } },
  ]);
  return { owner, box, du: du!, list: list!, web: client(app, { cookie: owner.cookie }) };
}

const proposalIdOf = (html: string) => /data-proposal-id="([0-9a-f-]{36})"/.exec(html)?.[1];

describe("the reply proposal panel", () => {
  test("the message page holds only the placeholder, loaded when revealed, with a link without JavaScript", async () => {
    const { du, web } = await mailbox();
    const html = await (await web.get(`/messages/${du}`, { "Accept-Language": "de" })).text();
    expect(html).toContain(`hx-get="/messages/${du}/reply-proposal"`);
    expect(html).toContain("Antwortvorschlag");
    expect(html).toContain(`<a href="/messages/${du}/reply-proposal">Antwortvorschlag anzeigen</a>`);
  });

  test("the fragment: tones, du with its reason, the escaped text and the link the reply page takes", async () => {
    const { owner, du, web } = await mailbox();
    const response = await web.get(`/messages/${du}/reply-proposal`, { "HX-Request": "true", "Accept-Language": "de" });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).not.toContain("<html");
    expect(html).toContain("Du — weil Anna dich duzt");
    expect(html).toContain("Stattdessen: Sie");
    expect(html).toContain(`href="/messages/${du}/reply-proposal?tone=formal"`);
    expect(html).toContain("Hallo Anna,");
    expect(html).toContain("&lt;mitbringen&gt;");
    const id = proposalIdOf(html)!;
    expect(html).toContain(`href="/messages/${du}/reply?proposal=${id}"`);
    expect(html).toContain("Als Antwort verwenden");
    expect((await loadReplyProposal(db.sql, owner.dataKey, owner.user.id, id))?.messageId).toBe(du);

    // Shown again on the next view, not made anew; "fresh" makes a new one.
    const again = await (await web.get(`/messages/${du}/reply-proposal`, { "HX-Request": "true" })).text();
    expect(proposalIdOf(again)).toBe(id);
    const fresh = await (await web.get(`/messages/${du}/reply-proposal?tone=friendly&fresh=1`, { "HX-Request": "true" })).text();
    expect(proposalIdOf(fresh)).not.toBe(id);

    const switched = await (await web.get(`/messages/${du}/reply-proposal?tone=formal&form=sie`, { "HX-Request": "true", "Accept-Language": "en" })).text();
    expect(switched).toContain("Sie (formal) — your choice");
    expect(switched).toContain("Guten Tag Anna Beispiel,");
    expect(switched).toContain("Use as reply");

    const page = await (await web.get(`/messages/${du}/reply-proposal`, { "Accept-Language": "en" })).text();
    expect(page).toContain("<html");
    expect(page).toContain("Du — because Anna writes to you with du");
  });

  test("list mail gets no ready-made proposal, only the reason; asked for, it gets one", async () => {
    const { list, web } = await mailbox();
    const html = await (await web.get(`/messages/${list}/reply-proposal`, { "HX-Request": "true", "Accept-Language": "de" })).text();
    expect(html).toContain("Automatische Nachricht — keine Antwort nötig");
    expect(html).toContain("Sie kam über eine Mailingliste.");
    expect(proposalIdOf(html)).toBeUndefined();
    const [stored] = await db.sql<{ n: number }[]>`select count(*)::int as n from reply_proposals where message_id = ${list}`;
    expect(stored!.n).toBe(0);
    const asked = await (await web.get(`/messages/${list}/reply-proposal?tone=friendly`, { "HX-Request": "true", "Accept-Language": "de" })).text();
    expect(proposalIdOf(asked)).toBeDefined();
    expect(asked).toContain("Automatische Nachricht — keine Antwort nötig");
  });

  test("Auto-Submitted, X-Auto-Response-Suppress and self-addressed mail get no ready-made proposal either", async () => {
    const { owner, box, web } = await mailbox();
    const ids = await storeMails(services, owner, box, [
      { subject: "Abwesend", from: "Anna Beispiel <anna@example.org>", body: "Ich bin bis Montag nicht im Büro.", headers: { "Auto-Submitted": "auto-replied" } },
      { subject: "Besprechung", from: "Anna Beispiel <anna@example.org>", body: "Kommst du?", headers: { "X-Auto-Response-Suppress": "All" } },
      { subject: "Notiz an mich", from: owner.user.email.replace("@", "+notiz@").toUpperCase(), body: "Kannst du das nicht vergessen?" },
    ]);
    const reasons = [];
    for (const id of ids) {
      const html = await (await web.get(`/messages/${id}/reply-proposal`, { "HX-Request": "true", "Accept-Language": "en" })).text();
      expect(html).toContain("Automatic message — no reply needed");
      expect(proposalIdOf(html)).toBeUndefined();
      reasons.push(/data-guard="(\w+)"/.exec(html)?.[1]);
    }
    expect(reasons).toEqual(["auto_submitted", "auto_submitted", "own_address"]);
  });

  test("bad tone is a bad request; another user's message and a malformed id are not found", async () => {
    const { du, web } = await mailbox();
    expect((await web.get(`/messages/${du}/reply-proposal?tone=rude`, { "HX-Request": "true" })).status).toBe(400);
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect((await stranger.get(`/messages/${du}/reply-proposal`, { "HX-Request": "true" })).status).toBe(404);
    expect((await stranger.get("/messages/not-a-uuid/reply-proposal")).status).toBe(404);
    expect((await client(app).get(`/messages/${du}/reply-proposal`)).status).toBe(303);
  });
});

describe("signatures", () => {
  test("set per account, shown on the page, ends the proposals; another user's account is not found; no post from another site", async () => {
    const { owner, box, du, web } = await mailbox();
    const page = await (await web.get("/settings/signatures", { "Accept-Language": "de" })).text();
    expect(page).toContain("Signaturen");
    expect(page).toContain(`action="/settings/signatures/${box.account.id}"`);
    expect(page).toContain("Privat");

    const saved = await web.post(`/settings/signatures/${box.account.id}`, { signature: "Max Muster\nTel. 030 123456" });
    expect(saved.status).toBe(303);
    expect(await (await web.get("/settings/signatures?done=saved", { "Accept-Language": "en" })).text()).toContain("Signature saved.");
    const [row] = await db.sql<{ raw: string }[]>`select encode(signature_encrypted, 'escape') as raw from account_signatures where account_id = ${box.account.id}`;
    expect(row!.raw).not.toContain("Muster");
    const html = await (await web.get(`/messages/${du}/reply-proposal?tone=brief`, { "HX-Request": "true" })).text();
    expect(html).toContain("-- \nMax Muster\nTel. 030 123456");

    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).post(`/settings/signatures/${box.account.id}`, { signature: "Evil" })).status).toBe(404);
    const crossSite = await app.request(`/settings/signatures/${box.account.id}`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded", Cookie: owner.cookie },
      body: new URLSearchParams({ signature: "Evil" }).toString(),
    });
    expect(crossSite.status).toBe(403);
    const [after] = await db.sql<{ n: number }[]>`select count(*)::int as n from account_signatures where account_id = ${box.account.id}`;
    expect(after!.n).toBe(1);
    expect(await (await web.get("/settings/signatures")).text()).not.toContain("Evil");
  });
});

describe("POST /api/v1/messages/{id}/reply-proposals", () => {
  const post = (cookie: string | undefined, messageId: string, body: unknown, headers: Record<string, string> = ORIGIN) =>
    client(app, { cookie }).json(`/api/v1/messages/${messageId}/reply-proposals`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: JSON.stringify(body) });

  test("makes a proposal in the requested tone and form, with the guard's verdict and the reply URL", async () => {
    const { owner, du, list } = await mailbox();
    const response = await post(owner.cookie, du, { tone: "decline" });
    expect(response.status).toBe(201);
    const body = (await response.json()) as z.infer<typeof ReplyProposalSchema>;
    expect(body).toMatchObject({
      messageId: du,
      tone: "decline",
      form: "du",
      formReason: { code: "incoming", name: "Anna" },
      language: "de",
      source: "template",
      notice: "no_provider",
      guard: { ok: true },
    });
    expect(body.text.startsWith("Hallo Anna,\n\nleider muss ich dir absagen.")).toBe(true);
    expect(body.replyUrl).toBe(`/messages/${du}/reply?proposal=${body.id}`);
    const listed = (await (await post(owner.cookie, list, { tone: "brief", form: "sie" })).json()) as z.infer<typeof ReplyProposalSchema>;
    expect(listed.guard).toEqual({ ok: false, reason: "list" });
    expect(listed.form).toBe("sie");
  });

  test("bad input, another user's message, signed out, another site", async () => {
    const { owner, du } = await mailbox();
    expect((await post(owner.cookie, du, { tone: "rude" })).status).toBe(400);
    expect((await post(owner.cookie, du, { tone: "brief", form: "ihr" })).status).toBe(400);
    const stranger = await createTestUser(services);
    const foreign = await post(stranger.cookie, du, { tone: "brief" });
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect((await post(stranger.cookie, "not-a-uuid", { tone: "brief" })).status).toBe(404);
    expect((await post(undefined, du, { tone: "brief" })).status).toBe(401);
    expect((await post(owner.cookie, du, { tone: "brief" }, { Origin: "https://evil.example" })).status).toBe(403);
    const [stored] = await db.sql<{ n: number }[]>`select count(*)::int as n from reply_proposals where message_id = ${du}`;
    expect(stored!.n).toBe(0);
  });
});
