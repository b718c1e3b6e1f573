/**
 * Unsubscribing: which way a message offers (one-click only from an
 * authenticated sender), the RFC 8058 POST through the outbound policy,
 * the newsletter overview and "always archive".
 */
import { afterAll, describe, expect, test } from "bun:test";
import { newsletterSenders, setAlwaysArchive } from "../../src/inbox/newsletters.ts";
import { parseAllowedTarget } from "../../src/net/allowed-targets.ts";
import { PUBLIC_ONLY } from "../../src/net/outbound-policy.ts";
import { unsubscribeOneClick, unsubscribeOptions } from "../../src/mail/unsubscribe.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { processMessages } from "../analysis/support.ts";
import { syncFixture } from "./sync/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const AUTHENTICATED = "Authentication-Results: mx.example.org; spf=pass smtp.mailfrom=shop.example; dkim=pass header.d=shop.example; dmarc=pass header.from=shop.example\r\n";
const POST = "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n";
const HEADER = "<mailto:leave@shop.example?subject=unsubscribe>, <https://shop.example/u/abc>";

describe("unsubscribe options", () => {
  test("one-click needs the POST header, an https address and a sender the provider authenticated", () => {
    expect(unsubscribeOptions(HEADER, AUTHENTICATED + POST, "news@shop.example")).toEqual({
      oneClick: "https://shop.example/u/abc",
      mailto: "mailto:leave@shop.example?subject=unsubscribe",
      link: "https://shop.example/u/abc",
    });
    // Unauthenticated, or no POST header: the link is offered for the user to open, never POSTed to.
    expect(unsubscribeOptions(HEADER, POST, "news@shop.example").oneClick).toBeNull();
    expect(unsubscribeOptions(HEADER, AUTHENTICATED, "news@shop.example").oneClick).toBeNull();
    expect(unsubscribeOptions(HEADER, AUTHENTICATED + POST, "news@other.example").oneClick).toBeNull();
    expect(unsubscribeOptions("<http://shop.example/u>", AUTHENTICATED + POST, "news@shop.example")).toEqual({ oneClick: null, mailto: null, link: "http://shop.example/u" });
    expect(unsubscribeOptions("not a header, <::>", "", null)).toEqual({ oneClick: null, mailto: null, link: null });
    expect(unsubscribeOptions(undefined, "", null)).toEqual({ oneClick: null, mailto: null, link: null });
  });
});

describe("the one-click POST", () => {
  test("is refused for internal addresses by default; when allowed, it posts the RFC 8058 body and follows no redirect", async () => {
    const received: { method: string; body: string }[] = [];
    const list = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      async fetch(request) {
        received.push({ method: request.method, body: await request.text() });
        return new Response(null, { status: 302, headers: { Location: "http://127.0.0.1:1/elsewhere" } });
      },
    });
    try {
      const url = `http://127.0.0.1:${list.port}/u/abc`;
      expect(await unsubscribeOneClick(PUBLIC_ONLY, url)).toEqual({ ok: false, reason: "refused" });
      expect(received).toEqual([]);
      const allowed = parseAllowedTarget("127.0.0.1/32");
      if (!allowed.ok) throw new Error("127.0.0.1/32 should parse");
      expect(await unsubscribeOneClick({ allowed: [allowed.target] }, url)).toEqual({ ok: true });
      expect(received).toEqual([{ method: "POST", body: "List-Unsubscribe=One-Click" }]);
    } finally {
      list.stop(true);
    }
  });
});

describe("the newsletter overview", () => {
  test("groups newsletter senders with volume and opened count; always archive archives the next one on arrival", async () => {
    const server = await dovecot();
    const fixture = await syncFixture(services, { server });
    const newsletter = (n: number) =>
      makeMessage({
        from: "Shop News <news@shop.example>",
        to: "me@example.org",
        subject: `Angebote der Woche ${n}`,
        body: `Die Angebote dieser Woche, Ausgabe ${n}.\n\nAbmelden: https://shop.example/u/abc`,
        headers: { "List-Unsubscribe": HEADER, "List-Id": "<news.shop.example>", Precedence: "bulk" },
      });
    server.seedMaildir(fixture.box.user, "INBOX", [newsletter(1), newsletter(2), newsletter(3)]);
    await fixture.sync();
    const ids = (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id);
    await processMessages(services, ids);
    await db.sql`update messages set seen = true where id = ${ids[0]!}`;

    const [sender, ...others] = await newsletterSenders(db.sql, fixture.user.dataKey, fixture.user.user.id);
    expect(others).toEqual([]);
    expect(sender).toMatchObject({ sender: "news@shop.example", messages: 3, opened: 1, unsubscribedAt: null, alwaysArchive: false });

    expect(await setAlwaysArchive(db.sql, fixture.user.user.id, sender!.key, true)).toBe(true);
    const stranger = await syncFixture(services, { server });
    expect(await setAlwaysArchive(db.sql, stranger.user.user.id, sender!.key, false)).toBe(false);

    server.seedMaildir(fixture.box.user, "INBOX", [newsletter(4)]);
    await fixture.sync();
    const [fourth] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} and not (id = any(${ids}::uuid[]))`;
    await processMessages(services, [fourth!.id]);
    expect([...(await db.sql`select action, requested_by from action_journal where message_id = ${fourth!.id}`)]).toEqual([{ action: "archive", requested_by: "always_archive" }]);
    expect(await db.sql`select 1 from action_journal where message_id = any(${ids}::uuid[])`).toHaveLength(0);
  });
});
