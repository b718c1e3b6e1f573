/**
 * The mailbox pages in-process against the real database and the private
 * Dovecot: adding an account over the form (the connection is tested first),
 * the refusals a person can act on, folder selection, enable/disable,
 * delete, and the progress fragment the account page polls.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t, type Lang } from "../../src/i18n/messages.ts";
import { createMailAccount, getMailAccount } from "../../src/mail/accounts/store.ts";
import { listFolders, saveDiscoveredFolders } from "../../src/mail/folders.ts";
import { dovecot, type TestMailbox } from "../support/dovecot.ts";
import { freePort } from "../support/ports.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

/** The form as a person fills it in for a Dovecot mailbox: implicit TLS with its self-signed certificate pinned. */
function formFor(box: TestMailbox, overrides: Record<string, string> = {}): Record<string, string> {
  return { label: "Arbeit", host: box.host, port: String(box.tlsPort), security: "tls", username: box.user, password: box.password, tlsCa: box.ca, syncSince: "", maxMessageMb: "", ...overrides };
}

const HTMX = { "HX-Request": "true" };
const as = (user: TestUser, lang: Lang = "de") => {
  const browser = client(app, { cookie: user.cookie });
  const headers = { "Accept-Language": lang };
  return {
    get: (path: string, extra: Record<string, string> = {}) => browser.get(path, { ...headers, ...extra }),
    post: (path: string, form: Record<string, string> = {}, extra: Record<string, string> = {}) => browser.post(path, form, { ...headers, ...extra }),
  };
};

async function accountsOf(user: TestUser) {
  return [...(await db.sql<{ id: string; label: string; enabled: boolean }[]>`select id, label, enabled from mail_accounts where user_id = ${user.user.id}`)];
}

async function syncJobs(accountId: string) {
  const rows = await db.sql<{ task_identifier: string; payload: { accountId: string; userId: string; scope: string }; key: string | null }[]>`
    select jobs.task_identifier, private.payload, jobs.key
    from graphile_worker.jobs jobs join graphile_worker._private_jobs private using (id)
    where jobs.queue_name = ${`account:${accountId}`}`;
  return [...rows];
}

/** An account straight in the database (no IMAP), for the tests that are not about the connection. */
async function directAccount(user: TestUser, label = "Privat") {
  const account = await createMailAccount(db.sql, user.dataKey, user.user.id, { label, host: "imap.example.org", port: 993, security: "tls", username: "u@example.org", password: "secret-password" });
  await saveDiscoveredFolders(db.sql, user.user.id, account.id, [
    { path: "INBOX", name: "INBOX", delimiter: "/", specialUse: "inbox" },
    { path: "Sent", name: "Sent", delimiter: "/", specialUse: "sent" },
    { path: "Projekte", name: "Projekte", delimiter: "/", specialUse: null },
  ]);
  return { account, folders: await listFolders(db.sql, user.user.id, account.id) };
}

/** Text as hono/jsx writes it into a page. */
const escaped = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;").replaceAll("'", "&#39;");

const accountIdFrom = (location: string | null) => /^\/accounts\/([0-9a-f-]{36})\?/.exec(location ?? "")?.[1];

