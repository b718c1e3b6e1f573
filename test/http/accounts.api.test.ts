/**
 * The mail account JSON API against the real database and Dovecot: linking
 * (tested first; 400 with the reason code on failure), reading, deleting,
 * and sync status and requests. Responses never carry credentials.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { MailAccountCreatedJson, MailAccountDetailJson, MailAccountListJson, NewMailAccount, SyncStatusJson } from "../../src/http/routes/api/v1/accounts-schemas.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { dovecot, type TestMailbox } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

const bodyFor = (box: TestMailbox, overrides: Partial<NewMailAccount> = {}): NewMailAccount => ({
  label: "Work",
  host: box.host,
  port: box.tlsPort,
  security: "tls",
  username: box.user,
  password: box.password,
  tlsCa: box.ca,
  ...overrides,
});

const api = (user: TestUser) => {
  const json = client(app, { cookie: user.cookie }).json;
  return {
    get: (path: string) => json(path),
    post: (path: string, body?: unknown) => json(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) }),
    delete: (path: string) => json(path, { method: "DELETE", headers: { Origin: "http://127.0.0.1:3000" } }),
  };
};

const accountCount = async (user: TestUser) => (await db.sql`select count(*)::int as n from mail_accounts where user_id = ${user.user.id}`)[0]!.n as number;

describe("POST /api/v1/accounts", () => {
  test("tests the connection, answers 201 with the account, its folders and missing extensions, and queues the first sync", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await api(user).post("/api/v1/accounts", bodyFor(box, { security: "none", port: box.port, tlsCa: null, syncSince: "2025-06-01", maxMessageBytes: 10_000_000 }));
    expect(response.status).toBe(201);
    const text = await response.text();
    const created = JSON.parse(text) as MailAccountCreatedJson;
    expect(response.headers.get("location")).toBe(`/api/v1/accounts/${created.id}`);
    expect(created).toMatchObject({
      label: "Work",
      host: box.host,
      port: box.port,
      security: "none",
      tlsCa: null,
      enabled: true,
      status: "ok",
      syncSince: "2025-06-01",
      maxMessageBytes: 10_000_000,
      idleAlive: false,
      missingExtensions: [],
    });
    expect(Object.fromEntries(created.folders.map((folder) => [folder.path, folder.specialUse]))).toEqual({
      INBOX: "inbox",
      Sent: "sent",
      Drafts: "drafts",
      Trash: "trash",
      Junk: "junk",
      Archive: "archive",
    });
    expect(created.folders.every((folder) => folder.selected)).toBe(true);
    // No credentials in the answer, in any field.
    expect(text).not.toContain(box.password);
    expect(text).not.toContain(box.user);
    expect(Object.keys(created)).not.toContain("username");
    expect(Object.keys(created)).not.toContain("password");

    const jobs = await db.sql`select task_identifier, key from graphile_worker.jobs where queue_name = ${`account:${created.id}`}`;
    expect([...jobs]).toEqual([{ task_identifier: "sync_account", key: `sync:${created.id}:all` }]);
  });

  test("a refused connection is 400 BAD_REQUEST whose message starts with the reason code; nothing is stored", async () => {
    // An administrator sees every reason; to anyone else a TLS failure is `unreachable` (test/http/outbound.security.test.ts).
    const user = await createTestUser(services, { role: "admin" });
    const other = await createTestUser(services);
    const box = server.createMailbox();
    const cases: [TestUser, Partial<NewMailAccount>, string][] = [
      [other, { password: "wrong" }, "auth"],
      [user, { tlsCa: null }, "tls"],
      [other, { tlsCa: null }, "unreachable"],
    ];
    for (const [user, overrides, reason] of cases) {
      const response = await api(user).post("/api/v1/accounts", bodyFor(box, overrides));
      expect(response.status).toBe(400);
      const body = (await response.json()) as ErrorEnvelope;
      expect(body.error.code).toBe("BAD_REQUEST");
      expect(body.error.message).toStartWith(`${reason}: `);
      expect(body.error.message).not.toContain(box.password);
    }
    expect(await accountCount(user)).toBe(0);
    expect(await accountCount(other)).toBe(0);
  });

  test("invalid fields and a body that is not JSON are 400 naming the fields", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const invalid = await api(user).post("/api/v1/accounts", bodyFor(box, { host: "not a host", port: 0, tlsCa: "nope" }));
    expect(invalid.status).toBe(400);
    const message = ((await invalid.json()) as ErrorEnvelope).error.message;
    expect(message).toContain("host");
    expect(message).toContain("port");
    expect(message).toContain("tlsCa");
    expect(message).not.toContain(box.password);
    const missing = await api(user).post("/api/v1/accounts");
    expect(missing.status).toBe(400);
    const form = await client(app, { cookie: user.cookie }).json("/api/v1/accounts", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:3000" },
      body: "label=x",
    });
    expect(form.status).toBe(400);
    expect(await accountCount(user)).toBe(0);
  });

  test("the OpenAPI document names the schemas and documents the error envelope", async () => {
    const document = (await (await app.request("/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const name of ["MailAccount", "MailAccountDetail", "MailAccountCreated", "MailAccountList", "MailFolder", "NewMailAccount", "SyncProgress", "SyncStatus"])
      expect(Object.keys(document.components.schemas)).toContain(name);
    expect(document.paths["/api/v1/accounts"]!.post!.responses["400"]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/Error");
    expect(document.paths["/api/v1/accounts/{accountId}"]!.delete!.responses["404"]!.content!["application/json"]!.schema.$ref).toBe("#/components/schemas/Error");
    expect(Object.keys(document.paths["/api/v1/accounts/{accountId}/sync"]!).sort()).toEqual(["get", "post"]);
  });
});

describe("reading and deleting", () => {
  test("lists and gets the user's accounts; another user's id answers 404 and stays", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const box = server.createMailbox();
    const created = (await (await api(owner).post("/api/v1/accounts", bodyFor(box))).json()) as MailAccountCreatedJson;

    const list = (await (await api(owner).get("/api/v1/accounts")).json()) as MailAccountListJson;
    expect(list.accounts.map((account) => account.id)).toEqual([created.id]);
    expect(((await (await api(other).get("/api/v1/accounts")).json()) as MailAccountListJson).accounts).toEqual([]);

    const detail = (await (await api(owner).get(`/api/v1/accounts/${created.id}`)).json()) as MailAccountDetailJson;
    expect(detail.folders).toHaveLength(6);
    expect(detail.tlsCa).toBe(box.ca.trim());

    for (const response of [await api(other).get(`/api/v1/accounts/${created.id}`), await api(other).delete(`/api/v1/accounts/${created.id}`), await api(owner).get("/api/v1/accounts/not-a-uuid")]) {
      expect(response.status).toBe(404);
      expect(((await response.json()) as ErrorEnvelope).error.code).toBe("NOT_FOUND");
    }
    expect(await accountCount(owner)).toBe(1);
  });

  test("DELETE answers 204 and removes the account and its folders", async () => {
    const user = await createTestUser(services);
    const created = (await (await api(user).post("/api/v1/accounts", bodyFor(server.createMailbox()))).json()) as MailAccountCreatedJson;
    const response = await api(user).delete(`/api/v1/accounts/${created.id}`);
    expect(response.status).toBe(204);
    expect(await accountCount(user)).toBe(0);
    expect(await db.sql`select 1 from folders where account_id = ${created.id}`).toHaveLength(0);
    expect((await api(user).delete(`/api/v1/accounts/${created.id}`)).status).toBe(404);
  });
});

describe("sync", () => {
  test("GET reports the queue and the progress row; POST queues a sync (202); another user gets 404", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const account = await createMailAccount(db.sql, owner.dataKey, owner.user.id, { label: "L", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    const path = `/api/v1/accounts/${account.id}/sync`;

    expect((await (await api(owner).get(path)).json()) as SyncStatusJson).toEqual({ queued: false, active: false, progress: null, storedMessages: 0 });

    await db.sql`
      insert into sync_progress (account_id, user_id, phase, folders_done, folders_total, fetched, total, current_folder)
      values (${account.id}, ${owner.user.id}, 'syncing', 1, 4, 50, 200, 'INBOX')`;
    const running = (await (await api(owner).get(path)).json()) as SyncStatusJson;
    expect(running).toMatchObject({
      queued: false,
      active: true,
      progress: { phase: "syncing", foldersDone: 1, foldersTotal: 4, fetched: 50, total: 200, currentFolder: "INBOX", finishedAt: null, error: null },
    });

    const queued = await api(owner).post(path);
    expect(queued.status).toBe(202);
    expect(((await queued.json()) as SyncStatusJson).queued).toBe(true);
    expect([...(await db.sql`select key from graphile_worker.jobs where queue_name = ${`account:${account.id}`}`)]).toEqual([{ key: `sync:${account.id}:all` }]);

    expect((await api(other).get(path)).status).toBe(404);
    expect((await api(other).post(path)).status).toBe(404);
  });

  test("a disabled account or a refused password is 409, not queued", async () => {
    const user = await createTestUser(services);
    const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "L", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    const path = `/api/v1/accounts/${account.id}/sync`;
    await db.sql`update mail_accounts set enabled = false where id = ${account.id}`;
    expect((await api(user).post(path)).status).toBe(409);
    await db.sql`update mail_accounts set enabled = true, status = 'auth_failed' where id = ${account.id}`;
    const refused = await api(user).post(path);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ErrorEnvelope).error.code).toBe("CONFLICT");
    expect(await db.sql`select 1 from graphile_worker.jobs where queue_name = ${`account:${account.id}`}`).toHaveLength(0);
  });
});
