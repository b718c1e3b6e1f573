/**
 * The embedded PostgreSQL gives the app no way out of its database (issue
 * 12): the postmaster is not host root, and the app's role is not a
 * superuser, so `COPY … TO '/file'` and `COPY … TO PROGRAM` are refused.
 * Clusters made by earlier versions (everything owned by the superuser,
 * files owned by root, maybe left running as root) are upgraded on start.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { APP_DATABASE, APP_ROLE } from "../../src/db/embedded-app-role.ts";
import { embeddedPostgresBinDir, readPidFile, startEmbeddedPostgres, type EmbeddedPostgres } from "../../src/db/embedded-postgres.ts";
import { migrate } from "../../src/db/migrate.ts";
import { log } from "../../src/log.ts";
import { tempDir } from "../support/temp.ts";
import { waitFor } from "../support/wait.ts";

const asRoot = process.getuid?.() === 0;

/** Real, effective, saved and filesystem uid from the `Uid:` line of a /proc/PID/status text. */
function uidsIn(status: string): number[] {
  return /^Uid:\s+(.*)$/m.exec(status)![1]!.split(/\s+/).slice(0, 4).map(Number);
}

const hostUids = (pid: number): number[] => uidsIn(readFileSync(`/proc/${pid}/status`, "utf8"));

/**
 * The uids of each child process of `pid`, read from the same status text
 * that named the parent: a backend or autovacuum worker may exit at any
 * moment, so a second read of its status could find it gone.
 */
function uidsOfChildren(pid: number): number[][] {
  const found: number[][] = [];
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let status: string;
    try {
      status = readFileSync(`/proc/${entry}/status`, "utf8");
    } catch {
      continue; // gone meanwhile
    }
    if (/^PPid:\s+(\d+)$/m.exec(status)?.[1] === String(pid)) found.push(uidsIn(status));
  }
  return found;
}

const postmasterPid = (dataDir: string) => readPidFile(join(dataDir, "postgres", "postmaster.pid"));

/** The SQLSTATE a query fails with ("" if it succeeds). */
async function failureCode(query: Promise<unknown>): Promise<string> {
  return await query.then(
    () => "",
    (error: { code?: string }) => error.code ?? String(error),
  );
}

