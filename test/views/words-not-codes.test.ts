/**
 * Words, not codes (issue 15 item 12): every GET page, rendered by the app
 * as the server sends it, in German and in English, for an administrator and
 * for a normal user whose mailbox was synced from the real Dovecot, plus the
 * error states people meet (a refused password, an unreachable server, a
 * self-signed certificate, a message that is gone, audit events with
 * details). The pages are server-rendered, so the HTML is enough: its visible
 * text (tags, scripts and styles left out; labels, titles and placeholders
 * kept) must not carry, in German, an English catalogue text, a raw code,
 * JSON, an audit event name, a server folder name whose role is known or an
 * English error sentence of the domain; in English, no German catalogue text.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { audit } from "../../src/auth/audit.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { syncAccount } from "../../src/mail/sync/sync-account.ts";
import { de } from "../../src/i18n/de.ts";
import { en } from "../../src/i18n/en.ts";
import { t } from "../../src/i18n/messages.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { freePort } from "../support/ports.ts";
import { appRoutes, fillPath, rowIdsOf, type RowIds } from "../support/routes.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, FORM_HEADERS, type TestUser } from "../support/users.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

/**
 * GET routes that are not pages: the JSON API, files, health checks,
 * downloads; and the API reference, which shows the OpenAPI document of the
 * JSON API (its field names and descriptions are the API's own, in English).
 */
const NOT_PAGES = [
  /^\/api\/v1\//,
  /^\/static\//,
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/openapi\.json$/,
  /^\/api\/openapi/,
  /^\/api\/docs$/,
  /\/body$/,
  /\/attachment$/,
  /\/download$/,
  /\/ics$/,
  /^\/signout$/,
];

// ---- what a page's visible text must not contain ----------------------------

/** Visible text of an HTML document: text nodes plus the labels a screen reader or a tooltip shows. */
export function visibleText(html: string): string {
  const attributes = [...html.matchAll(/\s(?:aria-label|title|placeholder|alt)="([^"]*)"/g)].map((match) => match[1]);
  const text = html
    .replace(/<(script|style|template)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<!--[\s\S]*?-->/g, " ")
    .replace(/<[^>]+>/g, " ");
  return decode(`${text} ${attributes.join(" ")}`).replace(/\s+/g, " ");
}

function decode(text: string): string {
  const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|\w+);/gi, (entity, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return named[name] ?? entity;
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A catalogue text as a pattern: its longest literal part between placeholders, whole words only; none for texts too short to tell. */
function cataloguePattern(text: string): RegExp | undefined {
  const longest = text
    .split(/\{\w+\}/)
    .map((part) => part.trim())
    .sort((a, b) => b.length - a.length)[0];
  if (!longest || longest.length < 4 || !/[a-zA-ZäöüÄÖÜß]{3}/.test(longest)) return undefined;
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(longest)}(?![\\p{L}\\p{N}])`, "u");
}

/**
 * English texts that are fine on a German page: the product's name, and
 * words German itself uses. Each is the English catalogue text's longest part.
 */
const SAME_IN_BOTH = new Set(["Mail Helper", "Spam", "Newsletter", "Phishing", "OpenAPI", "IMAP", "Status", "Tags", "Name", "Port", "Account", "Details", "Filter", "Start", "Server"]);

function catalogueOnly(from: Record<string, string>, other: Record<string, string>): { key: string; pattern: RegExp }[] {
  const otherTexts = new Set(Object.values(other));
  const found: { key: string; pattern: RegExp }[] = [];
  for (const [key, text] of Object.entries(from)) {
    if (text === other[key] || otherTexts.has(text)) continue;
    const pattern = cataloguePattern(text);
    if (!pattern || SAME_IN_BOTH.has(pattern.source.replace(/^\(\?<!\[\\p\{L\}\\p\{N\}\]\)|\(\?!\[\\p\{L\}\\p\{N\}\]\)$/g, ""))) continue;
    // A part that is also part of some text of the other language is no evidence (e.g. "Mail Helper").
    const part = pattern.source;
    if (Object.values(other).some((value) => new RegExp(part, "u").test(value))) continue;
    found.push({ key, pattern });
  }
  return found;
}

const ENGLISH_ONLY = catalogueOnly(en, de);
const GERMAN_ONLY = catalogueOnly(de, en);

/** English sentences the domain puts into errors (AppError and IMAP failures), read from the source so a new one is checked too. */
function domainSentences(): string[] {
  const sentences = new Set<string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.tsx?$/.test(name)) {
        const source = readFileSync(path, "utf8");
        for (const match of source.matchAll(/new (?:AppError|ImapError)\("[\w]+", [`"]([^`"$]{8,})/g)) sentences.add(match[1]!);
        for (const match of source.matchAll(/\? "(no such [a-z' ]+)"/g)) sentences.add(match[1]!);
      }
    }
  };
  walk(join(import.meta.dir, "../../src"));
  sentences.add("cannot connect to the server");
  return [...sentences];
}
const DOMAIN_SENTENCES = domainSentences();

