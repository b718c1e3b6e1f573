/**
 * The compose and account extras of the JSON API against the real database
 * (and Dovecot for the account edit): drafts, address suggestions, account
 * signatures and settings, ending other sessions and remembered browsers.
 * Each operation answers another user's id with 404.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createApiToken } from "../../../../../src/auth/api-tokens.ts";
import { trustDevice } from "../../../../../src/auth/trusted-devices.ts";
import type { ErrorEnvelope } from "../../../../../src/http/errors.ts";
import type { AddressSuggestionList } from "../../../../../src/http/routes/api/v1/addresses.ts";
import type { MailAccountCreatedJson } from "../../../../../src/http/routes/api/v1/accounts-schemas.ts";
import type { DraftJson, DraftListJson } from "../../../../../src/http/routes/api/v1/drafts.ts";
import type { TrustedDeviceListJson } from "../../../../../src/http/routes/api/v1/devices.ts";
import type { AccountSignatureJson } from "../../../../../src/http/routes/api/v1/signatures.ts";
import { createTestMailbox, storeMails } from "../../../../search/fixtures.ts";
import { dovecot } from "../../../../support/dovecot.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser, signInAs, type TestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  const send = (method: string) => (path: string, body?: unknown) =>
    json(path, { method, headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { get: (path: string) => json(path), post: send("POST"), put: send("PUT"), patch: send("PATCH"), delete: send("DELETE") };
};

describe("/api/v1/drafts", () => {
  test("creates, saves over, lists page by page, reads and deletes drafts; another user's draft is 404", async () => {
    const user = await createTestUser(services);
    const me = api(user);
    const first = await me.post("/api/v1/drafts", { to: "anna@example.org", subject: "Erster\r\nEntwurf", body: "Hallo Anna", mode: "new" });
    expect(first.status).toBe(201);
    const created = (await first.json()) as DraftJson;
    expect(first.headers.get("location")).toBe(`/api/v1/drafts/${created.id}`);
    // The compose form's reading: no line breaks in the subject.
    expect(created).toMatchObject({ to: "anna@example.org", subject: "Erster Entwurf", body: "Hallo Anna", mode: "new", accountId: null });

    const saved = await me.post("/api/v1/drafts", { draftId: created.id, to: "anna@example.org", subject: "Erster Entwurf", body: "Hallo Anna, neu" });
    expect(saved.status).toBe(200);
    expect((await saved.json()) as DraftJson).toMatchObject({ id: created.id, body: "Hallo Anna, neu", revision: created.revision + 1 });
    const second = (await (await me.post("/api/v1/drafts", { subject: "Zweiter" })).json()) as DraftJson;

    const page1 = (await (await me.get("/api/v1/drafts?limit=1")).json()) as DraftListJson;
    expect(page1.drafts.map((draft) => draft.id)).toEqual([second.id]);
    expect(page1.previous).toBeNull();
    const page2 = (await (await me.get(`/api/v1/drafts?limit=1&after=${encodeURIComponent(page1.next!)}`)).json()) as DraftListJson;
    expect(page2.drafts.map((draft) => draft.id)).toEqual([created.id]);
    expect(page2.next).toBeNull();
    const back = (await (await me.get(`/api/v1/drafts?limit=1&before=${encodeURIComponent(page2.previous!)}`)).json()) as DraftListJson;
    expect(back.drafts.map((draft) => draft.id)).toEqual([second.id]);
    expect((await me.get("/api/v1/drafts?after=nonsense")).status).toBe(400);

    expect((await (await me.get(`/api/v1/drafts/${created.id}`)).json()) as DraftJson).toMatchObject({ id: created.id, body: "Hallo Anna, neu" });

    const stranger = api(await createTestUser(services));
    expect((await stranger.get(`/api/v1/drafts/${created.id}`)).status).toBe(404);
    expect((await stranger.post("/api/v1/drafts", { draftId: created.id, body: "übernommen" })).status).toBe(404);
    expect((await stranger.delete(`/api/v1/drafts/${created.id}`)).status).toBe(404);
    expect(((await (await stranger.get("/api/v1/drafts")).json()) as DraftListJson).drafts).toEqual([]);

    expect((await me.delete(`/api/v1/drafts/${created.id}`)).status).toBe(204);
    expect((await me.get(`/api/v1/drafts/${created.id}`)).status).toBe(404);
    expect(((await (await me.get("/api/v1/drafts")).json()) as DraftListJson).drafts.map((draft) => draft.id)).toEqual([second.id]);
  });
});

describe("GET /api/v1/addresses", () => {
  test("suggests addresses from the user's own mail only", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    await storeMails(services, user, box, [{ subject: "Hallo", from: "Anna Berger <anna.berger@example.org>" }]);
    const found = (await (await api(user).get("/api/v1/addresses?q=berg")).json()) as AddressSuggestionList;
    expect(found.addresses.map((entry) => entry.address)).toContain("anna.berger@example.org");
    expect(((await (await api(user).get("/api/v1/addresses")).json()) as AddressSuggestionList).addresses).toEqual([]);
    const stranger = await createTestUser(services);
    expect(((await (await api(stranger).get("/api/v1/addresses?q=berg")).json()) as AddressSuggestionList).addresses).toEqual([]);
  });
});

describe("/api/v1/accounts/{accountId}/signature", () => {
  test("sets, reads and removes the signature; another user's account is 404", async () => {
    const user = await createTestUser(services);
    const box = await createTestMailbox(services, user);
    const path = `/api/v1/accounts/${box.account.id}/signature`;
    const me = api(user);
    expect((await (await me.get(path)).json()) as AccountSignatureJson).toEqual({ accountId: box.account.id, signature: "" });
    const put = await me.put(path, { signature: "  Anna Berger\r\nTel. 030 123456 " });
    expect(put.status).toBe(200);
    expect((await (await me.get(path)).json()) as AccountSignatureJson).toEqual({ accountId: box.account.id, signature: "Anna Berger\nTel. 030 123456" });

    const stranger = api(await createTestUser(services));
    expect((await stranger.get(path)).status).toBe(404);
    expect((await stranger.put(path, { signature: "fremd" })).status).toBe(404);
    expect(((await (await me.get(path)).json()) as AccountSignatureJson).signature).toBe("Anna Berger\nTel. 030 123456");

    await me.put(path, { signature: "" });
    expect(((await (await me.get(path)).json()) as AccountSignatureJson).signature).toBe("");
  });
});

describe("PATCH /api/v1/accounts/{accountId}", () => {
  test("re-tests and saves changed settings, keeps the password only for the same destination; another user's account is 404", async () => {
    const server = await dovecot();
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const me = api(user);
    const linked = await me.post("/api/v1/accounts", { label: "Work", host: box.host, port: box.port, security: "none", username: box.user, password: box.password });
    expect(linked.status).toBe(201);
    const account = (await linked.json()) as MailAccountCreatedJson;
    const path = `/api/v1/accounts/${account.id}`;

    const renamed = await me.patch(path, { label: "Arbeit", maxMessageBytes: 5_000_000 });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()) as MailAccountCreatedJson).toMatchObject({ id: account.id, label: "Arbeit", host: box.host, port: box.port, maxMessageBytes: 5_000_000 });

    // Another destination without the password: refused, nothing saved.
    const moved = await me.patch(path, { host: "127.0.0.2" });
    expect(moved.status).toBe(400);
    expect(((await moved.json()) as ErrorEnvelope).error.message).toStartWith("password_required:");
    // A wrong password: the connection test refuses it.
    const wrong = await me.patch(path, { password: "falsch" });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as ErrorEnvelope).error.message).toStartWith("auth:");

    const stranger = api(await createTestUser(services));
    expect((await stranger.patch(path, { label: "Fremd" })).status).toBe(404);
    expect((await (await me.get(path)).json()) as MailAccountCreatedJson).toMatchObject({ label: "Arbeit", host: box.host });
  });
});

describe("sessions and remembered browsers", () => {
  test("ends every other session; lists and forgets trusted devices; another user's device is 404; tokens get 403", async () => {
    const user = await createTestUser(services);
    const me = api(user);
    await signInAs(services, { id: user.user.id, keyMode: user.user.keyMode }, user.dataKey);
    await signInAs(services, { id: user.user.id, keyMode: user.user.keyMode }, user.dataKey);
    const ended = await me.post("/api/v1/sessions/end-others");
    expect(ended.status).toBe(200);
    expect(await ended.json()).toEqual({ ended: 2 });
    expect((await db.sql`select count(*)::int as n from sessions where user_id = ${user.user.id}`)[0]!.n).toBe(1);

    await trustDevice(services.sql, user.user.id, "Firefox");
    await trustDevice(services.sql, user.user.id, "Chrome");
    const page1 = (await (await me.get("/api/v1/trusted-devices?limit=1")).json()) as TrustedDeviceListJson;
    expect(page1.devices).toHaveLength(1);
    const page2 = (await (await me.get(`/api/v1/trusted-devices?limit=1&after=${encodeURIComponent(page1.next!)}`)).json()) as TrustedDeviceListJson;
    expect(page2.devices).toHaveLength(1);
    expect(page2.next).toBeNull();
    expect(new Set([...page1.devices, ...page2.devices].map((device) => device.userAgent))).toEqual(new Set(["Firefox", "Chrome"]));

    const deviceId = page1.devices[0]!.id;
    const stranger = await createTestUser(services);
    expect((await api(stranger).delete(`/api/v1/trusted-devices/${deviceId}`)).status).toBe(404);
    expect(((await (await api(stranger).get("/api/v1/trusted-devices")).json()) as TrustedDeviceListJson).devices).toEqual([]);
    const { secret } = await createApiToken(services.sql, services.log, user.user.id, { name: "Skript", scopes: ["read", "change"], expiresInDays: 30 });
    const bearer = { Authorization: `Bearer ${secret}`, Accept: "application/json" };
    expect((await app.request("/api/v1/trusted-devices", { headers: bearer })).status).toBe(403);
    expect((await app.request(`/api/v1/trusted-devices/${deviceId}`, { method: "DELETE", headers: bearer })).status).toBe(403);
    expect((await app.request("/api/v1/sessions/end-others", { method: "POST", headers: bearer })).status).toBe(403);

    expect((await me.delete(`/api/v1/trusted-devices/${deviceId}`)).status).toBe(204);
    expect(((await (await me.get("/api/v1/trusted-devices")).json()) as TrustedDeviceListJson).devices.map((device) => device.id)).not.toContain(deviceId);
  });
});
