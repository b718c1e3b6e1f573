/**
 * The test run's PostgreSQL: one embedded cluster per `bun test` run (or
 * the server in TEST_DATABASE_URL), with a template database migrated once.
 * Each test file clones the template into a fresh database: a
 * `CREATE DATABASE … TEMPLATE` copy takes milliseconds, so no test sees
 * another's rows. On the embedded cluster the databases belong to the
 * product's app role and the tests connect as it, so they run with the
 * privileges the product has (no superuser); only creating and dropping
 * databases uses the superuser.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import postgres from "postgres";
import { loadConfig, type Config } from "../../src/config.ts";
import { openPool, type Database, type Sql } from "../../src/db/connection.ts";
import { APP_ROLE } from "../../src/db/embedded-app-role.ts";
import { isAlive, readPidFile, startEmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { migrate } from "../../src/db/migrate.ts";
import { log } from "../../src/log.ts";
import { allowLoopback } from "./outbound.ts";
import { tempDir } from "./temp.ts";

const TEMPLATE = "mh_test_template";

interface TestCluster {
  /** Where the test databases are, as the role the tests connect as (the app role, or TEST_DATABASE_URL's). */
  serverUrl: string;
  /** Creates and drops the test databases (the superuser, or TEST_DATABASE_URL's role). */
  admin: Sql;
  /** The `owner …` clause of `create database` for test databases. */
  owner: string;
  stop(): Promise<void>;
  /** Stops and starts the embedded server on the same port (fault tests): every connection drops. */
  restart(): Promise<void>;
}

let cluster: Promise<TestCluster> | undefined;

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Clusters of earlier runs that were killed before their afterAll: stop
 * their postmaster and remove them, so aborted runs do not pile up.
 */
function removeStaleClusters(): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith("mh-test-pg-"))) {
    const dir = join(tmpdir(), name);
    // The test run that made it (written first, so a cluster another run is still creating is left alone).
    const owner = readPidFile(join(dir, "test-run.pid"));
    if (isAlive(owner)) continue;
    const postmaster = readPidFile(join(dir, "postgres", "postmaster.pid"));
    if (postmaster > 0 && isAlive(postmaster)) process.kill(postmaster, "SIGQUIT");
    rmSync(dir, { recursive: true, force: true });
  }
}

async function startCluster(): Promise<TestCluster> {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let adminUrl = serverUrl;
  /** `create database` clause giving the databases to the app role (empty: the creating role keeps them). */
  let owner = "";
  let stopServer = async () => {};
  let restart: () => Promise<void> = async () => {
    throw new Error("restarting the database needs the embedded test cluster (no TEST_DATABASE_URL)");
  };
  if (!serverUrl) {
    removeStaleClusters();
    const dataDir = mkdtempSync(join(tmpdir(), "mh-test-pg-"));
    writeFileSync(join(dataDir, "test-run.pid"), String(process.pid));
    let embedded = await startEmbeddedPostgres({ dataDir, port: 0, log, volatile: true });
    serverUrl = embedded.app.url;
    adminUrl = embedded.superuser.url;
    owner = ` owner ${APP_ROLE}`;
    stopServer = async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
    restart = async () => {
      const port = embedded.port;
      await embedded.stop();
      embedded = await startEmbeddedPostgres({ dataDir, port, log, volatile: true });
    };
  }
  const admin = postgres(adminUrl!, { max: 2, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${TEMPLATE}`);
  await admin.unsafe(`create database ${TEMPLATE}${owner}`);
  const templateUrl = databaseUrl(serverUrl, TEMPLATE);
  const templateSql = postgres(templateUrl, { max: 1, onnotice: () => {} });
  await migrate(templateSql, templateUrl, log);
  await templateSql.end();
  return {
    serverUrl,
    admin,
    owner,
    stop: async () => {
      await admin.end();
      await stopServer();
    },
    restart,
  };
}

export function testCluster(): Promise<TestCluster> {
  return (cluster ??= startCluster());
}

export async function stopTestCluster(): Promise<void> {
  if (!cluster) return;
  const running = await cluster;
  cluster = undefined;
  await running.stop();
}

export interface TestDatabase extends Database {
  name: string;
  /** Closes the pool and drops the database. */
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of its own (or an empty one with `migrated: false`).
 * Loopback is allowed as an outbound target, so product code reaches the
 * test services on 127.0.0.1; `outbound: "public_only"` leaves the policy's
 * default (nothing but public addresses) for the tests of the policy.
 *
 * @example
 *   const db = await createTestDatabase();
 *   afterAll(() => db.drop());
 */
export async function createTestDatabase(options: { migrated?: boolean; outbound?: "loopback" | "public_only" } = {}): Promise<TestDatabase> {
  const { serverUrl, admin, owner } = await testCluster();
  const name = `t_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await admin.unsafe(`create database ${name} template ${options.migrated === false ? "template1" : TEMPLATE}${owner}`);
  const url = databaseUrl(serverUrl, name);
  // The product's pool settings (plan_cache_mode among them): tests see the plans production gets. Named apart
  // from the app's connections, which some tests count.
  const sql = openPool(url, testConfig({ url }), { max: 10, connection: { application_name: "mail-helper-tests" } });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await sql.end({ timeout: 5 });
  };
  if (options.migrated !== false && options.outbound !== "public_only") await allowLoopback(sql);
  return {
    name,
    url,
    sql,
    close,
    drop: async () => {
      await close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    },
  };
}

/** A configuration for tests: given database, a temporary data directory, quiet logs. */
export function testConfig(db: { url: string }, env: Record<string, string> = {}): Config {
  return loadConfig({ DATABASE_URL: db.url, DATA_DIR: tempDir("data"), LOG_LEVEL: "error", ...env });
}