describe("adding a mailbox over the form", () => {
  test("the form offers port 993, TLS, and warns that no encryption sends the password in the clear", async () => {
    const user = await createTestUser(services);
    for (const lang of ["de", "en"] as const) {
      const html = await (await as(user, lang).get("/accounts/new")).text();
      expect(html).toContain('name="port" type="number" value="993"');
      expect(html).toContain('<option value="tls" selected="">');
      expect(html).toContain(t(lang, "accounts.security.noneWarning"));
      expect(html).toContain('name="tlsCa"');
    }
  });

  test("tests the connection, stores the account with its folders and their roles, queues the first sync", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await as(user).post("/accounts", formFor(box, { syncSince: "2024-01-15", maxMessageMb: "25" }));
    expect(response.status).toBe(303);
    const accountId = accountIdFrom(response.headers.get("location"))!;
    expect(response.headers.get("location")).toBe(`/accounts/${accountId}?done=added`); // Dovecot has every useful extension

    const account = (await getMailAccount(db.sql, user.user.id, accountId))!;
    expect(account).toMatchObject({ label: "Arbeit", host: box.host, port: box.tlsPort, security: "tls", tlsCa: box.ca.trim(), enabled: true, status: "ok", maxMessageBytes: 25 * 1024 * 1024 });
    expect(account.syncSince?.toISOString().slice(0, 10)).toBe("2024-01-15");
    const roles = Object.fromEntries((await listFolders(db.sql, user.user.id, accountId)).map((folder) => [folder.path, folder.specialUse]));
    expect(roles).toEqual({ INBOX: "inbox", Sent: "sent", Drafts: "drafts", Trash: "trash", Junk: "junk", Archive: "archive" });
    expect(await syncJobs(accountId)).toEqual([{ task_identifier: "sync_account", payload: { accountId, userId: user.user.id, scope: "all" }, key: `sync:${accountId}:all` }]);

    const page = await as(user).get(response.headers.get("location")!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain(t("de", "accounts.added"));
    expect(html).toContain(t("de", "accounts.role.inbox"));
    expect(html).toContain(t("de", "accounts.role.trash"));
    // Queued and no worker in this test: the progress fragment keeps polling.
    expect(html).toContain('data-phase="queued"');
    expect(html).toContain(`hx-get="/accounts/${accountId}/progress" hx-trigger="every 2s"`);
    // The edit form shows the user name, never the password.
    expect(html).toContain(`value="${box.user}"`);
    expect(html).not.toContain(box.password);
  });

  test.each(["de", "en"] as const)("a wrong password shows the translated reason, keeps the fields but not the password, and stores nothing (%s)", async (lang) => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await as(user, lang).post("/accounts", formFor(box, { password: "falsches-Passwort-123" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('data-reason="auth"');
    expect(html).toContain(t(lang, "accounts.reason.auth"));
    // Words only: the technical message stays out of the page.
    expect(html).not.toContain('class="technical"');
    expect(html).not.toContain("AUTHENTICATIONFAILED");
    expect(html).not.toContain("falsches-Passwort-123");
    expect(html).toContain(`value="${box.user}"`);
    expect(html).toContain(`value="${box.tlsPort}"`);
    expect(await accountsOf(user)).toEqual([]);
  });

  test("nobody listening on the port: unreachable", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await as(user).post("/accounts", formFor(box, { port: String(await freePort()), security: "none", tlsCa: "" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('data-reason="unreachable"');
    expect(html).toContain(t("de", "accounts.reason.unreachable"));
    expect(await accountsOf(user)).toEqual([]);
  });

  test("a self-signed certificate that is not pinned: a TLS failure that says where to paste it", async () => {
    // An administrator is told it is TLS; anyone else gets the one answer for every failure to connect, which names the pinned certificate too.
    const admin = await createTestUser(services, { role: "admin" });
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await as(admin, "en").post("/accounts", formFor(box, { tlsCa: "" }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('data-reason="tls"');
    expect(html).toContain(escaped(t("en", "accounts.reason.tls")));
    const plain = await (await as(user, "en").post("/accounts", formFor(box, { tlsCa: "" }))).text();
    expect(plain).toContain('data-reason="unreachable"');
    expect(plain).toContain(escaped(t("en", "accounts.reason.unreachable")));
    expect(t("en", "accounts.reason.unreachable")).toContain("Pinned certificate");
    expect(await accountsOf(admin)).toEqual([]);
    expect(await accountsOf(user)).toEqual([]);
  });

  test("works without encryption (plain port) and with STARTTLS", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const plain = await as(user).post("/accounts", formFor(box, { label: "Klartext", port: String(box.port), security: "none", tlsCa: "" }));
    expect(plain.status).toBe(303);
    const starttls = await as(user).post("/accounts", formFor(box, { label: "STARTTLS", port: String(box.port), security: "starttls" }));
    expect(starttls.status).toBe(303);
    const page = await (await as(user).get(`/accounts/${accountIdFrom(plain.headers.get("location"))}`)).text();
    expect(page).toContain(t("de", "accounts.unencrypted"));
  });

  test("invalid fields are named in the reader's language and nothing is tried", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const response = await as(user, "en").post(
      "/accounts",
      formFor(box, { label: "", host: "imap example org", port: "70000", tlsCa: "not a certificate", syncSince: "2999-01-01", maxMessageMb: "viel" }),
    );
    expect(response.status).toBe(400);
    const html = await response.text();
    for (const field of ["label", "host", "port", "tlsCa", "syncSince", "maxMessageMb"] as const) expect(html).toContain(escaped(t("en", `accounts.invalid.${field}`)));
    expect(html).not.toContain(t("en", "accounts.invalid.username"));
    expect(html).toContain('id="host" name="host" type="text" value="imap example org"');
    expect(html).not.toContain(box.password);
    expect(await accountsOf(user)).toEqual([]);
  });
});

describe("the list of mailboxes", () => {
  test("shows label, server, status with the error, last sync, IDLE and enabled", async () => {
    const user = await createTestUser(services);
    const { account: ok } = await directAccount(user, "Arbeit");
    const { account: refused } = await directAccount(user, "Alt");
    await db.sql`update mail_accounts set last_sync_at = '2026-03-01T10:00:00Z', idle_seen_at = now() where id = ${ok.id}`;
    await db.sql`update mail_accounts set status = 'auth_failed', last_error = 'the server refused the user name or password', last_error_reason = 'auth', idle_seen_at = now() - interval '5 minutes', enabled = false where id = ${refused.id}`;
    const html = await (await as(user).get("/accounts")).text();
    const row = (id: string) => html.slice(html.indexOf(`id="account-${id}"`), html.indexOf("</tr>", html.indexOf(`id="account-${id}"`)));
    expect(row(ok.id)).toContain("imap.example.org:993");
    expect(row(ok.id)).toContain(t("de", "accounts.status.ok"));
    expect(row(ok.id)).toContain("01.03.2026");
    expect(row(ok.id)).toContain('data-idle="alive"');
    expect(row(ok.id)).toContain('data-enabled="true"');
    expect(row(ok.id)).toContain(t("de", "accounts.syncNow"));
    expect(row(refused.id)).toContain(t("de", "accounts.status.auth_failed"));
    // Why, in words; the technical message is for the API.
    expect(row(refused.id)).toContain(t("de", "accounts.reason.auth"));
    expect(row(refused.id)).not.toContain("the server refused the user name or password");
    expect(row(refused.id)).toContain('data-idle="off"');
    expect(row(refused.id)).toContain('data-enabled="false"');
    expect(row(refused.id)).not.toContain(t("de", "accounts.syncNow")); // it would only be skipped
    expect(html).toContain(`hx-confirm="${escaped(t("de", "accounts.confirmDelete", { label: "Arbeit" }))}"`);
    expect(html).toContain('href="/accounts/new"');
  });

  test("is empty for someone else, with the link to add one; the navigation links to it", async () => {
    const user = await createTestUser(services);
    const html = await (await as(user, "en").get("/accounts")).text();
    expect(html).toContain(t("en", "accounts.none"));
    expect(html).toContain(`<a href="/accounts">${t("en", "nav.accounts")}</a>`);
  });
});

describe("folders", () => {
  test("a folder is excluded and included again; htmx gets the row back", async () => {
    const user = await createTestUser(services);
    const { account, folders } = await directAccount(user);
    const folder = folders.find((entry) => entry.path === "Projekte")!;
    const url = `/accounts/${account.id}/folders/${folder.id}`;

    const excluded = await as(user).post(url, { selected: "false" }, HTMX);
    expect(excluded.status).toBe(200);
    const row = await excluded.text();
    expect(row).toStartWith(`<tr id="folder-${folder.id}" data-selected="false"`);
    expect(row).not.toContain("checked");
    expect((await listFolders(db.sql, user.user.id, account.id)).find((entry) => entry.id === folder.id)!.selected).toBe(false);

    // The checkbox form sends "false" then "true" when ticked: the last value wins.
    const body = "selected=false&selected=true";
    const included = await app.request(url, { method: "POST", headers: { ...HTMX, "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:3000", Cookie: user.cookie }, body });
    expect(await included.text()).toContain('data-selected="true"');
    expect((await listFolders(db.sql, user.user.id, account.id)).find((entry) => entry.id === folder.id)!.selected).toBe(true);

    // Without JavaScript: back to the account page.
    const plain = await as(user).post(url, { selected: "false" });
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe(`/accounts/${account.id}#folders-title`);
  });

  test("the role is shown translated, and the page lists folders INBOX first", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user);
    for (const lang of ["de", "en"] as const) {
      const html = await (await as(user, lang).get(`/accounts/${account.id}`)).text();
      expect(html).toContain(`<td class="role">${t(lang, "accounts.role.inbox")}</td>`);
      expect(html).toContain(`<td class="role">${t(lang, "accounts.role.sent")}</td>`);
      expect(html.indexOf('data-role="inbox"')).toBeLessThan(html.indexOf('data-role="sent"'));
    }
  });

  test("a folder of another of the user's accounts, or a bad value, is refused", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user, "Eins");
    const { folders: otherFolders } = await directAccount(user, "Zwei");
    const other = otherFolders[0]!;
    expect((await as(user).post(`/accounts/${account.id}/folders/${other.id}`, { selected: "false" })).status).toBe(404);
    expect((await listFolders(db.sql, user.user.id, other.accountId)).find((entry) => entry.id === other.id)!.selected).toBe(true);
    const own = (await listFolders(db.sql, user.user.id, account.id))[0]!;
    expect((await as(user).post(`/accounts/${account.id}/folders/${own.id}`, { selected: "maybe" })).status).toBe(400);
  });
});

