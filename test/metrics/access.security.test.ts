/**
 * Who may read /metrics: off by default (404), the bearer token (401
 * without it or with a wrong one), loopback only by the socket's address
 * (never X-Forwarded-For), and the same rule on METRICS_PORT's listener.
 */
import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../src/config.ts";
import { decideMetricsAccess, hasMetricsToken, isLoopbackAddress } from "../../src/metrics/access.ts";
import { serveMetrics } from "../../src/http/routes/metrics/standalone.ts";
import { freePort } from "../support/ports.ts";
import { openTestApp, serveTestApp } from "../support/test-app.ts";

const TOKEN = "metrics-token-0123456789abcdef";
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

describe("the access rule", () => {
  const token = { METRICS_TOKEN: TOKEN, METRICS_LOOPBACK_ONLY: false };
  const loopbackOnly = { METRICS_TOKEN: undefined, METRICS_LOOPBACK_ONLY: true };
  const both = { METRICS_TOKEN: TOKEN, METRICS_LOOPBACK_ONLY: true };

  test("is off without configuration, whoever asks", () => {
    expect(decideMetricsAccess({ METRICS_TOKEN: undefined, METRICS_LOOPBACK_ONLY: false }, { authorization: `Bearer ${TOKEN}`, peerAddress: "127.0.0.1" })).toBe("off");
  });

  test("with a token: only the exact token as a bearer token", () => {
    expect(decideMetricsAccess(token, { authorization: `Bearer ${TOKEN}`, peerAddress: "203.0.113.7" })).toBe("allowed");
    expect(decideMetricsAccess(token, { authorization: `bearer ${TOKEN}`, peerAddress: undefined })).toBe("allowed");
    for (const authorization of [undefined, "", `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer ", `Bearer ${TOKEN} extra`]) {
      expect(decideMetricsAccess(token, { authorization, peerAddress: "127.0.0.1" })).toBe("unauthorized");
    }
    expect(hasMetricsToken(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  test("loopback only: the peer address decides, and a non-loopback or unknown peer is refused", () => {
    for (const peer of ["127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "::ffff:127.0.0.1"]) {
      expect(isLoopbackAddress(peer)).toBe(true);
      expect(decideMetricsAccess(loopbackOnly, { authorization: undefined, peerAddress: peer })).toBe("allowed");
    }
    for (const peer of ["203.0.113.7", "10.0.0.1", "::ffff:10.0.0.1", "fe80::1", "::2", "128.0.0.1", "", undefined]) {
      expect(isLoopbackAddress(peer)).toBe(false);
      expect(decideMetricsAccess(loopbackOnly, { authorization: `Bearer ${TOKEN}`, peerAddress: peer })).toBe("forbidden");
    }
  });

  test("both: loopback and the token", () => {
    expect(decideMetricsAccess(both, { authorization: `Bearer ${TOKEN}`, peerAddress: "127.0.0.1" })).toBe("allowed");
    expect(decideMetricsAccess(both, { authorization: undefined, peerAddress: "127.0.0.1" })).toBe("unauthorized");
    expect(decideMetricsAccess(both, { authorization: `Bearer ${TOKEN}`, peerAddress: "192.0.2.1" })).toBe("forbidden");
  });
});

describe("the settings", () => {
  test("a guessable METRICS_TOKEN is refused at start, without printing it", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short-token" })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: "short-token" })).toThrow("METRICS_TOKEN must be at least 24 characters without spaces (value not shown)");
    expect(loadConfig({ METRICS_TOKEN: TOKEN }).METRICS_TOKEN).toBe(TOKEN);
    expect(loadConfig({}).METRICS_TOKEN).toBeUndefined();
    expect(loadConfig({}).METRICS_LOOPBACK_ONLY).toBe(false);
    expect(loadConfig({}).METRICS_PORT).toBe(0);
  });
});

describe("GET /metrics", () => {
  test("answers 404 when not configured, like any unknown path", async () => {
    const { db, app } = await openTestApp();
    try {
      const response = await app.request("/metrics", { headers: { Accept: "application/json", ...bearer(TOKEN) } });
      expect(response.status).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("NOT_FOUND");
    } finally {
      await db.drop();
    }
  });

  test("with METRICS_TOKEN: 401 without or with a wrong token, 200 with it", async () => {
    const { db, app } = await openTestApp({ METRICS_TOKEN: TOKEN });
    try {
      const missing = await app.request("/metrics", { headers: { Accept: "application/json" } });
      expect(missing.status).toBe(401);
      expect(missing.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect((await app.request("/metrics", { headers: bearer(`${TOKEN}0`) })).status).toBe(401);
      expect((await app.request("/metrics", { headers: bearer("wrong") })).status).toBe(401);
      const ok = await app.request("/metrics", { headers: bearer(TOKEN) });
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toStartWith("text/plain; version=0.0.4");
      expect(await ok.text()).toContain("# TYPE mailhelper_http_requests_total counter");
    } finally {
      await db.drop();
    }
  });

  test("loopback only: served to a loopback connection, even one claiming another address; refused when the peer is unknown or claimed", async () => {
    const served = await serveTestApp({ METRICS_LOOPBACK_ONLY: "true", TRUST_PROXY: "true" });
    try {
      expect((await fetch(`${served.baseUrl}/metrics`)).status).toBe(200);
      expect((await fetch(`${served.baseUrl}/metrics`, { headers: { "X-Forwarded-For": "203.0.113.7" } })).status).toBe(200);
      // In-process there is no socket: a request that only claims to come from loopback is refused.
      const claimed = await served.app.request("/metrics", { headers: { "X-Forwarded-For": "127.0.0.1", Accept: "application/json" } });
      expect(claimed.status).toBe(403);
    } finally {
      await served.close();
    }
  });

  test("the Host check still applies: a rebound name gets nothing", async () => {
    const served = await serveTestApp({ METRICS_LOOPBACK_ONLY: "true" });
    try {
      const rebound = await fetch(`${served.baseUrl}/metrics`, { headers: { Host: "evil.example" } });
      expect(rebound.status).toBe(421);
    } finally {
      await served.close();
    }
  });
});

describe("METRICS_PORT", () => {
  test("serves /metrics with the same rule, and nothing else", async () => {
    const opened = await openTestApp({ METRICS_TOKEN: TOKEN, METRICS_PORT: String(await freePort()) });
    const server = await serveMetrics(opened.services);
    try {
      const url = `http://127.0.0.1:${server.port}`;
      expect(server.port).toBe(opened.services.config.METRICS_PORT);
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      const ok = await fetch(`${url}/metrics`, { headers: bearer(TOKEN) });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain("mailhelper_process_resident_memory_bytes");
      expect((await fetch(`${url}/healthz`, { headers: bearer(TOKEN) })).status).toBe(404);
      expect((await fetch(`${url}/signin`, { headers: bearer(TOKEN) })).status).toBe(404);
    } finally {
      await server.stop(true);
      await opened.db.drop();
    }
  });
});