const RAW_CODE = /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b/;
const NETWORK_CODE = /\b(ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ECONNRESET|EAI_AGAIN)\b/;
const JSON_TEXT = /\{"|":\s*["{[\d]/;
const ROLE_FOLDER_NAME = /\b(INBOX|Junk|Trash|Sent|Drafts|Archive)\b/;

/** What is wrong with a page's visible text in `lang`; empty when nothing is. */
export function problemsOf(text: string, lang: "de" | "en", auditEvents: string[]): string[] {
  const problems: string[] = [];
  const around = (index: number) => text.slice(Math.max(0, index - 40), index + 60);
  const check = (label: string, pattern: RegExp) => {
    const match = pattern.exec(text);
    if (match) problems.push(`${label}: …${around(match.index)}…`);
  };
  if (lang === "de") {
    for (const { key, pattern } of ENGLISH_ONLY) check(`English text of ${key}`, pattern);
    check("raw code", RAW_CODE);
    check("network error code", NETWORK_CODE);
    check("JSON", JSON_TEXT);
    check("server folder name", ROLE_FOLDER_NAME);
    for (const event of auditEvents) check("audit event name", new RegExp(`\\b${escapeRegExp(event)}\\b`));
    for (const sentence of DOMAIN_SENTENCES) check("English error sentence", new RegExp(escapeRegExp(sentence), "i"));
  } else {
    for (const { key, pattern } of GERMAN_ONLY) check(`German text of ${key}`, pattern);
  }
  return problems;
}

// ---- the people and the states they meet ---------------------------------------

const admin = await createTestUser(services, { role: "admin" });
const adminIds = rowIdsOf(services, admin, admin);

/** A normal user with a mailbox synced from Dovecot. */
const fixture = await syncFixture(services);
/** The seeded mails' own words (subjects, text, previews): the senders', in their language, not the app's ("Termin" is also a catalogue word). */
const MAIL_TEXTS = ["Rechnung für Dezember", "Termin am Freitag", "Passt dir 10 Uhr?", "Angebote der Woche"];
server.seedMaildir(fixture.box.user, "INBOX", [
  makeMessage({ from: "Anna Schmidt <anna@example.org>", to: "me@example.org", subject: "Rechnung für Dezember", body: "Hallo,\n\nanbei die Rechnung.\n\nViele Grüße" }),
  makeMessage({ from: "Bernd Meier <bernd@example.org>", to: "me@example.org", subject: "Termin am Freitag", body: "Passt dir 10 Uhr?" }),
  // HTML with a remote image: the page offers to load images from this sender, a button that once named the address.
  makeMessage({
    from: "Newsletter <news@shop.example>",
    to: "me@example.org",
    subject: "Angebote der Woche",
    body: '<html><body><p>Hallo</p><img src="https://shop.example/images/angebot.jpg" width="600" height="300" alt="Angebot"></body></html>',
    headers: { "Content-Type": "text/html; charset=utf-8" },
  }),
]);
expect((await fixture.sync()).status).toBe("done");
const user = fixture.user;
const [synced] = await db.sql`
  select m.id, m.thread_id, c.folder_id from messages m join message_copies c on c.message_id = m.id
  where m.account_id = ${fixture.account.id} order by m.id limit 1`;
const allSynced = (await db.sql`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id as string);
const userIds: RowIds = {
  ...rowIdsOf(services, user, admin),
  accountId: async () => fixture.account.id,
  folderId: async () => synced!.folder_id as string,
  messageId: async () => synced!.id as string,
  threadId: async () => synced!.thread_id as string,
};

/** Mail accounts of `owner` whose last connection failed the way people meet it, synced for real. */
async function failingAccounts(owner: TestUser): Promise<string[]> {
  const box = server.createMailbox();
  const closedPort = await freePort();
  const failing = [
    { label: "konto-1", host: box.host, port: box.tlsPort, security: "tls" as const, tlsCa: box.ca, username: box.user, password: "not-the-password" },
    { label: "konto-2", host: "127.0.0.1", port: closedPort, security: "tls" as const, username: box.user, password: box.password },
    { label: "konto-3", host: box.host, port: box.tlsPort, security: "tls" as const, username: box.user, password: box.password },
  ];
  const ids = [];
  for (const input of failing) {
    const account = await createMailAccount(db.sql, owner.dataKey, owner.user.id, input);
    await syncAccount(services, { accountId: account.id, userId: owner.user.id, scope: "all", holder: "test" }).catch(() => undefined);
    ids.push(account.id);
  }
  const statuses = await db.sql`select status, last_error from mail_accounts where id = any(${ids}::uuid[]) order by label`;
  // Each really failed, with the technical detail (a code such as ECONNREFUSED) on record.
  expect(statuses.map((row) => row.status).sort()).toEqual(["auth_failed", "error", "error"]);
  return ids;
}

const userFailing = await failingAccounts(user);
await failingAccounts(admin);

// Audit events with details, as the app records them.
await audit(db.sql, services.log, "user.second_factor_enabled", { actorId: user.user.id, subjectId: user.user.id });
await audit(db.sql, services.log, "user.password_changed", { actorId: user.user.id, subjectId: user.user.id, detail: { otherSessionsEnded: 2 } });
await audit(db.sql, services.log, "user.created", { actorId: admin.user.id, subjectId: user.user.id, detail: { role: "user", invitationId: "0b6f3a40-1111-4222-8333-944455556666" } });
await audit(db.sql, services.log, "user.password_reset_by_admin", { actorId: admin.user.id, subjectId: user.user.id, detail: { encryptedDataWiped: true } });
await audit(db.sql, services.log, "user.recovery_code_used", { actorId: user.user.id, subjectId: user.user.id, detail: { codesLeft: 7 } });
await audit(db.sql, services.log, "outbound.allowed_targets_changed", { actorId: admin.user.id, detail: { added: ["10.0.0.5:993"], removed: [] } });
await audit(db.sql, services.log, "user.key_mode_changed", { actorId: user.user.id, subjectId: user.user.id, detail: { mode: "password" } });
const auditEvents = (await db.sql`select distinct event from audit_events`).map((row) => row.event as string);

/** Every GET page with its ids filled in, and the extra states for this person. */
async function pagesFor(ids: RowIds, extra: string[]): Promise<string[]> {
  const paths = appRoutes(app)
    .filter((route) => route.method === "GET" && !NOT_PAGES.some((pattern) => pattern.test(route.path)))
    .map((route) => route.path);
  const filled = [];
  for (const path of paths) filled.push(await fillPath(path, ids));
  return [...filled, ...extra];
}

const GONE_MESSAGE = "/messages/6b1f7c2e-4d3a-4e5f-8a9b-0c1d2e3f4a5b";

/** Pages that answered 200 in the last walk (ids as :id): the walk must reach the pages, not only error pages. */
let shown: string[] = [];

async function walk(person: TestUser, ids: RowIds, extra: string[], lang: "de" | "en"): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  shown = [];
  const http = client(app, { cookie: `${person.cookie}; lang=${lang}` });
  const paths = await pagesFor(ids, extra);
  // The names people gave their mailboxes are theirs, not the app's words ("Mailbox" is one in test/support/routes.ts).
  const labels = (await db.sql`select label from mail_accounts where user_id = ${person.user.id}`).map((row) => row.label as string);
  for (const path of paths) {
    const response = await http.get(path);
    if (!response.headers.get("content-type")?.startsWith("text/html")) continue;
    if (response.status === 200) shown.push(path.replace(/[0-9a-f-]{36}/g, ":id"));
    // A reply proposal is written in the mail's language and marked so (lang="…"): content, like the mail itself, not the app's words.
    const html = (await response.text()).replace(/<textarea\b[^>]*\slang="(de|en)"[^>]*>[\s\S]*?<\/textarea>/g, (element, marked: string) => (marked === lang ? element : " "));
    for (const [, button] of html.matchAll(/<button\b[^>]*>([\s\S]*?)<\/button>/g)) {
      if (/[\w.+-]+@[\w-]+(\.[\w-]+)+/.test(visibleText(button!))) (found[path] ??= []).push(`address on a button: ${visibleText(button!).trim()}`);
    }
    let text = visibleText(html);
    for (const label of [...labels, ...MAIL_TEXTS]) text = text.replaceAll(label, " ");
    const problems = problemsOf(text, lang, auditEvents);
    if (problems.length) found[path] = [...(found[path] ?? []), ...problems].slice(0, 6);
  }
  return found;
}

describe.each(["de", "en"] as const)("in %s", (lang) => {
  test("the administrator's pages say everything in words of the language", async () => {
    expect(await walk(admin, adminIds, ["/admin/audit", "/admin/status", "/accounts", GONE_MESSAGE], lang)).toEqual({});
    for (const path of ["/", "/messages", "/accounts", "/accounts/:id", "/admin/users", "/admin/audit", "/admin/status", "/admin/status/check", "/settings/ai", "/account/security"]) {
      expect({ path, shown: shown.includes(path) }).toEqual({ path, shown: true });
    }
  });

  test("a user's pages, with a synced mailbox and accounts that failed, say everything in words", async () => {
    const extra = [
      "/accounts",
      ...userFailing.map((id) => `/accounts/${id}`),
      `/messages/${synced!.id}`,
      `/threads/${synced!.thread_id}`,
      `/messages?folder=${synced!.folder_id}`,
      ...allSynced.map((id) => `/messages/${id}`),
      GONE_MESSAGE,
    ];
    expect(await walk(user, userIds, extra, lang)).toEqual({});
    for (const path of ["/", "/messages", "/messages/:id", "/threads/:id", "/accounts", "/accounts/:id"]) {
      expect({ path, shown: shown.includes(path) }).toEqual({ path, shown: true });
    }
    expect(shown.some((path) => path.startsWith("/admin"))).toBe(false);
  });

  test("a failed connection test on the new-account form says why in words", async () => {
    const box = server.createMailbox();
    const closedPort = await freePort();
    for (const person of [admin, user]) {
      for (const target of [
        { host: box.host, port: String(box.tlsPort), tlsCa: "" },
        { host: "127.0.0.1", port: String(closedPort), tlsCa: "" },
        { host: box.host, port: String(box.tlsPort), tlsCa: box.ca, password: "wrong" },
      ]) {
        const response = await client(app, { cookie: `${person.cookie}; lang=${lang}` }).post(
          "/accounts",
          { label: "Test", security: "tls", username: box.user, password: box.password, ...target },
          FORM_HEADERS,
        );
        expect(response.status).toBe(400);
        expect({ target: target.port, problems: problemsOf(visibleText(await response.text()), lang, auditEvents) }).toEqual({ target: target.port, problems: [] });
      }
    }
  });
});

describe("the error states people meet, in words", () => {
  test.each(["de", "en"] as const)("%s", async (lang) => {
    const http = client(app, { cookie: `${user.cookie}; lang=${lang}` });
    const [wrongPassword, serverDown, selfSigned] = userFailing;
    for (const [id, reason] of [
      [wrongPassword, "auth"],
      [serverDown, "unreachable"],
      [selfSigned, "tls"],
    ] as const) {
      const html = await (await http.get(`/accounts/${id}`)).text();
      expect({ reason, said: html.includes(t(lang, `accounts.reason.${reason}`)) }).toEqual({ reason, said: true });
    }
    const gone = await http.get(GONE_MESSAGE);
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain(t(lang, "error.NOT_FOUND"));
    expect(await (await http.get(`/messages/${synced!.id}`)).text()).toContain(`<dd class="mh-folder">${t(lang, "accounts.role.inbox")}</dd>`);

    // The newsletter's page offers to load its images: in words, not with the sender's address.
    const pages = await Promise.all(allSynced.map(async (id) => await (await http.get(`/messages/${id}`)).text()));
    expect(pages.some((page) => page.includes(`<button type="submit">${t(lang, "message.remote.alwaysSender")}</button>`))).toBe(true);

    const log = await (await client(app, { cookie: `${admin.cookie}; lang=${lang}` }).get("/admin/audit")).text();
    expect(log).toContain(t(lang, "audit.event.secondFactorEnabled"));
    expect(log).toContain(t(lang, "audit.detail.codesLeft", { count: "7" }));
    expect(log).toContain(t(lang, "audit.detail.role", { role: t(lang, "role.user") }));
    expect(log).toContain(t(lang, "audit.detail.added", { targets: "10.0.0.5:993" }));
  });
});

describe("the checks themselves", () => {
  test("find a raw code, JSON, an event name, a folder name, an English sentence on a German page and German on an English one", () => {
    expect(problemsOf("Fehler: DEPTH_ZERO_SELF_SIGNED_CERT", "de", [])).toHaveLength(1);
    expect(problemsOf("Verbindung: ECONNREFUSED", "de", [])).toHaveLength(1);
    expect(problemsOf('Ereignis {"codesLeft":7}', "de", [])).toHaveLength(1);
    expect(problemsOf("user.second_factor_enabled", "de", ["user.second_factor_enabled"])).toHaveLength(1);
    expect(problemsOf("Ordner: INBOX", "de", [])).toHaveLength(1);
    expect(problemsOf("Fehler: no such message", "de", []).some((problem) => problem.startsWith("English error sentence"))).toBe(true);
    expect(problemsOf(`Menü ${en["accounts.reason.auth"]}`, "de", []).length).toBeGreaterThan(0);
    expect(problemsOf(`Menu ${de["accounts.reason.auth"]}`, "en", []).length).toBeGreaterThan(0);
    expect(problemsOf(de["accounts.reason.auth"], "de", [])).toEqual([]);
    expect(visibleText('<p title="a &amp; b">x<script>var y = "INBOX"</script></p>')).toBe(" x a & b");
  });
});
