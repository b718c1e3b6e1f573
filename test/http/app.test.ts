import { afterAll, beforeAll, beforeEach, describe, expect, test } from "bun:test";
import { createApp, type App } from "../../src/http/app.tsx";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import type { HealthzResponse } from "../../src/http/routes/health/healthz.ts";
import type { ReadyzResponse } from "../../src/http/routes/health/readyz.ts";
import { assetUrls } from "../../views/assets.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { createTestUser } from "../support/users.ts";
import { t } from "../../src/i18n/messages.ts";
import { testServices } from "../support/services.ts";

let db: TestDatabase;
let app: App;
/** A signed-in user's cookie: unknown routes answer 404 only to them (everyone else is sent to sign in). */
let cookie: string;
/** An administrator's: the system status is theirs alone. */
let adminCookie: string;
beforeAll(async () => {
  db = await createTestDatabase();
  const services = testServices(db);
  app = createApp(services);
  cookie = (await createTestUser(services)).cookie;
  adminCookie = (await createTestUser(services, { role: "admin" })).cookie;
});
afterAll(() => db.drop());

const ORIGIN = "http://127.0.0.1:3000";

describe("health", () => {
  test("/healthz answers 200 without touching the database", async () => {
    const response = await app.request("/healthz");
    expect(response.status).toBe(200);
    expect((await response.json()) as HealthzResponse).toEqual({ status: "ok" });
  });

  describe("/readyz", () => {
    beforeEach(async () => {
      await db.sql`delete from worker_heartbeats`;
    });

    test("is 503 naming the worker when no worker has reported", async () => {
      const response = await app.request("/readyz");
      expect(response.status).toBe(503);
      const body = (await response.json()) as ReadyzResponse;
      expect(body.status).toBe("not_ready");
      expect(body.checks.database.ok).toBe(true);
      expect(body.checks.migrations.ok).toBe(true);
      expect(body.checks.worker).toEqual({ ok: false, detail: "no worker running" });
    });

    test("is 200 with a recent heartbeat", async () => {
      await db.sql`insert into worker_heartbeats (worker_id, hostname, pid) values ('w1', 'test', 1)`;
      const response = await app.request("/readyz");
      expect(response.status).toBe(200);
      expect(((await response.json()) as ReadyzResponse).status).toBe("ready");
    });

    test("is 503 when the only heartbeat is stale", async () => {
      await db.sql`insert into worker_heartbeats (worker_id, hostname, pid, seen_at) values ('w1', 'test', 1, now() - interval '5 minutes')`;
      const body = (await (await app.request("/readyz")).json()) as ReadyzResponse;
      expect(body.checks.worker.ok).toBe(false);
      expect(body.checks.worker.detail).toMatch(/last heartbeat \d+ s ago/);
    });

    test("is 503 when a migration is pending", async () => {
      await db.sql`insert into worker_heartbeats (worker_id, hostname, pid) values ('w1', 'test', 1)`;
      const [last] = await db.sql`delete from schema_migrations where version = (select max(version) from schema_migrations) returning version, name, checksum`;
      try {
        const body = (await (await app.request("/readyz")).json()) as ReadyzResponse;
        expect(body.checks.migrations).toEqual({ ok: false, detail: `pending: ${last!.name}` });
      } finally {
        await db.sql`insert into schema_migrations (version, name, checksum) values (${last!.version}, ${last!.name}, ${last!.checksum})`;
      }
    });
  });
});

