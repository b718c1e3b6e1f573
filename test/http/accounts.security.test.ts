/**
 * What the mailbox routes must never do: store credentials readably, echo
 * the password, send the stored password to a server the user did not
 * confirm it for, or touch another user's account or folder.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { accountConnection, createMailAccount, getMailAccount } from "../../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders } from "../../src/mail/folders.ts";
import { dovecot, type TestMailbox } from "../support/dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

function formFor(box: TestMailbox, overrides: Record<string, string> = {}): Record<string, string> {
  return { label: "Arbeit", host: box.host, port: String(box.tlsPort), security: "tls", username: box.user, password: box.password, tlsCa: box.ca, ...overrides };
}

async function addOverForm(user: TestUser, box: TestMailbox): Promise<string> {
  const response = await client(app, { cookie: user.cookie }).post("/accounts", formFor(box));
  expect(response.status).toBe(303);
  return /^\/accounts\/([0-9a-f-]{36})/.exec(response.headers.get("location")!)![1]!;
}

const contains = (bytes: Uint8Array, text: string) => Buffer.from(bytes).includes(Buffer.from(text));

describe("credentials", () => {
  test("the stored row holds user name and password only as ciphertext, which the owner's key opens", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const accountId = await addOverForm(user, box);
    const [row] = await db.sql<{ username: Uint8Array; password: Uint8Array; whole: string }[]>`
      select imap_username_encrypted as username, imap_password_encrypted as password, row_to_json(a)::text as whole from mail_accounts a where id = ${accountId}`;
    for (const secret of [box.user, box.password]) {
      expect(contains(row!.username, secret)).toBe(false);
      expect(contains(row!.password, secret)).toBe(false);
      expect(row!.whole).not.toContain(secret);
      expect(row!.whole).not.toContain(Buffer.from(secret).toString("hex"));
    }
    expect(await accountConnection(db.sql, user.dataKey, user.user.id, accountId)).toMatchObject({ username: box.user, password: box.password });
    // Neither the account page nor the API answer carries the password.
    expect(await (await client(app, { cookie: user.cookie }).get(`/accounts/${accountId}`)).text()).not.toContain(box.password);
    expect(await (await client(app, { cookie: user.cookie }).json(`/api/v1/accounts/${accountId}`)).text()).not.toContain(box.password);
  });

  test("a strict-mode user links a mailbox with the key their session holds", async () => {
    const user = await createTestUser(services, { keyMode: "strict" });
    const box = server.createMailbox();
    const accountId = await addOverForm(user, box);
    expect(await accountConnection(db.sql, user.dataKey, user.user.id, accountId)).toMatchObject({ username: box.user, password: box.password });
  });

  test("keeping the stored password needs the same server, port, security, certificate and user name", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const accountId = await addOverForm(user, box);
    const browser = client(app, { cookie: user.cookie });
    const elsewhere: Record<string, string>[] = [{ host: "localhost" }, { port: String(box.port), security: "starttls" }, { tlsCa: "" }, { username: `${box.user}-other` }];
    for (const change of elsewhere) {
      const response = await browser.post(`/accounts/${accountId}`, formFor(box, { ...change, label: "Umgezogen", password: "" }));
      expect({ change, status: response.status }).toEqual({ change, status: 400 });
      expect(await response.text()).toContain('data-reason="password_required"');
    }
    expect((await getMailAccount(db.sql, user.user.id, accountId))!).toMatchObject({ label: "Arbeit", host: box.host, port: box.tlsPort });
    // With the password typed again, the move is tested and saved.
    const moved = await browser.post(`/accounts/${accountId}`, formFor(box, { host: "localhost", label: "Umgezogen" }));
    expect(moved.status).toBe(303);
    expect((await getMailAccount(db.sql, user.user.id, accountId))!).toMatchObject({ label: "Umgezogen", host: "localhost" });
  });
});

describe("another user's rows", () => {
  let alice: TestUser;
  let bob: TestUser;
  let bobAccountId: string;
  let bobFolderId: string;

  test("every accounts route answers 404 for Bob's account and leaves it as it was", async () => {
    alice = await createTestUser(services);
    bob = await createTestUser(services);
    const account = await createMailAccount(db.sql, bob.dataKey, bob.user.id, { label: "Bob", host: "imap.example.org", port: 993, security: "tls", username: "bob", password: "bobs-password" });
    await saveDiscoveredFolders(db.sql, bob.user.id, account.id, [{ path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" }]);
    bobAccountId = account.id;
    bobFolderId = (await listFolders(db.sql, bob.user.id, account.id))[0]!.id;

    const browser = client(app, { cookie: alice.cookie });
    const gets = [`/accounts/${bobAccountId}`, `/accounts/${bobAccountId}/progress`];
    const posts: [string, Record<string, string>][] = [
      [`/accounts/${bobAccountId}`, { label: "Mine now", host: "evil.example", port: "993", security: "tls", username: "x", password: "y" }],
      [`/accounts/${bobAccountId}/sync`, {}],
      [`/accounts/${bobAccountId}/disable`, {}],
      [`/accounts/${bobAccountId}/delete`, {}],
      [`/accounts/${bobAccountId}/folders/${bobFolderId}`, { selected: "false" }],
    ];
    for (const path of gets) expect({ path, status: (await browser.get(path)).status }).toEqual({ path, status: 404 });
    for (const [path, form] of posts) expect({ path, status: (await browser.post(path, form)).status }).toEqual({ path, status: 404 });
    expect((await getMailAccount(db.sql, bob.user.id, bobAccountId))!).toMatchObject({ label: "Bob", host: "imap.example.org", enabled: true });
    expect((await listFolders(db.sql, bob.user.id, bobAccountId))[0]!.selected).toBe(true);
    expect(await db.sql`select 1 from graphile_worker.jobs where queue_name = ${`account:${bobAccountId}`}`).toHaveLength(0);
  });

  test("Alice's own account with Bob's folder id answers 404", async () => {
    const account = await createMailAccount(db.sql, alice.dataKey, alice.user.id, {
      label: "Alice",
      host: "imap.example.org",
      port: 993,
      security: "tls",
      username: "alice",
      password: "alices-password",
    });
    const response = await client(app, { cookie: alice.cookie }).post(`/accounts/${account.id}/folders/${bobFolderId}`, { selected: "false" });
    expect(response.status).toBe(404);
    expect((await listFolders(db.sql, bob.user.id, bobAccountId))[0]!.selected).toBe(true);
  });
});

describe("the page's query", () => {
  test("only known extension names are shown as missing", async () => {
    const user = await createTestUser(services);
    const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label: "L", host: "imap.example.org", port: 993, security: "tls", username: "u", password: "p" });
    const html = await (await client(app, { cookie: user.cookie }).get(`/accounts/${account.id}?missing=${encodeURIComponent("IDLE,<script>alert(1)</script>,QRESYNC")}`)).text();
    expect(html).toContain("<li><code>IDLE</code></li><li><code>QRESYNC</code></li>");
    expect(html).not.toContain("<script>alert");
    expect(html.match(/<code>/g)).toHaveLength(2);
  });
});
