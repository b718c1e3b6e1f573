/** Answers to a signed-in user are never cacheable; static assets keep their caching. */
import { afterAll, describe, expect, test } from "bun:test";
import { createSession } from "../../src/auth/sessions.ts";
import { openTestApp } from "../support/test-app.ts";
import { appRoutes, fillPath, rowIdsOf, VALID_JSON_BODIES } from "../support/routes.ts";
import { client, cookieFor, createTestUser, FORM_HEADERS, signInAs } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const admin = await createTestUser(services, { role: "admin" });
// The walk disables, resets and deletes this one; signing in uses another.
const other = await createTestUser(services);
const signer = await createTestUser(services);
const ids = { ...rowIdsOf(services, admin, admin), userId: async () => other.user.id };

/** Never load a session, say nothing about anyone: their own caching (or none) stands. */
const SESSIONLESS = /^\/(static\/|healthz$|readyz$)/;

describe("Cache-Control", () => {
  test("every route answers a signed-in administrator with no-store, whatever the outcome", async () => {
    for (const route of appRoutes(app).filter((entry) => !SESSIONLESS.test(entry.path))) {
      // A new session each time: some routes end the one they are called with.
      const cookie = cookieFor(services, await signInAs(services, admin.user, admin.dataKey));
      const json = VALID_JSON_BODIES[`${route.method} ${route.path}`];
      for (const accept of ["text/html", "application/json"]) {
        const response = await app.request(await fillPath(route.path, ids), {
          method: route.method,
          headers: { ...FORM_HEADERS, ...(json ? { "Content-Type": "application/json" } : {}), Accept: accept, Cookie: cookie },
          body: route.method === "GET" ? undefined : json ? JSON.stringify(json) : "",
        });
        const label = `${route.method} ${route.path} (${accept}, ${response.status})`;
        expect({ label, cacheControl: response.headers.get("cache-control") }).toEqual({ label, cacheControl: expect.stringContaining("no-store") });
      }
    }
  });

  test("a session still at the second factor gets no-store too", async () => {
    const token = await createSession(db.sql, services.keyring, services.config, { userId: admin.user.id, stage: "second_factor", context: { userAgent: "", clientAddress: "" } });
    const response = await client(app, { cookie: cookieFor(services, token) }).get("/signin/second-factor");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("the answer that sets the session cookie is not stored", async () => {
    const response = await client(app).post("/signin", { email: signer.user.email, password: signer.password });
    expect(response.headers.get("set-cookie")).toContain("mh_session=");
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  test("static assets keep their caching, signed in or not", async () => {
    for (const route of appRoutes(app).filter((entry) => entry.path.startsWith("/static/"))) {
      for (const cookie of [admin.cookie, undefined]) {
        const response = await client(app, { cookie }).get(route.path);
        expect({ path: route.path, cacheControl: response.headers.get("cache-control") }).toEqual({ path: route.path, cacheControl: expect.stringMatching(/^public, max-age=\d+/) });
      }
    }
  });

  test("signed-out pages are left as their handlers made them", async () => {
    expect((await client(app).get("/signin")).headers.get("cache-control")).toBeNull();
  });
});
