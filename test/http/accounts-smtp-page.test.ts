/**
 * The outgoing server card on the account page, in German and English:
 * saving tests first (a refused login is shown in words and not saved, the
 * password never written back), the stored settings can be tested, another
 * user's account answers 404 and a cross-site post is refused.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { t, type Lang } from "../../src/i18n/messages.ts";
import { dovecot } from "../support/dovecot.ts";
import { startSmtpToDovecot, type SmtpToDovecot } from "../support/smtp-to-dovecot.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, type TestUser } from "../support/users.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";

const { db, services, app } = await openTestApp();
let relay: SmtpToDovecot;
let anna: SyncFixture;
let mallory: SyncFixture;

const as = (user: TestUser, lang: Lang = "de") => {
  const browser = client(app, { cookie: user.cookie });
  const headers = { "Accept-Language": lang };
  return {
    get: (path: string) => browser.get(path, headers),
    post: (path: string, form: Record<string, string> = {}, extra: Record<string, string> = {}) => browser.post(path, form, { ...headers, ...extra }),
  };
};

const form = (overrides: Record<string, string> = {}) => ({
  smtpHost: "127.0.0.1",
  smtpPort: String(relay.port),
  smtpSecurity: "starttls",
  smtpUsername: "anna-smtp",
  smtpPassword: "smtp-secret",
  smtpTlsCa: relay.ca,
  smtpFromAddress: "anna@example.org",
  smtpFromName: "Anna Muster",
  ...overrides,
});

beforeAll(async () => {
  const server = await dovecot();
  anna = await syncFixture(services, { server });
  mallory = await syncFixture(services, { server });
  relay = await startSmtpToDovecot({ mailboxes: {}, username: "anna-smtp", password: "smtp-secret" });
});

afterAll(async () => {
  await relay?.stop();
  await db.drop();
});

describe("the outgoing server card", () => {
  test("is on the account page in German and English", async () => {
    for (const lang of ["de", "en"] as const) {
      const html = await (await as(anna.user, lang).get(`/accounts/${anna.account.id}`)).text();
      expect(html).toContain(t(lang, "smtp.title"));
      expect(html).toContain(t(lang, "smtp.notSet"));
      expect(html).toContain(`action="/accounts/${anna.account.id}/smtp"`);
    }
    expect(t("de", "smtp.title")).toBe("Ausgangsserver (SMTP)");
  });

  test("a refused login is shown in words and not saved; accepted settings are saved and can be tested", async () => {
    const path = `/accounts/${anna.account.id}/smtp`;
    const refused = await as(anna.user).post(path, form({ smtpPassword: "falsch-geheim" }));
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain(t("de", "smtp.reason.auth"));
    expect(html).not.toContain("falsch-geheim");
    expect(html).toContain('value="anna-smtp"');
    expect((await db.sql`select smtp_host from mail_accounts where id = ${anna.account.id}`)[0]!.smtp_host).toBeNull();

    const invalid = await as(anna.user, "en").post(path, form({ smtpFromAddress: "kein@" }));
    expect(invalid.status).toBe(400);
    expect(await invalid.text()).toContain('data-invalid="smtpFromAddress"');

    const saved = await as(anna.user).post(path, form());
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe(`/accounts/${anna.account.id}?smtp=saved#smtp`);
    const page = await (await as(anna.user, "en").get(`/accounts/${anna.account.id}?smtp=saved`)).text();
    expect(page).toContain(t("en", "smtp.saved"));
    expect(page).toContain(t("en", "smtp.passwordKeep"));
    expect(page).not.toContain("smtp-secret");

    const tested = await as(anna.user).post(`${path}/test`);
    expect(tested.status).toBe(303);
    expect(tested.headers.get("location")).toBe(`/accounts/${anna.account.id}?smtp=testOk#smtp`);
  });

  test("another user's account answers 404; a cross-site post is refused", async () => {
    expect((await as(mallory.user).post(`/accounts/${anna.account.id}/smtp`, form({ smtpHost: "evil.example" }))).status).toBe(404);
    expect((await as(mallory.user).post(`/accounts/${anna.account.id}/smtp/test`)).status).toBe(404);
    const crossSite = await as(anna.user).post(`/accounts/${anna.account.id}/smtp`, form({ smtpHost: "evil.example" }), { Origin: "https://evil.example" });
    expect(crossSite.status).toBe(403);
    expect((await db.sql`select smtp_host from mail_accounts where id = ${anna.account.id}`)[0]!.smtp_host).not.toBe("evil.example");
  });
});