describe("actions", () => {
  test("disable and enable: the row is replaced for htmx; enabling queues a sync", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user);
    const disabled = await as(user).post(`/accounts/${account.id}/disable`, { view: "list" }, HTMX);
    expect(disabled.status).toBe(200);
    const row = await disabled.text();
    expect(row).toContain(`id="account-${account.id}" data-status="disabled"`);
    expect(row).toContain(`data-action="enable"`);
    expect(row).not.toContain(`data-action="sync"`);
    expect((await getMailAccount(db.sql, user.user.id, account.id))!.enabled).toBe(false);
    expect(await syncJobs(account.id)).toEqual([]);

    // A disabled account is not synced on request.
    const refused = await as(user).post(`/accounts/${account.id}/sync`, { view: "list" }, HTMX);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain(t("de", "accounts.refused.disabled"));

    const enabled = await as(user).post(`/accounts/${account.id}/enable`, { view: "account" });
    expect(enabled.status).toBe(303);
    expect(enabled.headers.get("location")).toBe(`/accounts/${account.id}`);
    expect((await getMailAccount(db.sql, user.user.id, account.id))!.enabled).toBe(true);
    expect((await syncJobs(account.id)).map((job) => job.key)).toEqual([`sync:${account.id}:all`]);
  });

  test("sync now queues one job; from the account page htmx gets the polling progress fragment", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user);
    const fromList = await as(user).post(`/accounts/${account.id}/sync`, { view: "list" }, HTMX);
    expect(await fromList.text()).toContain(t("de", "accounts.syncQueued"));
    const fromPage = await as(user).post(`/accounts/${account.id}/sync`, { view: "account" }, HTMX);
    const fragment = await fromPage.text();
    expect(fragment).toStartWith(`<div id="sync-progress" class="sync-progress" data-phase="queued" data-polling="true"`);
    expect(fragment).toContain('hx-trigger="every 2s"');
    expect(await syncJobs(account.id)).toHaveLength(1); // the second request replaced the first
    const plain = await as(user).post(`/accounts/${account.id}/sync`, {});
    expect(plain.status).toBe(303);
    expect(plain.headers.get("location")).toBe("/accounts");
  });

  test("delete removes the account, its folders and progress; the mail server is not asked", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user);
    await db.sql`insert into sync_progress (account_id, user_id, phase) values (${account.id}, ${user.user.id}, 'done')`;
    const fromList = await as(user).post(`/accounts/${account.id}/delete`, { view: "list" }, HTMX);
    expect(fromList.status).toBe(200);
    expect(await fromList.text()).toBe("");
    expect(await accountsOf(user)).toEqual([]);
    expect(await db.sql`select 1 from folders where account_id = ${account.id}`).toHaveLength(0);
    expect(await db.sql`select 1 from sync_progress where account_id = ${account.id}`).toHaveLength(0);

    const { account: second } = await directAccount(user);
    const fromPage = await as(user).post(`/accounts/${second.id}/delete`, { view: "account" }, HTMX);
    expect(fromPage.status).toBe(204);
    expect(fromPage.headers.get("hx-redirect")).toBe("/accounts");
    expect(await accountsOf(user)).toEqual([]);
  });
});

