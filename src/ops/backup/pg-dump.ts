/**
 * An external server (DATABASE_URL): its own `pg_dump -Fc` into the backup,
 * and `pg_restore` back into an empty database. Both are found on PATH and
 * must be at least the server's major version (an older pg_dump refuses a
 * newer server, or worse, misses what it does not know). The password goes
 * in the environment, never on a command line others can read.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import postgres from "postgres";
import type { Config } from "../../config.ts";
import { describeConnectionError, postgresTarget, type Sql } from "../../db/connection.ts";
import type { Logger } from "../../log.ts";
import type { ArchiveWriter } from "./archive.ts";
import { BackupError } from "./format.ts";
import type { BackupSource } from "./source.ts";

/** The archive's name for the dump. */
export const DUMP_ENTRY = "pg_dump.custom";

/** libpq's connection URI without the password, and the password for PGPASSWORD. */
function libpqConnection(url: string): { uri: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { uri: parsed.toString(), env: password ? { PGPASSWORD: password } : {} };
}

/** The major version of a PostgreSQL client program on PATH, or a clear error if there is none. */
async function clientMajor(program: "pg_dump" | "pg_restore"): Promise<{ path: string; major: number; version: string }> {
  const path = Bun.which(program);
  if (!path) throw new BackupError("POSTGRES", `${program} is not on PATH: install the PostgreSQL client programs of your server's version`);
  const child = spawn(path, ["--version"], { stdio: ["ignore", "pipe", "ignore"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  await once(child, "close");
  const match = /\(PostgreSQL\) (\d+)(\.\d+)?/.exec(output);
  if (!match) throw new BackupError("POSTGRES", `cannot tell the version of ${path} (${output.trim() || "no output"})`);
  return { path, major: Number(match[1]), version: `${match[1]}${match[2] ?? ""}` };
}

function connect(url: string): Sql {
  const target = postgresTarget(url);
  return postgres(target.url, { path: target.path, max: 1, onnotice: () => {}, connection: { application_name: "mail-helper-backup" } });
}

async function serverVersion(sql: Sql, url: string): Promise<{ major: number; version: string }> {
  try {
    const [row] = await sql<{ version: string; major: number }[]>`select current_setting('server_version') as version, current_setting('server_version_num')::int / 10000 as major`;
    return row!;
  } catch (error) {
    throw new BackupError("POSTGRES", describeConnectionError(url, error));
  }
}

/** Runs a program and collects its standard error, for the one line shown when it fails. */
function runClient(path: string, args: string[], env: Record<string, string>, stdin: "pipe" | "ignore") {
  const child = spawn(path, args, { stdio: [stdin, "pipe", "pipe"], env: { ...process.env, ...env } });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const exited = new Promise<number>((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolveExit(code ?? -1));
  });
  return { child, exited, stderr: () => stderr.trim().split("\n").pop() ?? "" };
}

/**
 * @example
 *   const source = await pgDumpSource(config, log); // config.DATABASE_URL set
 */
export async function pgDumpSource(config: Config, log: Logger): Promise<BackupSource> {
  const url = config.DATABASE_URL!;
  const sql = connect(url);
  try {
    const server = await serverVersion(sql, url);
    const dump = await clientMajor("pg_dump");
    if (dump.major < server.major) {
      throw new BackupError(
        "POSTGRES",
        `pg_dump ${dump.version} (${dump.path}) is older than the server (PostgreSQL ${server.version}): install pg_dump ${server.major} or newer and put it first on PATH`,
      );
    }
    return {
      contents: { kind: "pg_dump", postgresMajor: server.major, postgresVersion: server.version },
      sql,
      close: () => sql.end({ timeout: 5 }),
      async copy(archive: ArchiveWriter) {
        const connection = libpqConnection(url);
        const run = runClient(dump.path, ["--format=custom", "--no-password", `--dbname=${connection.uri}`], connection.env, "ignore");
        const bytes = await archive.file(DUMP_ENTRY, run.child.stdout!);
        const code = await run.exited;
        if (code !== 0) throw new BackupError("POSTGRES", `pg_dump failed (exit ${code}): ${run.stderr()}`);
        log.info("database dumped", { bytes });
        return { files: 1, bytes };
      },
    };
  } catch (error) {
    await sql.end({ timeout: 5 });
    throw error;
  }
}

/** Refuses a database that already has tables or schemas of its own: a restore replaces nothing. */
async function checkEmptyDatabase(sql: Sql, url: string): Promise<void> {
  let rows: { objects: number }[];
  try {
    rows = await sql<{ objects: number }[]>`
      select (select count(*)::int from pg_class c join pg_namespace n on n.oid = c.relnamespace
              where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname !~ '^pg_')
           + (select count(*)::int from pg_namespace where nspname not in ('public', 'information_schema') and nspname !~ '^pg_') as objects`;
  } catch (error) {
    throw new BackupError("POSTGRES", describeConnectionError(url, error));
  }
  if (rows[0]!.objects > 0) throw new BackupError("TARGET_NOT_EMPTY", "the database DATABASE_URL names is not empty: restore into a new, empty database");
}

/** Checks what can be checked before anything is written: the client's version and an empty database. */
export async function prepareDumpRestore(config: Config, dumpMajor: number): Promise<{ restore(blocks: AsyncIterable<Buffer>): Promise<void> }> {
  const url = config.DATABASE_URL;
  if (!url) throw new BackupError("USAGE", "this backup is a pg_dump of an external server: set DATABASE_URL to an empty database to restore it into");
  const client = await clientMajor("pg_restore");
  if (client.major < dumpMajor)
    throw new BackupError("POSTGRES", `pg_restore ${client.version} (${client.path}) is older than the dump (PostgreSQL ${dumpMajor}): install pg_restore ${dumpMajor} or newer`);
  const sql = connect(url);
  try {
    await checkEmptyDatabase(sql, url);
  } finally {
    await sql.end({ timeout: 5 });
  }
  return {
    async restore(blocks) {
      const connection = libpqConnection(url);
      // One transaction: a damaged backup or a failed statement leaves the database as empty as it was.
      const run = runClient(client.path, ["--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error", "--no-password", `--dbname=${connection.uri}`], connection.env, "pipe");
      const stdin = run.child.stdin!;
      stdin.on("error", () => {}); // pg_restore exiting early: its exit code tells why
      try {
        for await (const block of blocks) if (!stdin.write(block)) await Promise.race([once(stdin, "drain"), run.exited]);
      } catch (error) {
        run.child.kill("SIGTERM");
        await run.exited;
        throw error;
      }
      stdin.end();
      const code = await run.exited;
      if (code !== 0) throw new BackupError("POSTGRES", `pg_restore failed (exit ${code}): ${run.stderr()}`);
    },
  };
}
