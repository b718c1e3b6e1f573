/**
 * The sending JSON API against the real database, Dovecot and an SMTP
 * server: SMTP settings (tested before saved, password never shown),
 * queueing, following and undoing a send; another user's ids answer 404,
 * and a cross-site form post is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { SendStateSchema, SmtpSettingsResponseSchema } from "../../src/http/routes/api/v1/sends-schemas.ts";
import { dovecot } from "../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../support/smtp-to-dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, type TestUser } from "../support/users.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";
import type { z } from "@hono/zod-openapi";

type SendStateJson = z.infer<typeof SendStateSchema>;
type SmtpSettingsJson = z.infer<typeof SmtpSettingsResponseSchema>;

const { db, services, app } = await openTestApp();
let relay: SmtpToDovecot;
let anna: SyncFixture;
let mallory: SyncFixture;

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  const withBody = (method: string) => (path: string, body?: unknown) =>
    json(path, { method, headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { get: (path: string) => json(path), post: withBody("POST"), put: withBody("PUT"), delete: (path: string) => json(path, { method: "DELETE", headers: { Origin: "http://127.0.0.1:3000" } }) };
};

const settings = (overrides: Record<string, unknown> = {}) => ({
  host: "127.0.0.1",
  port: relay.port,
  security: "starttls",
  tlsCa: relay.ca,
  username: "anna-smtp",
  password: "smtp-secret",
  fromAddress: "anna@example.org",
  fromName: "Anna Muster",
  ...overrides,
});

beforeAll(async () => {
  const server = await dovecot();
  anna = await syncFixture(services, { server });
  mallory = await syncFixture(services, { server });
  relay = await startSmtpToDovecot({ mailboxes: { "bob@example.org": server.createMailbox("bob") }, username: "anna-smtp", password: "smtp-secret" });
});

afterAll(async () => {
  await relay?.stop();
  await db.drop();
});

describe("/api/v1/accounts/{id}/smtp", () => {
  test("a refused login is not saved; accepted settings are, and the password is never shown", async () => {
    const path = `/api/v1/accounts/${anna.account.id}/smtp`;
    expect(await (await api(anna.user).get(path)).json()).toEqual({ configured: false, settings: null });

    const refused = await api(anna.user).put(path, settings({ password: "wrong" }));
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ErrorEnvelope).error.message).toBe("auth: the server refused the user name or password");
    expect(await (await api(anna.user).get(path)).json()).toEqual({ configured: false, settings: null });

    const otherHost = await api(anna.user).put(path, settings({ host: "localhost", username: null, password: null }));
    expect(otherHost.status).toBe(400);
    expect(((await otherHost.json()) as ErrorEnvelope).error.message).toStartWith("imap_login_other_host:");

    const invalid = await api(anna.user).put(path, settings({ fromAddress: "not an address", port: 0 }));
    expect(invalid.status).toBe(400);

    const saved = await api(anna.user).put(path, settings());
    const text = await saved.text();
    expect(saved.status).toBe(200);
    expect(text).not.toContain("smtp-secret");
    expect(text).not.toContain("anna-smtp");
    expect((JSON.parse(text) as SmtpSettingsJson).settings).toMatchObject({
      host: "127.0.0.1",
      port: relay.port,
      security: "starttls",
      ownLogin: true,
      hasPassword: true,
      fromAddress: "anna@example.org",
    });
    const read = await (await api(anna.user).get(path)).text();
    expect(read).not.toContain("smtp-secret");
    expect((JSON.parse(read) as SmtpSettingsJson).configured).toBe(true);

    // Changing the port without the password again is refused: the stored one would travel elsewhere.
    const moved = await api(anna.user).put(path, settings({ password: null, port: relay.port + 1 }));
    expect(((await moved.json()) as ErrorEnvelope).error.message).toStartWith("password_required:");

    expect(await (await api(anna.user).post(`${path}/test`)).json()).toEqual({ ok: true });
    expect((await api(mallory.user).post(`/api/v1/accounts/${mallory.account.id}/smtp/test`)).status).toBe(409);
  });

  test("another user's account answers 404", async () => {
    const path = `/api/v1/accounts/${anna.account.id}/smtp`;
    expect((await api(mallory.user).get(path)).status).toBe(404);
    expect((await api(mallory.user).put(path, settings())).status).toBe(404);
    expect((await api(mallory.user).post(`${path}/test`)).status).toBe(404);
  });
});

describe("/api/v1/sends", () => {
  const body = (overrides: Record<string, unknown> = {}) => ({ accountId: anna.account.id, to: ["Bob <bob@example.org>"], subject: "Hallo", text: "Hallo Bob", ...overrides });

  test("queues with an undo window, follows the state, and undoes while it waits (then 409 with the state)", async () => {
    const draftId = crypto.randomUUID();
    const queued = await api(anna.user).post(
      "/api/v1/sends",
      body({ draftId, attachments: [{ filename: "a.txt", contentType: "text/plain", contentBase64: Buffer.from("Anhang").toString("base64") }] }),
    );
    expect(queued.status).toBe(202);
    const state = (await queued.json()) as SendStateJson;
    expect(state).toMatchObject({ status: "queued", error: null, sentAt: null });
    expect(queued.headers.get("location")).toBe(`/api/v1/sends/${state.id}`);
    expect(new Date(state.undoUntil).getTime()).toBeGreaterThan(Date.now());
    // The compose part finds its draft by this column; nothing else is done with it here.
    expect((await db.sql`select draft_id from outgoing_messages where id = ${state.id}`)[0]!.draft_id).toBe(draftId);

    expect((await api(mallory.user).get(`/api/v1/sends/${state.id}`)).status).toBe(404);
    expect((await api(mallory.user).delete(`/api/v1/sends/${state.id}`)).status).toBe(404);
    expect(((await (await api(anna.user).get(`/api/v1/sends/${state.id}`)).json()) as SendStateJson).status).toBe("queued");

    expect((await api(anna.user).delete(`/api/v1/sends/${state.id}`)).status).toBe(204);
    const again = await api(anna.user).delete(`/api/v1/sends/${state.id}`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as SendStateJson).status).toBe("cancelled");
  });

  test("refusals carry their reason code", async () => {
    const refused = async (overrides: Record<string, unknown>) => {
      const response = await api(anna.user).post("/api/v1/sends", body(overrides));
      return { status: response.status, message: ((await response.json()) as ErrorEnvelope).error.message.split(":")[0] };
    };
    expect(await refused({ to: ["kein Empfänger"] })).toEqual({ status: 400, message: "bad_address" });
    // Another user's account is not found; the user's own account without SMTP settings is a conflict.
    expect(await refused({ accountId: mallory.account.id })).toEqual({ status: 404, message: "not_found" });
    expect((await api(mallory.user).post("/api/v1/sends", body({ accountId: mallory.account.id }))).status).toBe(409);
    expect((await api(mallory.user).post("/api/v1/sends", body())).status).toBe(404);
    expect((await api(anna.user).post("/api/v1/sends", { ...body(), accountId: "kein-uuid" })).status).toBe(404);
    expect((await api(anna.user).post("/api/v1/sends", { ...body(), to: "bob@example.org" })).status).toBe(400);
  });

  test("a cross-site form post is refused before anything is queued", async () => {
    const before = (await db.sql`select count(*)::int as n from outgoing_messages`)[0]!.n as number;
    const response = await app.request("/api/v1/sends", {
      method: "POST",
      headers: { Cookie: anna.user.cookie, Origin: "https://evil.example", "Content-Type": "text/plain", Accept: "application/json" },
      body: JSON.stringify(body()),
    });
    expect(response.status).toBe(403);
    expect((await db.sql`select count(*)::int as n from outgoing_messages`)[0]!.n).toBe(before);
  });
});