describe("the embedded PostgreSQL as the product starts it", () => {
  // Under a mode-700 parent (the test run's root), like a data directory in /root.
  const dataDir = join(tempDir("private"), "data");
  let cluster: EmbeddedPostgres;
  let app: postgres.Sql;

  beforeAll(async () => {
    cluster = await startEmbeddedPostgres({ dataDir, port: 0, log });
    app = postgres(cluster.app.url, { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    await app?.end();
    await cluster?.stop();
  });

  test("the postmaster and its children are not host root", () => {
    const pid = postmasterPid(dataDir);
    const expected = asRoot ? 65534 : process.getuid!();
    expect(hostUids(pid)).toEqual([expected, expected, expected, expected]);
    const children = uidsOfChildren(pid);
    expect(children.length).toBeGreaterThan(0); // checkpointer, walwriter, …
    for (const uids of children) expect(uids).not.toContain(0);
    if (asRoot) expect(statSync(join(dataDir, "postgres")).uid).toBe(65534);
  });

  test("even the superuser's COPY TO PROGRAM runs as that user, not as root", async () => {
    const superuser = postgres(cluster.superuser.url, { max: 1, onnotice: () => {} });
    try {
      await superuser`create temporary table whoami (uid text)`;
      await superuser`copy whoami from program 'id -u'`;
      expect((await superuser`select uid from whoami`)[0]!.uid).toBe(String(asRoot ? 65534 : process.getuid!()));
    } finally {
      await superuser.end();
    }
  });

  test("the app's role owns its database and is no superuser: no server files, no programs, no roles", async () => {
    const [role] = await app`
      select current_user as name, current_database() as database, rolsuper, rolcreaterole, rolcreatedb, rolreplication, rolbypassrls,
             pg_has_role(current_user, 'pg_write_server_files', 'member') as write_files,
             pg_has_role(current_user, 'pg_read_server_files', 'member') as read_files,
             pg_has_role(current_user, 'pg_execute_server_program', 'member') as programs,
             (select datdba::regrole::text from pg_database where datname = current_database()) as owner
      from pg_roles where rolname = current_user`;
    expect(role).toEqual({
      name: APP_ROLE,
      database: APP_DATABASE,
      rolsuper: false,
      rolcreaterole: false,
      rolcreatedb: false,
      rolreplication: false,
      rolbypassrls: false,
      write_files: false,
      read_files: false,
      programs: false,
      owner: APP_ROLE,
    });
    const target = join(tempDir("copy"), "x");
    expect(await failureCode(app.unsafe(`copy (select 1) to program 'true'`))).toBe("42501");
    expect(await failureCode(app.unsafe(`copy (select 1) to '${target}'`))).toBe("42501");
    expect(await failureCode(app.unsafe(`copy (select 1) to '/tmp/x'`))).toBe("42501");
    expect(await failureCode(app`select pg_read_file('/etc/passwd')`)).toBe("42501");
    expect(await failureCode(app.unsafe(`create role intruder superuser`))).toBe("42501");
    expect(existsSync(target)).toBe(false);
  });

  test("the app's role can still build and use its schema, graphile-worker's included", async () => {
    await app`create table notes (id bigint generated always as identity primary key, body text not null)`;
    await app`insert into notes (body) values ('hello')`;
    expect((await app`select body from notes`).map((row) => row.body)).toEqual(["hello"]);
    const applied = await migrate(app, cluster.app.url, log);
    expect(applied.length).toBeGreaterThan(0);
    await app`select graphile_worker.add_job('sync_all_accounts', '{}'::json)`;
    expect((await app`select count(*)::int as n from graphile_worker.jobs`)[0]!.n).toBe(1);
  });
});

describe("a cluster made by an earlier version", () => {
  /**
   * What earlier versions left: the app database, its schemas, tables and
   * graphile-worker's objects owned by the superuser, no app role, and (as
   * root) every file owned by host root.
   */
  async function makeOldStyleCluster(dataDir: string): Promise<void> {
    const cluster = await startEmbeddedPostgres({ dataDir, port: 0, log });
    const superuser = postgres(cluster.superuser.url, { max: 1, onnotice: () => {} });
    await superuser.unsafe(`drop database ${APP_DATABASE}`);
    await superuser.unsafe(`drop role ${APP_ROLE}`);
    await superuser.unsafe(`create database ${APP_DATABASE}`);
    await superuser.end();
    const oldUrl = new URL(cluster.superuser.url);
    oldUrl.pathname = `/${APP_DATABASE}`;
    const old = postgres(oldUrl.toString(), { max: 1, onnotice: () => {} });
    await migrate(old, oldUrl.toString(), log);
    await old`create table notes (id serial primary key, body text not null)`;
    await old`create type mood as enum ('calm', 'busy')`;
    await old`create function shout(text) returns text language sql immutable as $$ select upper($1) $$`;
    await old`insert into notes (body) values ('written by an earlier version')`;
    await old`select graphile_worker.add_job('sync_all_accounts', '{}'::json)`;
    await old.end();
    await cluster.stop();
    rmSync(join(dataDir, "postgres-app.password"));
    if (asRoot) spawnSync("chown", ["-R", "0:0", join(dataDir, "postgres")]);
  }

  test("is upgraded on start: the app role gets the database and everything in it, and the old data stays usable", async () => {
    const dataDir = join(tempDir("private"), "data");
    await makeOldStyleCluster(dataDir);
    expect(statSync(join(dataDir, "postgres")).uid).toBe(process.getuid!());

    const cluster = await startEmbeddedPostgres({ dataDir, port: 0, log });
    const app = postgres(cluster.app.url, { max: 1, onnotice: () => {} });
    try {
      expect(hostUids(postmasterPid(dataDir))).not.toContain(0);
      expect((await app`select rolsuper from pg_roles where rolname = current_user`)[0]!.rolsuper).toBe(false);
      expect((await app`select body from notes`).map((row) => row.body)).toEqual(["written by an earlier version"]);
      await app`insert into notes (body) values ('written by the app role')`;
      expect((await app`select shout(body) as loud from notes order by id`).map((row) => row.loud)).toEqual(["WRITTEN BY AN EARLIER VERSION", "WRITTEN BY THE APP ROLE"]);
      await app`alter type mood add value 'away'`;
      expect(await migrate(app, cluster.app.url, log)).toEqual([]);
      await app`select graphile_worker.add_job('sync_all_accounts', '{}'::json)`;
      expect((await app`select count(*)::int as n from graphile_worker.jobs`)[0]!.n).toBe(2);
      // Nothing of ours is left to the superuser.
      const leftovers = await app`
        select kind, name from (
          select 'schema' as kind, nspname::text as name, nspowner as owner, nspname as schema from pg_namespace
          union all select 'relation', relname::text, relowner, relnamespace::regnamespace::text from pg_class
          union all select 'type', typname::text, typowner, typnamespace::regnamespace::text from pg_type
          union all select 'function', proname::text, proowner, pronamespace::regnamespace::text from pg_proc
        ) objects
        where owner = (select oid from pg_roles where rolname = 'postgres') and schema <> 'information_schema' and schema !~ '^pg_'`;
      expect([...leftovers]).toEqual([]);
      expect(statSync(join(dataDir, "postgres-app.password")).mode & 0o777).toBe(0o600);
    } finally {
      await app.end();
      await cluster.stop();
    }
  });

  test.if(asRoot)("left running as host root (killed before the upgrade), it is restarted as its own user", async () => {
    const dataDir = join(tempDir("private"), "data");
    await makeOldStyleCluster(dataDir);
    // How earlier versions started it: in a user namespace, nobody inside, root on the host.
    const pgData = join(dataDir, "postgres");
    const old = spawn(
      "unshare",
      [
        "--user",
        "--map-user=65534",
        "--map-group=65534",
        "--",
        join(embeddedPostgresBinDir(), "postgres"),
        "-D",
        pgData,
        "-c",
        "port=5432",
        "-c",
        "listen_addresses=",
        "-c",
        `unix_socket_directories=${pgData}`,
      ],
      { detached: true, stdio: "ignore" },
    );
    old.unref();
    await waitFor(() => existsSync(join(pgData, "postmaster.pid")) && readFileSync(join(pgData, "postmaster.pid"), "utf8").includes("ready"), { timeoutMs: 20_000, what: "the old postmaster" });
    expect(hostUids(postmasterPid(dataDir))[0]).toBe(0);

    const cluster = await startEmbeddedPostgres({ dataDir, port: 0, log });
    try {
      expect(postmasterPid(dataDir)).not.toBe(old.pid);
      expect(hostUids(postmasterPid(dataDir))).not.toContain(0);
      const app = postgres(cluster.app.url, { max: 1, onnotice: () => {} });
      expect((await app`select body from notes`).map((row) => row.body)).toEqual(["written by an earlier version"]);
      await app.end();
    } finally {
      await cluster.stop();
    }
  });
});
