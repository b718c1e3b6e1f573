import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createApp } from "../../src/http/app.tsx";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.drop());

const form = { "Content-Type": "application/x-www-form-urlencoded" };

describe("security headers", () => {
  test("CSP allows only own scripts plus the nonce, and forbids framing, plugins and base changes", async () => {
    const app = createApp(testServices(db));
    const csp = (await app.request("/")).headers.get("content-security-policy")!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'(;|$)/);
    expect(csp).not.toContain("unsafe-inline");
    expect(csp).not.toContain("unsafe-eval");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
  });

  test("HSTS of a year only when the app serves TLS itself", async () => {
    const plain = createApp(testServices(db));
    expect((await plain.request("/healthz")).headers.get("strict-transport-security")).toBeNull();
    const tls = createApp(testServices(db, { TLS_CERT_FILE: "/c.pem", TLS_KEY_FILE: "/k.pem" }));
    const hsts = (await tls.request("/healthz")).headers.get("strict-transport-security")!;
    expect(Number(/max-age=(\d+)/.exec(hsts)![1])).toBeGreaterThanOrEqual(31_536_000);
  });
});

describe("CSRF", () => {
  const app = () => createApp(testServices(db, { PUBLIC_URL: "https://mail.example.org" }));

  test("a cross-site form POST is refused with FORBIDDEN in the envelope", async () => {
    const response = await app().request("http://127.0.0.1:3000/language", {
      method: "POST",
      headers: { ...form, Origin: "https://evil.example" },
      body: "lang=en",
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("FORBIDDEN");
    expect(response.headers.get("set-cookie")).toBeNull();
  });

  test("same-origin and PUBLIC_URL-origin form POSTs pass", async () => {
    for (const origin of ["http://127.0.0.1:3000", "https://mail.example.org"]) {
      const response = await app().request("http://127.0.0.1:3000/language", { method: "POST", headers: { ...form, Origin: origin }, body: "lang=en" });
      expect(response.status).toBe(303);
    }
  });
});

describe("logging", () => {
  test("request lines carry the request id and never the query string", async () => {
    const lines: string[] = [];
    const { setLogSink } = await import("../../src/log.ts");
    setLogSink((line) => lines.push(line));
    try {
      const response = await createApp(testServices(db)).request("/signin?q=secret-search-word");
      const entry = lines.map((line) => JSON.parse(line)).find((e) => e.msg === "request");
      expect(entry).toMatchObject({ requestId: response.headers.get("x-request-id"), path: "/signin", status: 200 });
      expect(lines.join("\n")).not.toContain("secret-search-word");
    } finally {
      setLogSink(() => {});
    }
  });
});
