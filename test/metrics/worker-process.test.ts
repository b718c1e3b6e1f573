/**
 * A `worker` process has no web server: with METRICS_PORT it serves
 * /metrics on that port (token required), and stops it cleanly with the rest.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { freePort, startApp } from "../support/app-process.ts";
import { tempDir } from "../support/temp.ts";
import { waitFor } from "../support/wait.ts";

const TOKEN = "worker-metrics-token-0123456789";

describe("mail-helper worker with METRICS_PORT", () => {
  test("serves its own metrics on that port, behind the token, and exits 0 on SIGTERM", async () => {
    const dataDir = join(tempDir("private"), `data-${crypto.randomUUID().slice(0, 8)}`);
    mkdirSync(dataDir);
    const metricsPort = await freePort();
    const worker = await startApp("worker", { DATA_DIR: dataDir, METRICS_PORT: String(metricsPort), METRICS_TOKEN: TOKEN });
    try {
      await waitFor(() => worker.stdout().includes('"msg":"metrics listening"'), { timeoutMs: 30_000, what: "the metrics listener" });
      const url = `http://127.0.0.1:${metricsPort}/metrics`;
      expect((await fetch(url)).status).toBe(401);
      const response = await fetch(url, { headers: { Authorization: `Bearer ${TOKEN}` } });
      expect(response.status).toBe(200);
      const text = await response.text();
      expect(text).toContain("# TYPE mailhelper_jobs_total counter");
      expect(text).toMatch(/^mailhelper_metrics_database_up 1$/m);
      expect(text).toMatch(/^mailhelper_process_resident_memory_bytes \d+/m);
      // The worker serves nothing else: no web app on its metrics port.
      expect((await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).status).toBe(404);
    } finally {
      expect(await worker.stop()).toBe(0);
    }
    expect(worker.stderr()).toBe("");
  });
});
