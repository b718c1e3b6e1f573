/**
 * The shared checks every route must pass, now and when later issues add
 * routes (this file enumerates the app's routes; a new route is checked
 * without anyone remembering to):
 *   - signed out: refused (401 for API clients, sent to /signin for browsers),
 *     unless it is on the short public list below;
 *   - another user's id in the path: 404, and nothing happens to their row;
 *   - not an administrator: /admin answers 404;
 *   - wrong method: 405;
 *   - bad input: a clear 4xx, never a 5xx.
 * A route with a path parameter needs an entry in rowIdsOf
 * (test/support/routes.ts) saying how to make an id of a row; the test fails
 * until it has one.
 */
import type { Services } from "../../src/services.ts";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/auth/sessions.ts";
import { createApp, type App } from "../../src/http/app.tsx";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { appRoutes as enumerateRoutes, fillPath as fillWithIds, rowIdsOf, type Route, type RowIds, VALID_JSON_BODIES } from "../support/routes.ts";
import { testServices } from "../support/services.ts";
import { client, cookieFor, createTestUser, FORM_HEADERS, type TestUser } from "../support/users.ts";

/** Routes anyone may use. Adding one here is a decision: say why in its route file. */
const PUBLIC_ROUTES = [
  "GET /healthz",
  "GET /readyz",
  "GET /metrics",
  "GET /api/openapi.json",
  "GET /api/docs",
  "POST /language",
  "GET /signin",
  "POST /signin",
  "GET /signup",
  "POST /signup",
  "GET /reset-password",
  "POST /reset-password",
];

let db: TestDatabase;
let services: Services;
let app: App;
let alice: TestUser;
let bob: TestUser;
let admin: TestUser;

/** For each path parameter: an id of a row that belongs to Bob (or, for admin routes, any valid id). */
let FOREIGN_IDS: RowIds;

const appRoutes = () => enumerateRoutes(app);

const isPublic = (route: Route) => PUBLIC_ROUTES.includes(`${route.method} ${route.path}`) || route.path.startsWith("/static/");

const fillPath = (path: string) => fillWithIds(path, FOREIGN_IDS);

/** The administration pages and their API: administrators only. */
const isAdminPath = (path: string) => /^\/(api\/v1\/)?admin(\/|$)/.test(path);

function request(route: Route, path: string, cookie?: string, accept = "application/json") {
  const json = VALID_JSON_BODIES[`${route.method} ${route.path}`];
  return app.request(path, {
    method: route.method,
    headers: { ...FORM_HEADERS, ...(json ? { "Content-Type": "application/json" } : {}), Accept: accept, ...(cookie ? { Cookie: cookie } : {}) },
    body: route.method === "GET" || route.method === "HEAD" ? undefined : json ? JSON.stringify(json) : "",
  });
}

beforeAll(async () => {
  db = await createTestDatabase();
  services = testServices(db);
  app = createApp(services);
  alice = await createTestUser(services);
  bob = await createTestUser(services);
  admin = await createTestUser(services, { role: "admin" });
  FOREIGN_IDS = rowIdsOf(services, bob, admin);
});
afterAll(() => db.drop());

describe("every route", () => {
  test("the app has the routes this check knows how to exercise", () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes) for (const [, name] of route.path.matchAll(/:(\w+)/g)) expect(Object.keys(FOREIGN_IDS)).toContain(name!);
  });

  test("refuses a signed-out client unless the route is public", async () => {
    for (const route of appRoutes().filter((entry) => !isPublic(entry))) {
      const path = await fillPath(route.path);
      const api = await request(route, path);
      expect({ route: `${route.method} ${route.path}`, status: api.status }).toEqual({ route: `${route.method} ${route.path}`, status: 401 });
      // Browsers are sent to sign in; the JSON API answers 401 to them too.
      if (route.path.startsWith("/api/")) continue;
      const browser = await request(route, path, undefined, "text/html");
      expect({ route: `${route.method} ${route.path}`, location: browser.headers.get("location")?.split("?")[0] }).toEqual({
        route: `${route.method} ${route.path}`,
        location: "/signin",
      });
    }
  });

  test("answers 404 to another user's id and leaves their row alone", async () => {
    const bobSessions = async () => (await db.sql`select count(*)::int as n from sessions where user_id = ${bob.user.id}`)[0]!.n;
    const before = await bobSessions();
    for (const route of appRoutes().filter((entry) => entry.path.includes(":"))) {
      // Outside /admin, being an administrator gives no access to other users' rows either.
      for (const actor of isAdminPath(route.path) ? [alice] : [alice, admin]) {
        const response = await request(route, await fillPath(route.path), actor.cookie);
        expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 404 });
      }
    }
    expect(await bobSessions()).toBe(before);
    const [bobRow] = await db.sql`select status from users where id = ${bob.user.id}`;
    expect(bobRow!.status).toBe("active");
  });

  test("answers 404 on every /admin route to a user who is not an administrator", async () => {
    for (const route of appRoutes().filter((entry) => isAdminPath(entry.path))) {
      const response = await request(route, await fillPath(route.path), alice.cookie, "text/html");
      expect({ route: `${route.method} ${route.path}`, status: response.status }).toEqual({ route: `${route.method} ${route.path}`, status: 404 });
    }
  });

  test("answers 405 with Allow to a method the route does not have", async () => {
    // The second-factor pages belong to half-signed-in sessions; a full session is sent on from there.
    const halfSignedIn = { "/signin/second-factor": "second_factor", "/setup/second-factor": "setup_second_factor" } as const;
    for (const route of appRoutes()) {
      // A method this path does not have (GET and PUT, or PATCH, may share one).
      const taken = new Set(
        appRoutes()
          .filter((other) => other.path === route.path)
          .map((other) => other.method),
      );
      const wrong = [route.method === "GET" ? "PUT" : "PATCH", "PUT", "PATCH", "DELETE"].find((method) => !taken.has(method))!;
      const stage = halfSignedIn[route.path as keyof typeof halfSignedIn];
      const cookie = stage
        ? cookieFor(services, await createSession(db.sql, services.keyring, services.config, { userId: alice.user.id, stage, context: { userAgent: "", clientAddress: "" } }))
        : admin.cookie;
      const response = await app.request(await fillPath(route.path), { method: wrong, headers: { "Content-Type": "application/json", Cookie: cookie } });
      expect({ route: `${wrong} ${route.path}`, status: response.status }).toEqual({ route: `${wrong} ${route.path}`, status: 405 });
      expect(response.headers.get("allow")).toContain(route.method);
    }
  });

  test("answers bad input with a 4xx, never a 5xx", async () => {
    const bodies = ["%%%=&&=%zz", `email=${"x".repeat(5000)}`, "token=%00%01&code=\u0000", "lang=de&back=javascript:alert(1)", "days=-5&role=root"];
    for (const route of appRoutes().filter((entry) => entry.method === "POST" || entry.method === "DELETE")) {
      for (const body of bodies) {
        const path = route.path.includes(":") ? route.path.replaceAll(/:(\w+)/g, "not-an-id") : route.path;
        const response = await app.request(path, { method: route.method, headers: { ...FORM_HEADERS, Accept: "application/json", Cookie: admin.cookie }, body });
        expect({ route: `${route.method} ${route.path}`, body, status: response.status < 500 }).toEqual({ route: `${route.method} ${route.path}`, body, status: true });
      }
    }
    const broken = await client(app, { cookie: alice.cookie }).json("/api/v1/sessions/zz", { method: "DELETE", headers: { Origin: "http://127.0.0.1:3000" } });
    expect(broken.status).toBe(404);
  });
});
