import { describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { loadConfig } from "../../src/config.ts";
import { openPool, postgresTarget } from "../../src/db/connection.ts";
import { isAlive, readPidFile, startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { log } from "../../src/log.ts";
import { tempDir } from "../support/temp.ts";

const testConfig = loadConfig({ DATA_DIR: tempDir("config"), LOG_LEVEL: "error" });

describe("postgresTarget", () => {
  test("a socket directory in libpq's form (?host=/dir) becomes postgres.js's path; a host name stays in the URL", () => {
    expect(postgresTarget("postgres://u:p@localhost:5433/mail?host=%2Frun%2Fpostgresql&sslmode=disable")).toEqual({
      url: "postgres://u:p@localhost:5433/mail?sslmode=disable",
      path: "/run/postgresql/.s.PGSQL.5433",
    });
    expect(postgresTarget("postgres://u:p@localhost/mail?host=/run/postgresql").path).toBe("/run/postgresql/.s.PGSQL.5432");
    expect(postgresTarget("postgres://u:p@db.example.org:5432/mail")).toEqual({ url: "postgres://u:p@db.example.org:5432/mail" });
  });
});

describe("embedded PostgreSQL", () => {
  test.each([
    ["copied from the install-time template", true],
    ["created by initdb when there is no template", false],
  ])("a cluster %s starts, answers with its own password only, and stops", async (_name, useTemplate) => {
    const dataDir = tempDir("pg");
    const cluster = await startEmbeddedPostgres({ dataDir, port: 0, log, useTemplate });
    const pid = readPidFile(join(dataDir, "postgres", "postmaster.pid"));
    expect(isAlive(pid)).toBe(true);
    try {
      expect(statSync(join(dataDir, "postgres")).mode & 0o777).toBe(0o700);
      expect(statSync(join(dataDir, "postgres.password")).mode & 0o777).toBe(0o600);
      expect(statSync(join(dataDir, "postgres-app.password")).mode & 0o777).toBe(0o600);
      const sql = postgres(cluster.superuser.url, { max: 1 });
      expect((await sql`select current_setting('listen_addresses') as listen`)[0]!.listen).toBe("127.0.0.1");
      await sql.end();
      // The app's way in: the socket in the cluster's own directory, for its user alone.
      expect(cluster.app.socketUrl).toBe(`${cluster.app.url}?host=${encodeURIComponent(join(dataDir, "postgres"))}`);
      expect(statSync(join(dataDir, "postgres", `.s.PGSQL.${cluster.port}`)).mode & 0o777).toBe(0o700);
      const overSocket = openPool(cluster.app.socketUrl!, testConfig, { max: 1 });
      expect((await overSocket`select inet_client_addr() as address, current_user as role, current_database() as database`)[0]).toEqual({
        address: null, // not TCP
        role: "mail_helper",
        database: "mail_helper",
      });
      await overSocket.end();
      const wrong = new URL(cluster.superuser.url);
      wrong.password = "not-the-password";
      const refused = postgres(wrong.toString(), { max: 1 });
      await expect(refused`select 1`).rejects.toThrow(/password authentication failed/);
      await refused.end();
    } finally {
      await cluster.stop();
    }
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(dataDir, "postgres", "postmaster.pid"))).toBe(false);
    expect(existsSync(join(dataDir, "postgres.initdb"))).toBe(false);
  });
});
