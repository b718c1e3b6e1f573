/**
 * Tokens on real mail (Dovecot, an SMTP relay, the analysis): a read-only
 * token reads a message's analysis but cannot correct it, a `change` token
 * can; a token without `send` cannot queue a message, one with it can; and
 * another user's message and send answer 404 to a token exactly as to a session.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ApiTokenScope } from "../../src/auth/api-token-scopes.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { CreatedApiToken } from "../../src/http/routes/api/v1/api-tokens.ts";
import { processMessages } from "../analysis/support.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";
import { dovecot, type Dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../support/smtp-to-dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
const JSON_HEADERS = { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" };
let server: Dovecot;
let relay: SmtpToDovecot;
let anna: SyncFixture;
let mallory: SyncFixture;
let messageId: string;

async function tokenFor(user: TestUser, scopes: ApiTokenScope[]): Promise<string> {
  const response = await client(app, { cookie: user.cookie }).json("/api/v1/api-tokens", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ name: "Skript", scopes }) });
  expect(response.status).toBe(201);
  return ((await response.json()) as CreatedApiToken).secret;
}

function withToken(secret: string, path: string, method = "GET", body?: unknown) {
  return app.request(path, {
    method,
    headers: { Authorization: `Bearer ${secret}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

beforeAll(async () => {
  server = await dovecot();
  anna = await syncFixture(services, { server });
  mallory = await syncFixture(services, { server });
  server.seedMaildir(anna.box.user, "INBOX", [makeMessage({ from: "Shop <news@shop.example>", to: "anna@example.org", subject: "Angebote", body: "Unsere Angebote dieser Woche." })]);
  await anna.sync();
  const [message] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${anna.account.id}`;
  messageId = message!.id;
  await processMessages(services, [messageId]);

  relay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": server.createMailbox("bob") }, username: "anna-smtp", password: "smtp-secret" });
  const smtp = await client(app, { cookie: anna.user.cookie }).json(`/api/v1/accounts/${anna.account.id}/smtp`, {
    method: "PUT",
    headers: JSON_HEADERS,
    body: JSON.stringify({
      host: "127.0.0.1",
      port: relay.port,
      security: "starttls",
      tlsCa: relay.ca,
      username: "anna-smtp",
      password: "smtp-secret",
      fromAddress: "anna@example.org",
      fromName: "Anna",
    }),
  });
  expect(smtp.status).toBe(200);
});

afterAll(async () => {
  await relay?.stop();
  await db.drop();
});

describe("corrections", () => {
  test("a read-only token reads the analysis but cannot correct it (403); a change token can", async () => {
    const reader = await tokenFor(anna.user, ["read"]);
    expect((await withToken(reader, `/api/v1/messages/${messageId}/analysis`)).status).toBe(200);
    const refused = await withToken(reader, `/api/v1/messages/${messageId}/corrections`, "POST", { urgency: 3 });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorEnvelope).error).toMatchObject({ code: "FORBIDDEN", message: 'this API token lacks the scope "change"' });
    expect((await db.sql`select urgency from analyses where message_id = ${messageId}`)[0]!.urgency).not.toBe(3);

    const changer = await tokenFor(anna.user, ["change"]);
    const corrected = await withToken(changer, `/api/v1/messages/${messageId}/corrections`, "POST", { urgency: 3 });
    expect(corrected.status).toBe(200);
    expect((await db.sql`select urgency from analyses where message_id = ${messageId}`)[0]!.urgency).toBe(3);
  });

  test("another user's message answers 404 to a token as to a session", async () => {
    const secret = await tokenFor(mallory.user, ["read", "change"]);
    const session = client(app, { cookie: mallory.user.cookie }).json;
    for (const [method, path, body] of [
      ["GET", `/api/v1/messages/${messageId}/analysis`, undefined],
      ["POST", `/api/v1/messages/${messageId}/corrections`, { urgency: 1 }],
    ] as const) {
      const byToken = await withToken(secret, path, method, body);
      const bySession = await session(path, { method, headers: JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
      expect([byToken.status, bySession.status]).toEqual([404, 404]);
      expect(((await byToken.json()) as ErrorEnvelope).error.message).toBe(((await bySession.json()) as ErrorEnvelope).error.message);
    }
  });
});

describe("sending", () => {
  const body = () => ({ accountId: anna.account.id, to: ["Bob <bob@example.org>"], subject: "Hallo", text: "Hallo Bob" });

  test("a token without `send` cannot send (403, nothing queued); one with it can; another user's send is 404", async () => {
    const noSend = await tokenFor(anna.user, ["read", "change", "rules"]);
    const refused = await withToken(noSend, "/api/v1/sends", "POST", body());
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ErrorEnvelope).error.message).toContain('"send"');
    expect((await db.sql`select 1 from outgoing_messages where user_id = ${anna.user.user.id}`).length).toBe(0);

    const sender = await tokenFor(anna.user, ["send"]);
    const queued = await withToken(sender, "/api/v1/sends", "POST", body());
    expect(queued.status).toBe(202);
    const { id } = (await queued.json()) as { id: string };
    expect((await withToken(sender, `/api/v1/sends/${id}`)).status).toBe(200);

    const stranger = await tokenFor(mallory.user, ["send"]);
    expect((await withToken(stranger, `/api/v1/sends/${id}`)).status).toBe(404);
    expect((await withToken(stranger, `/api/v1/sends/${id}`, "DELETE")).status).toBe(404);
    expect((await withToken(sender, `/api/v1/sends/${id}`, "DELETE")).status).toBe(204);
  });
});