describe("sync progress", () => {
  test("the owner sees phase, folders, messages as a progress bar and the current folder; polling stops when done", async () => {
    const user = await createTestUser(services);
    const { account } = await directAccount(user);
    await db.sql`
      insert into sync_progress (account_id, user_id, phase, folders_done, folders_total, fetched, total, current_folder)
      values (${account.id}, ${user.user.id}, 'syncing', 2, 6, 120, 400, 'Projekte')`;
    const running = await as(user).get(`/accounts/${account.id}/progress`, HTMX);
    expect(running.status).toBe(200);
    expect(running.headers.get("cache-control")).toBe("no-store");
    const html = await running.text();
    expect(html).toContain('data-phase="syncing"');
    expect(html).toContain(`hx-get="/accounts/${account.id}/progress" hx-trigger="every 2s" hx-swap="outerHTML"`);
    expect(html).toContain(t("de", "accounts.progress.ofTotal", { done: "2", total: "6" }));
    expect(html).toContain(`<progress id="progress-${account.id}" value="120" max="400"></progress>`);
    expect(html).toContain("Projekte");

    await db.sql`update sync_progress set phase = 'failed', error = 'cannot reach the server (ECONNREFUSED)', error_reason = 'unreachable', finished_at = now(), current_folder = null where account_id = ${account.id}`;
    const done = await (await as(user, "en").get(`/accounts/${account.id}/progress`, HTMX)).text();
    expect(done).toContain('data-phase="failed"');
    expect(done).toContain(t("en", "accounts.phase.failed"));
    // The reason in words, not the technical message with its code.
    expect(done).toContain(t("en", "accounts.reason.unreachable"));
    expect(done).not.toContain("ECONNREFUSED");
    expect(done).not.toContain("hx-get"); // no more polling
    // The sync is over: the facts and the folders it changed come along, for htmx to swap in by id.
    expect(done).toContain('<dl class="facts" id="account-facts" hx-swap-oob="true">');
    expect(done).toContain('<div id="account-folders" hx-swap-oob="true">');
    expect(done).toContain('<span class="folder-path">Projekte</span>');
    // Loaded without htmx (a plain GET), the fragment is the progress alone.
    const plain = await (await as(user, "en").get(`/accounts/${account.id}/progress`)).text();
    expect(plain).toStartWith('<div id="sync-progress"');
    expect(plain).not.toContain("hx-swap-oob");
  });

  test("another user's account answers 404", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const { account } = await directAccount(owner);
    await db.sql`insert into sync_progress (account_id, user_id, phase) values (${account.id}, ${owner.user.id}, 'syncing')`;
    expect((await as(other).get(`/accounts/${account.id}/progress`, HTMX)).status).toBe(404);
    expect((await as(other).get(`/accounts/${account.id}`)).status).toBe(404);
  });
});

describe("editing", () => {
  test("saving re-tests the connection; an empty password keeps the stored one", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const created = await as(user).post("/accounts", formFor(box));
    const accountId = accountIdFrom(created.headers.get("location"))!;
    const saved = await as(user).post(`/accounts/${accountId}`, formFor(box, { label: "Büro", password: "" }));
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/accounts/${accountId}?done=saved`);
    expect((await getMailAccount(db.sql, user.user.id, accountId))!.label).toBe("Büro");
    const page = await (await as(user).get(saved.headers.get("location")!)).text();
    expect(page).toContain(t("de", "accounts.saved"));
  });

  test("a wrong new password is refused with the reason and nothing changes", async () => {
    const user = await createTestUser(services);
    const box = server.createMailbox();
    const accountId = accountIdFrom((await as(user).post("/accounts", formFor(box))).headers.get("location"))!;
    const refused = await as(user, "en").post(`/accounts/${accountId}`, formFor(box, { label: "Renamed", password: "not-the-password" }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(t("en", "accounts.reason.auth"));
    expect(html).not.toContain("not-the-password");
    expect((await getMailAccount(db.sql, user.user.id, accountId))!.label).toBe("Arbeit");
  });
});
