/**
 * The message resources of the API against a real sync from Dovecot: one
 * message (headers, folders, flags, attachments), its body (HTML sanitised
 * as the page serves it), an attachment download (the page's headers),
 * remote-content trust, and 404 for another user's ids.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { MessageBodyJson } from "../../../../../src/http/routes/api/v1/message-body.ts";
import type { MessageJson } from "../../../../../src/http/routes/api/v1/messages-schemas.ts";
import type { RemoteContentSenderJson } from "../../../../../src/http/routes/api/v1/remote-content-schemas.ts";
import { syncFixture } from "../../../../mail/sync/fixtures.ts";
import { dovecot } from "../../../../support/dovecot.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();
const JSON_HEADERS = { "Content-Type": "application/json" };

const MIXED = [
  "From: Anna Müller <anna@example.org>",
  "To: Me <me@example.org>",
  "Cc: bob@example.org",
  "Subject: Rechnung Dezember",
  "Date: Tue, 01 Dec 2026 10:00:00 +0100",
  "Message-ID: <rechnung-1@example.org>",
  "MIME-Version: 1.0",
  'Content-Type: multipart/mixed; boundary="b1"',
  "",
  "--b1",
  'Content-Type: multipart/alternative; boundary="b2"',
  "",
  "--b2",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "Hallo, anbei die Rechnung.",
  "--b2",
  "Content-Type: text/html; charset=utf-8",
  "",
  '<p onclick="steal()">Hallo, <b>anbei</b> die Rechnung.</p><script>alert(1)</script><img src="https://tracker.example.net/pixel-large.png" width="300" height="200">',
  "--b2--",
  "--b1",
  'Content-Type: text/html; name="rechnung.html"',
  'Content-Disposition: attachment; filename="rechnung.html"',
  "",
  "<script>alert(2)</script>",
  "--b1--",
  "",
].join("\r\n");

async function syncedMessage() {
  const fixture = await syncFixture(services, { server });
  server.seedMaildir(fixture.box.user, "INBOX", [{ raw: MIXED, flags: "F" }]);
  await fixture.sync();
  const [row] = await db.sql`select id, thread_id from messages where account_id = ${fixture.account.id}`;
  return { fixture, messageId: row!.id as string, api: client(app, { cookie: fixture.user.cookie }).json };
}

describe("GET /api/v1/messages/{messageId}", () => {
  test("answers the headers, folders, flags and attachment list; another user gets 404", async () => {
    const { fixture, messageId, api } = await syncedMessage();
    const response = await api(`/api/v1/messages/${messageId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toContain("no-store");
    const message = (await response.json()) as MessageJson;
    expect(message).toMatchObject({
      id: messageId,
      accountId: fixture.account.id,
      subject: "Rechnung Dezember",
      from: [{ name: "Anna Müller", address: "anna@example.org" }],
      to: [{ name: "Me", address: "me@example.org" }],
      cc: [{ name: "", address: "bob@example.org" }],
      flagged: true,
      seen: false,
      hasHtml: true,
      hasText: true,
      doneAt: null,
    });
    expect(message.flags).toContain("\\Flagged");
    expect(message.folders.map((folder) => folder.specialUse)).toEqual(["inbox"]);
    expect(message.attachments).toHaveLength(1);
    expect(message.attachments[0]).toMatchObject({ filename: "rechnung.html", contentType: "text/html", stored: true, inline: false });

    const stranger = await createTestUser(services);
    const foreign = await client(app, { cookie: stranger.cookie }).json(`/api/v1/messages/${messageId}`);
    expect(foreign.status).toBe(404);
    expect(((await foreign.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    expect((await api("/api/v1/messages/not-a-uuid")).status).toBe(404);
  });
});

describe("GET /api/v1/messages/{messageId}/body", () => {
  test("gives the text and the HTML sanitised (no script, no handlers, remote images blocked), never the raw HTML", async () => {
    const { messageId, api } = await syncedMessage();
    const body = (await (await api(`/api/v1/messages/${messageId}/body`)).json()) as MessageBodyJson;
    expect(body.text).toContain("anbei die Rechnung");
    expect(body.html).toContain("<b>anbei</b>");
    expect(body.html).not.toContain("<script");
    expect(body.html).not.toContain("onclick");
    expect(body.html).not.toContain("tracker.example.net");
    expect(body).toMatchObject({ remoteContentAllowed: false, blockedRemoteImages: 1 });

    const once = (await (await api(`/api/v1/messages/${messageId}/body?remote=1`)).json()) as MessageBodyJson;
    expect(once.remoteContentAllowed).toBe(true);
    expect(once.html).toContain("https://tracker.example.net/pixel-large.png");
    expect((await api(`/api/v1/messages/${messageId}/body?remote=yes`)).status).toBe(400);

    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(`/api/v1/messages/${messageId}/body`)).status).toBe(404);
  });
});

describe("GET /api/v1/messages/{messageId}/attachments/{attachmentId}", () => {
  test("downloads with the page's headers: attachment, markup as octet-stream, nosniff, sandbox", async () => {
    const { messageId, api } = await syncedMessage();
    const [attachment] = ((await (await api(`/api/v1/messages/${messageId}`)).json()) as MessageJson).attachments;
    const response = await api(`/api/v1/messages/${messageId}/attachments/${attachment!.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/octet-stream");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="rechnung.html"; filename*=UTF-8''rechnung.html`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(await response.text()).toContain("<script>alert(2)</script>");

    expect((await api(`/api/v1/messages/${messageId}/attachments/${crypto.randomUUID()}`)).status).toBe(404);
    const stranger = await createTestUser(services);
    expect((await client(app, { cookie: stranger.cookie }).json(`/api/v1/messages/${messageId}/attachments/${attachment!.id}`)).status).toBe(404);
  });
});

describe("/api/v1/messages/{messageId}/remote-content-sender", () => {
  test("trusts the sender, which loads remote images of their mail, and withdraws it again", async () => {
    const { messageId, api } = await syncedMessage();
    const path = `/api/v1/messages/${messageId}/remote-content-sender`;
    expect(await (await api(path)).json()).toEqual({ sender: "anna@example.org", senderTrusted: false, vipSender: false } satisfies RemoteContentSenderJson);

    const trusted = await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ trusted: true }) });
    expect(trusted.status).toBe(200);
    expect(((await trusted.json()) as RemoteContentSenderJson).senderTrusted).toBe(true);
    expect(((await (await api(`/api/v1/messages/${messageId}/body`)).json()) as MessageBodyJson).remoteContentAllowed).toBe(true);

    await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ trusted: false }) });
    expect(((await (await api(path)).json()) as RemoteContentSenderJson).senderTrusted).toBe(false);
    expect(((await (await api(`/api/v1/messages/${messageId}/body`)).json()) as MessageBodyJson).remoteContentAllowed).toBe(false);

    expect((await api(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ trusted: "yes" }) })).status).toBe(400);
    const stranger = await createTestUser(services);
    const foreign = await client(app, { cookie: stranger.cookie }).json(path, { method: "PUT", headers: JSON_HEADERS, body: JSON.stringify({ trusted: true }) });
    expect(foreign.status).toBe(404);
    expect(await db.sql`select 1 from remote_content_senders where user_id = ${stranger.user.id}`).toHaveLength(0);
  });
});
