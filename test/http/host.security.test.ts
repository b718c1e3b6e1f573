/** DNS rebinding: a Host name the server was not configured for gets 421 and nothing done. */
import { afterAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.tsx";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import { testServices } from "../support/services.ts";
import { openTestApp } from "../support/test-app.ts";

const { db, services, app } = await openTestApp({ TRUST_PROXY: "true" });
afterAll(() => db.drop());

const signUpForm = (origin: string) => ({
  method: "POST",
  headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, Accept: "application/json" },
  body: new URLSearchParams({ email: "attacker@evil.example", password: "Wolke Fahrrad lange Tasse 42", displayName: "x" }).toString(),
});

describe("Host", () => {
  test("a rebound name cannot create the first administrator of a fresh install", async () => {
    const response = await app.request("http://evil.example:3000/signup", signUpForm("http://evil.example:3000"));
    expect(response.status).toBe(421);
    expect(((await response.json()) as ErrorEnvelope).error.code).toBe("MISDIRECTED");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect((await db.sql`select count(*)::int as n from users`)[0]!.n).toBe(0);
  });

  test.each([
    ["GET", "/"],
    ["GET", "/signin"],
    ["GET", "/api/v1/me"],
    ["GET", "/static/app.css"],
    ["POST", "/language"],
  ])("%s %s under an unknown name is 421", async (method, path) => {
    const response = await app.request(`http://evil.example${path}`, { method, headers: { Accept: "text/html" } });
    expect(response.status).toBe(421);
    // A browser gets the error page in its language.
    expect(await response.text()).toContain('data-error-code="MISDIRECTED"');
  });

  test("X-Forwarded-Host is not read, with TRUST_PROXY either", async () => {
    expect((await app.request("http://evil.example/signin", { headers: { "X-Forwarded-Host": "127.0.0.1:3000" } })).status).toBe(421);
    expect((await app.request("http://127.0.0.1:3000/signin", { headers: { "X-Forwarded-Host": "evil.example" } })).status).toBe(200);
  });

  test("health checks answer under any name: load balancers probe by theirs", async () => {
    expect((await app.request("http://mail-helper-7f9c:3000/healthz")).status).toBe(200);
    expect([200, 503]).toContain((await app.request("http://mail-helper-7f9c:3000/readyz")).status);
  });

  test("accepts PUBLIC_URL's host, HOST, ALLOWED_HOSTS, localhost and IP addresses, on any port", async () => {
    const configured = createApp(testServices(db, { HOST: "0.0.0.0", PUBLIC_URL: "https://Mail.Example.org", ALLOWED_HOSTS: "mail-helper,mail.internal" }));
    for (const origin of [
      "https://mail.example.org",
      "https://MAIL.example.org.:8443",
      "http://mail-helper:3000",
      "http://mail.internal",
      "http://localhost:3000",
      "http://app.localhost:3000",
      "http://127.0.0.1:3000",
      "http://192.0.2.10",
      "http://[::1]:3000",
    ]) {
      expect({ origin, status: (await configured.request(`${origin}/signin`)).status }).toEqual({ origin, status: 200 });
    }
    for (const origin of ["https://example.org", "https://mail.example.org.evil.example", "http://mail-helper.evil.example", "http://localhost.evil.example"]) {
      expect({ origin, status: (await configured.request(`${origin}/signin`)).status }).toEqual({ origin, status: 421 });
    }
  });

  test("a name HOST is bound to is accepted", async () => {
    const named = createApp(testServices(db, { HOST: "mail.lan" }));
    expect((await named.request("http://mail.lan:3000/signin")).status).toBe(200);
    expect(services.config.ALLOWED_HOSTS).toEqual([]);
  });
});
