import { afterAll, describe, expect, test } from "bun:test";
import { chmodSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { checkDatabaseRole, checkDataDirectory, checkTlsFiles } from "../../src/cli/doctor.ts";
import { runCommand, startApp } from "../support/app-process.ts";
import { createTestDatabase, testCluster, testConfig } from "../support/postgres.ts";
import { tempDir } from "../support/temp.ts";
import { waitFor } from "../support/wait.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());

const privateDataDir = () => tempDir("doctor");

describe("doctor", () => {
  test("fails while no worker runs, passes while one does, fails again once it stopped", async () => {
    const env = { DATABASE_URL: db.url, DATA_DIR: privateDataDir() };
    const before = await runCommand("doctor", env);
    expect(before.exitCode).toBe(1);
    expect(before.stdout).toContain("FAIL  worker alive: no worker running");
    expect(before.stdout).toContain("ok    database reachable");
    expect(before.stdout).toContain("ok    migrations applied");

    const worker = await startApp("worker", env);
    try {
      await waitFor(() => worker.stdout().includes('"msg":"worker started"'), { timeoutMs: 20_000, what: "worker start" });
      const during = await waitFor(
        async () => {
          const result = await runCommand("doctor", env);
          return result.exitCode === 0 && result;
        },
        { timeoutMs: 20_000, intervalMs: 200, what: "doctor to pass" },
      );
      expect(during.stdout).toContain("ok    worker alive");
      expect(during.stdout).toContain("ok    crontab registered");
      expect(during.stdout).toContain("ok    database role: mail_helper is not a superuser");
      expect(during.stdout).not.toContain("FAIL");
    } finally {
      expect(await worker.stop()).toBe(0);
    }

    const after = await runCommand("doctor", env);
    expect(after.exitCode).toBe(1);
    expect(after.stdout).toContain("FAIL  worker alive");
  });

  test("fails when the database cannot be reached", async () => {
    const result = await runCommand("doctor", { DATABASE_URL: "postgres://x:y@127.0.0.1:1/none", DATA_DIR: privateDataDir(), DB_CONNECT_TIMEOUT_S: "1" });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("FAIL  database reachable: cannot connect to PostgreSQL at 127.0.0.1:1/none");
  });
});

describe("doctor database role check", () => {
  // The embedded test cluster's administrator is its superuser; TEST_DATABASE_URL's may be anything.
  test.if(!process.env.TEST_DATABASE_URL)("fails for a superuser, naming what it could do", async () => {
    expect(await checkDatabaseRole(db.sql)).toMatchObject({ ok: true });
    const check = await checkDatabaseRole((await testCluster()).admin);
    expect(check).toMatchObject({ ok: false, detail: expect.stringContaining("postgres has superuser") });
  });
});

describe("doctor file checks", () => {
  test("a data directory others can read fails; 700 passes", () => {
    const dir = privateDataDir();
    expect(checkDataDirectory(dir)[0]).toMatchObject({ ok: true });
    chmodSync(dir, 0o755);
    expect(checkDataDirectory(dir)[0]).toMatchObject({ ok: false, detail: expect.stringContaining("mode 755") });
  });

  test("a key file others can read fails; 600 passes", () => {
    const dir = privateDataDir();
    writeFileSync(join(dir, "master.key"), "k", { mode: 0o644 });
    writeFileSync(join(dir, "postgres.password"), "p", { mode: 0o600 });
    const checks = checkDataDirectory(dir);
    expect(checks.find((check) => check.name === "key file master.key")).toMatchObject({ ok: false });
    expect(checks.find((check) => check.name === "key file postgres.password")).toMatchObject({ ok: true });
  });

  test("a missing data directory fails", () => {
    expect(checkDataDirectory("/nonexistent/mail-helper")[0]).toMatchObject({ ok: false, detail: "/nonexistent/mail-helper: ENOENT" });
  });

  test("TLS files must be readable when configured", () => {
    const dir = privateDataDir();
    writeFileSync(join(dir, "cert.pem"), "c");
    const checks = checkTlsFiles(testConfig(db, { TLS_CERT_FILE: join(dir, "cert.pem"), TLS_KEY_FILE: join(dir, "missing.pem") }));
    expect(checks.map((check) => check.ok)).toEqual([true, false]);
    expect(checkTlsFiles(testConfig(db))).toEqual([{ name: "TLS", ok: true, detail: "not configured: terminate TLS at a reverse proxy" }]);
  });
});
