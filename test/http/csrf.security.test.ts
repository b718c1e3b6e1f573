/** Cross-site requests cannot change anything, htmx requests included; GET never changes state. */
import { afterAll, describe, expect, test } from "bun:test";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const user = await createTestUser(services);

const passwordHash = async () => (await db.sql`select password_hash from users where id = ${user.user.id}`)[0]!.password_hash as string;

describe("CSRF", () => {
  test.each([
    ["a form from another site", { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" }],
    ["a form from another site without Origin but with Sec-Fetch-Site", { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" }],
    ["an htmx request from another site", { Origin: "https://evil.example", "HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded" }],
    ["a text/plain post from another site", { Origin: "https://evil.example", "Content-Type": "text/plain" }],
    ["a multipart post from another site", { Origin: "null", "Content-Type": "multipart/form-data; boundary=x" }],
  ])("%s is refused with the session cookie, and nothing changes", async (_name, headers) => {
    const before = await passwordHash();
    const response = await app.request("/account/password", {
      method: "POST",
      headers: { ...headers, Cookie: user.cookie },
      body: new URLSearchParams({ current: user.password, next: "A completely new passphrase 42" }).toString(),
    });
    expect(response.status).toBe(403);
    expect(await passwordHash()).toBe(before);
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test.each([
    ["from another site", { Origin: "https://evil.example" }],
    ["with Sec-Fetch-Site cross-site and no Origin", { "Sec-Fetch-Site": "cross-site" }],
    ["from a sandboxed frame (Origin null)", { Origin: "null" }],
  ])("a JSON request %s is refused with the session cookie (not left to CORS preflight alone)", async (_name, headers) => {
    const [before] = await db.sql`select count(*)::int as n from llm_providers where user_id = ${user.user.id}`;
    const response = await app.request("/api/v1/llm-provider", {
      method: "PUT",
      headers: { ...headers, "Content-Type": "application/json", Accept: "application/json", Cookie: user.cookie },
      body: JSON.stringify({ kind: "ollama", baseUrl: "http://evil.example", model: "x" }),
    });
    expect(response.status).toBe(403);
    const [after] = await db.sql`select count(*)::int as n from llm_providers where user_id = ${user.user.id}`;
    expect(after!.n).toBe(before!.n);
  });

  test("a JSON request from this site, or from a client that is no browser, passes the check", async () => {
    for (const headers of [{ Origin: "http://127.0.0.1:3000" }, { "Sec-Fetch-Site": "same-origin" }, {}] as Record<string, string>[]) {
      const response = await app.request(`/api/v1/sessions/${"0".repeat(64)}`, {
        method: "DELETE",
        headers: { ...headers, "Content-Type": "application/json", Accept: "application/json", Cookie: user.cookie },
      });
      expect(response.status).toBe(404); // checked, and no such session: past the origin check
    }
  });

  test("the same form from this site works", async () => {
    const response = await app.request("/account/sessions/end-others", {
      method: "POST",
      headers: { Origin: "http://127.0.0.1:3000", "Content-Type": "application/x-www-form-urlencoded", Cookie: user.cookie, Accept: "text/html" },
    });
    expect(response.status).toBe(200);
  });

  test("GET never changes state: sign-out and admin actions are POST only", async () => {
    for (const path of ["/signout", `/account/sessions/${"0".repeat(64)}/end`, "/account/sessions/end-others", "/account/recovery-codes"]) {
      const response = await app.request(path, { headers: { Cookie: user.cookie, Accept: "application/json" } });
      expect({ path, status: response.status }).toEqual({ path, status: 405 });
    }
    expect((await app.request("/api/v1/me", { headers: { Cookie: user.cookie } })).status).toBe(200);
  });
});
