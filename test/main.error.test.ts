/** Start-up failures an operator can fix print one line, not a stack trace. */
import { afterAll, describe, expect, test } from "bun:test";
import { freePort, runCommand, startApp } from "./support/app-process.ts";
import { createTestDatabase } from "./support/postgres.ts";
import { tempDir } from "./support/temp.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());
const dataDir = () => tempDir("data");

function expectOneLine(result: { exitCode: number; stderr: string }, expected: string) {
  expect(result.exitCode).toBe(1);
  expect(result.stderr).toBe(`mail-helper: ${expected}\n`);
}

describe("start-up errors", () => {
  test("a bad PORT", async () => {
    expectOneLine(await runCommand("all", { PORT: "http" }), 'PORT must be an integer from 1 to 65535 (got "http")');
  });

  test("a DATABASE_URL that is not a PostgreSQL URL", async () => {
    expectOneLine(await runCommand("all", { DATABASE_URL: "localhost:5432/mail" }), 'DATABASE_URL must be a URL starting with postgres:// or postgresql:// (got "localhost:5432/mail")');
  });

  test("a DATABASE_URL nobody answers at, without printing its password", async () => {
    const port = await freePort();
    const result = await runCommand("all", { DATABASE_URL: `postgres://app:s3cret-pw@127.0.0.1:${port}/mail`, DATA_DIR: dataDir(), DB_CONNECT_TIMEOUT_S: "2" });
    expectOneLine(result, `cannot connect to PostgreSQL at 127.0.0.1:${port}/mail: ECONNREFUSED`);
    expect(result.stdout + result.stderr).not.toContain("s3cret-pw");
  });

  test("a wrong database password", async () => {
    const url = new URL(db.url);
    url.password = "wrong-password";
    const result = await runCommand("all", { DATABASE_URL: url.toString(), DATA_DIR: dataDir() });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^mail-helper: cannot connect to PostgreSQL at 127\\.0\\.0\\.1:\\d+/t_\\w+: password authentication failed for user "${url.username}"\n$`));
  });

  test("a PORT already in use", async () => {
    const port = await freePort();
    const blocker = Bun.serve({ hostname: "127.0.0.1", port, fetch: () => new Response("busy") });
    try {
      expectOneLine(await runCommand("all", { PORT: String(port), DATABASE_URL: db.url, DATA_DIR: dataDir() }), `PORT ${port} is already in use on 127.0.0.1`);
    } finally {
      blocker.stop(true);
    }
  });

  test("an unknown command", async () => {
    expectOneLine(await runCommand("serve", {}), 'unknown command "serve"; use one of all, web, worker, doctor, migrate, create-admin, invite, rotate-master-key, import-kimh, backup, restore');
  });

  test("unreadable TLS files", async () => {
    expectOneLine(
      await runCommand("web", { DATABASE_URL: db.url, DATA_DIR: dataDir(), TLS_CERT_FILE: "/nonexistent/cert.pem", TLS_KEY_FILE: "/nonexistent/key.pem" }),
      "TLS_CERT_FILE: cannot read /nonexistent/cert.pem (ENOENT)",
    );
  });
});

describe("migrate command", () => {
  test("reports a current schema", async () => {
    const result = await runCommand("migrate", { DATABASE_URL: db.url, DATA_DIR: dataDir() });
    expect(result).toMatchObject({ exitCode: 0, stdout: "schema is current\n" });
  });
});

test("a process that stops on SIGTERM with a worker releases its database connections", async () => {
  // Every connection but this test's own pool.
  const appConnections = async () => (await db.sql`select count(*)::int as n from pg_stat_activity where datname = ${db.name} and application_name <> 'mail-helper-tests'`)[0]!.n as number;
  const app = await startApp("all", { DATABASE_URL: db.url, DATA_DIR: dataDir() });
  await app.waitForReady();
  expect(await appConnections()).toBeGreaterThan(0);
  expect(await app.stop()).toBe(0);
  expect(await appConnections()).toBe(0);
});