describe("error envelope", () => {
  test("JSON clients get { error: { code, message, requestId } } with the request id header", async () => {
    const response = await app.request("/no/such/route", { headers: { Cookie: cookie } });
    expect(response.status).toBe(404);
    const body = (await response.json()) as ErrorEnvelope;
    expect(body.error.code).toBe("NOT_FOUND");
    expect(body.error.message).toContain("/no/such/route");
    expect(body.error.requestId).toBe(response.headers.get("x-request-id")!);
  });

  test("htmx requests get an HTML fragment retargeted to the alert region", async () => {
    const response = await app.request("/no/such/route", { headers: { "HX-Request": "true", Cookie: `lang=en; ${cookie}` } });
    expect(response.status).toBe(404);
    expect(response.headers.get("hx-retarget")).toBe("#alerts");
    const html = await response.text();
    expect(html).toStartWith('<div class="error" data-error-code="NOT_FOUND">');
    expect(html).toContain("Not found.");
    expect(html).toContain(response.headers.get("x-request-id")!);
    expect(html).not.toContain("<html");
  });

  test("browsers navigating get a whole page in their language", async () => {
    const response = await app.request("/no/such/route", { headers: { Accept: "text/html", "Accept-Language": "de-DE,de;q=0.9", Cookie: cookie } });
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toStartWith("<!doctype html>");
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Nicht gefunden.");
  });

  test("a wrong method is 405 with an Allow header", async () => {
    const response = await app.request("/healthz", { method: "DELETE", headers: { "Content-Type": "application/json" } });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toContain("GET");
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("METHOD_NOT_ALLOWED");
  });

  test("a body over the limit is 413 PAYLOAD_TOO_LARGE", async () => {
    const response = await app.request("/language", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
      body: `lang=de&back=${"x".repeat(2 * 1024 * 1024)}`,
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  test("an incoming X-Request-Id is kept, so logs correlate with a proxy's", async () => {
    const response = await app.request("/healthz", { headers: { "X-Request-Id": "proxy-abc-123" } });
    expect(response.headers.get("x-request-id")).toBe("proxy-abc-123");
  });
});

describe("pages", () => {
  test("the layout page loads htmx with the request's CSP nonce, different on every request", async () => {
    const nonces = [];
    for (let i = 0; i < 2; i++) {
      const response = await app.request("/", { headers: { Cookie: `lang=en; ${cookie}` } });
      expect(response.status).toBe(200);
      const csp = response.headers.get("content-security-policy")!;
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      const html = await response.text();
      expect(html).toContain(`<script src="${assetUrls.htmx}" nonce="${nonce}" defer="">`);
      nonces.push(nonce);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  test("German is the default; Accept-Language and the lang cookie choose English", async () => {
    expect(await (await app.request("/signin")).text()).toContain("<h1>Anmelden</h1>");
    expect(await (await app.request("/signin", { headers: { "Accept-Language": "en-US,en;q=0.8" } })).text()).toContain("<h1>Sign in</h1>");
    expect(await (await app.request("/signin", { headers: { "Accept-Language": "en", Cookie: "lang=de" } })).text()).toContain("<h1>Anmelden</h1>");
  });

  test("the language switch sets the cookie and returns to the page, never to another site", async () => {
    const switchTo = (back: string) =>
      app.request("/language", {
        method: "POST",
        headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ lang: "en", back }).toString(),
      });
    const response = await switchTo("/api/docs");
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe("/api/docs");
    expect(response.headers.get("set-cookie")).toMatch(/^lang=en;.*HttpOnly/);
    expect((await switchTo("//evil.example/x")).headers.get("location")).toBe("/");
    expect((await switchTo("https://evil.example/")).headers.get("location")).toBe("/");
  });

  test("signed in, the switch is remembered for the user: another browser without the cookie gets it, its own cookie still wins", async () => {
    const user = await createTestUser(testServices(db));
    const chosen = await app.request("/language", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded", Cookie: user.cookie },
      body: new URLSearchParams({ lang: "en", back: "/account/security" }).toString(),
    });
    expect(chosen.status).toBe(303);
    expect((await db.sql`select language from users where id = ${user.user.id}`)[0]!.language).toBe("en");
    const page = (cookie: string, acceptLanguage = "de-DE") => app.request("/account/sessions", { headers: { Cookie: cookie, "Accept-Language": acceptLanguage, Accept: "text/html" } });
    expect(await (await page(user.cookie)).text()).toContain('<html lang="en"');
    expect(await (await page(`lang=de; ${user.cookie}`)).text()).toContain('<html lang="de"');
    // Someone who never chose: their browser's language.
    const other = await createTestUser(testServices(db));
    expect(await (await page(other.cookie, "en-GB")).text()).toContain('<html lang="en"');
    expect(await (await page(other.cookie)).text()).toContain('<html lang="de"');
  });

  test("an unknown language is a BAD_REQUEST", async () => {
    const response = await app.request("/language", {
      method: "POST",
      headers: { Origin: ORIGIN, "Content-Type": "application/x-www-form-urlencoded" },
      body: "lang=xx",
    });
    expect(response.status).toBe(400);
  });

  test("the status fragment shows each readiness check in words, to administrators only", async () => {
    await db.sql`delete from worker_heartbeats`;
    const asAdmin = { Cookie: `lang=en; ${adminCookie}`, "HX-Request": "true" };
    const html = await (await app.request("/admin/status/check", { headers: asAdmin })).text();
    expect(html).toContain('data-ready="false"');
    expect(html).toContain("Background worker");
    expect(html).toContain(t("en", "status.state.no_worker"));
    expect(html).toContain('data-state="current"');
    const german = await (await app.request("/admin/status/check", { headers: { ...asAdmin, Cookie: `lang=de; ${adminCookie}` } })).text();
    expect(german).toContain(t("de", "status.state.no_worker"));
    expect(german).not.toContain("no worker running");

    // The page, and the dashboard's card, for administrators; a user sees neither, and the old public fragment is gone.
    const page = await app.request("/admin/status", { headers: { Cookie: `lang=de; ${adminCookie}` } });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(t("de", "status.state.no_worker"));
    expect(await (await app.request("/", { headers: { Cookie: adminCookie } })).text()).toContain('hx-get="/admin/status/check"');
    const dashboard = await (await app.request("/", { headers: { Cookie: cookie } })).text();
    expect(dashboard).not.toContain("/admin/status/check");
    expect(dashboard).not.toContain(t("de", "status.title"));
    expect((await app.request("/admin/status", { headers: { Cookie: cookie } })).status).toBe(404);
    expect((await app.request("/admin/status/check", { headers: { Cookie: cookie, "HX-Request": "true" } })).status).toBe(404);
    expect((await app.request("/status", { headers: { Cookie: cookie } })).status).toBe(404);
  });

  test("htmx and the stylesheet are served with caching headers", async () => {
    const htmx = await app.request(assetUrls.htmx);
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("cache-control")).toContain("immutable");
    expect(await htmx.text()).toContain("htmx");
    expect((await app.request(assetUrls.css)).headers.get("content-type")).toContain("text/css");
  });
});

describe("OpenAPI", () => {
  test("the document lists the routes and the error envelope", async () => {
    const response = await app.request("/api/openapi.json");
    expect(response.status).toBe(200);
    const document = (await response.json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/healthz", "/readyz"]));
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(["Error", "Readiness", "Liveness"]));
  });

  test("the reference page renders every operation", async () => {
    const html = await (await app.request("/api/docs", { headers: { Cookie: "lang=en" } })).text();
    expect(html).toContain("API reference");
    expect(html).toContain("<code>/readyz</code>");
    expect(html).toContain('href="/api/openapi.json"');
  });
});
