/**
 * The one scope rule covers every operation of the served OpenAPI document:
 * each gets a decided scope, a token without it is refused with 403 naming
 * it before the handler runs, a token with it gets past the check, and the
 * document post-processing names the scope in each operation's description.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { API_TOKEN_SCOPES, requiredScope, type ApiTokenScope } from "../../src/auth/api-token-scopes.ts";
import type { ErrorEnvelope } from "../../src/http/errors.ts";
import { describeTokenScopes, operationScope, samplePath, scopeSentence } from "../../src/http/routes/api/v1/api-token-scopes-doc.ts";
import type { CreatedApiToken } from "../../src/http/routes/api/v1/api-tokens.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp({ RATE_LIMIT_TOKEN_PER_MIN: "1000000" });
afterAll(() => db.drop());

const METHODS = ["get", "put", "post", "delete", "patch", "head"] as const;
type Document = { paths: Record<string, Record<string, { description?: string } | undefined>> };

async function servedDocument(): Promise<Document> {
  return (await (await app.request("/api/openapi.json")).json()) as Document;
}

function operations(document: Document) {
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith("/api/v1"))
    .flatMap(([path, item]) => METHODS.filter((method) => item[method]).map((method) => ({ method, path })));
}

async function tokenWith(user: TestUser, scopes: ApiTokenScope[]): Promise<string> {
  const response = await client(app, { cookie: user.cookie }).json("/api/v1/api-tokens", {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: "http://127.0.0.1:3000" },
    body: JSON.stringify({ name: scopes.join("+") || "none", scopes }),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as CreatedApiToken).secret;
}

describe("requiredScope", () => {
  test("the named groups, and read/change by method for everything else", () => {
    expect(requiredScope("GET", "/api/v1/messages")).toBe("read");
    expect(requiredScope("HEAD", "/api/v1/messages")).toBe("read");
    expect(requiredScope("POST", "/api/v1/messages/x/corrections")).toBe("change");
    expect(requiredScope("DELETE", "/api/v1/tags/x")).toBe("change");
    expect(requiredScope("POST", "/api/v1/sends")).toBe("send");
    expect(requiredScope("GET", "/api/v1/sends/x")).toBe("send");
    expect(requiredScope("POST", "/api/v1/drafts/x/send")).toBe("send");
    expect(requiredScope("GET", "/api/v1/drafts/x")).toBe("read");
    for (const path of ["/api/v1/rules", "/api/v1/rules/x/dry-run", "/api/v1/rules-sieve", "/api/v1/rule-runs", "/api/v1/rule-undos", "/api/v1/rule-matches/x/apply"]) {
      expect(requiredScope("GET", path)).toBe("rules");
      expect(requiredScope("POST", path)).toBe("rules");
    }
    expect(requiredScope("GET", "/api/v1/admin/users")).toBe("admin");
    expect(requiredScope("POST", "/api/v1/admin")).toBe("admin");
    expect(requiredScope("GET", "/api/v1/api-tokens")).toBe("session");
    expect(requiredScope("DELETE", "/api/v1/sessions/x")).toBe("session");
    expect(requiredScope("GET", "/api/v1/trusted-devices")).toBe("session");
    expect(requiredScope("DELETE", "/api/v1/trusted-devices/x")).toBe("session");
    expect(requiredScope("POST", "/api/v1/sessions/end-others")).toBe("session");
    for (const path of ["/api/v1/account/password", "/api/v1/me/key-mode", "/api/v1/recovery-codes", "/api/v1/account/second-factor", "/api/v1/admin/users/x/password-reset"]) {
      expect(requiredScope("POST", path)).toBe("session");
    }
    expect(requiredScope("GET", "/api/v1/passwords-policy")).toBe("read");
    // A route added later is covered by the default.
    expect(requiredScope("GET", "/api/v1/something-new")).toBe("read");
    expect(requiredScope("PUT", "/api/v1/something-new")).toBe("change");
    // Near misses are not caught by the groups.
    expect(requiredScope("GET", "/api/v1/rulesets")).toBe("read");
    expect(requiredScope("POST", "/api/v1/sendsx")).toBe("change");
  });
});

describe("every operation of the served document", () => {
  test("has a decided scope, and its description names it after post-processing", async () => {
    const document = await servedDocument();
    const found = operations(document);
    expect(found.length).toBeGreaterThan(40);
    for (const { method, path } of found) expect([...API_TOKEN_SCOPES, "session"]).toContain(operationScope(method, path));

    const described = describeTokenScopes(await servedDocument());
    for (const { method, path } of found) expect(described.paths[path]![method]!.description).toContain(scopeSentence(operationScope(method, path)));
    // Idempotent: a second run adds nothing.
    const twice = JSON.stringify(describeTokenScopes(structuredClone(described)));
    expect(twice).toBe(JSON.stringify(described));
  });

  test("a token without the scope is refused with 403 naming it; with it, the request gets past the check", async () => {
    const admin = await createTestUser(services, { role: "admin" });
    const tokens = new Map<string, string>();
    const tokenFor = async (scopes: ApiTokenScope[]) => {
      const key = scopes.join("+");
      if (!tokens.has(key)) tokens.set(key, await tokenWith(admin, scopes));
      return tokens.get(key)!;
    };
    const request = (secret: string, method: string, path: string) =>
      app.request(samplePath(path), {
        method: method.toUpperCase(),
        headers: { Authorization: `Bearer ${secret}`, Accept: "application/json", ...(method === "get" || method === "head" ? {} : { "Content-Type": "application/json" }) },
        body: method === "get" || method === "head" ? undefined : "{}",
      });

    const checked: string[] = [];
    for (const { method, path } of operations(await servedDocument())) {
      const scope = operationScope(method, path);
      const others = API_TOKEN_SCOPES.filter((other) => other !== scope);
      const refused = await request(await tokenFor(others), method, path);
      expect(`${method} ${path}: ${refused.status}`).toBe(`${method} ${path}: 403`);
      if (method !== "head") {
        const error = ((await refused.json()) as ErrorEnvelope).error;
        expect(error.code).toBe("FORBIDDEN");
        if (scope !== "session") expect(error.message).toContain(`"${scope}"`);
      }
      if (scope === "session") continue;
      const allowed = await request(await tokenFor([scope]), method, path);
      const body = method === "head" ? "" : await allowed.text();
      expect(`${method} ${path}: ${allowed.status} ${body.includes("lacks the scope")}`).not.toMatch(/: (401|403) |true$/);
      checked.push(`${method} ${path}`);
    }
    expect(checked.length).toBeGreaterThan(30);
  }, 120_000);
});
