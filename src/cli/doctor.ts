/**
 * `bun run doctor`: is this installation ready for production? Prints one
 * line per check and returns false if any failed.
 */
import { accessSync, constants, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseCrontab } from "graphile-worker";
import type { Config } from "../config.ts";
import type { Sql } from "../db/connection.ts";
import { checkReadiness } from "../ops/readiness.ts";
import { CRONTAB_FILE } from "../jobs/task-list.ts";

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
}

/** Files in the data directory that hold secrets and must be private to the service user. */
const SECRET_FILE = /\.(key|password|pem)$/;

function modeOf(path: string): number {
  return statSync(path).mode & 0o777;
}

export function checkDataDirectory(dataDir: string): DoctorCheck[] {
  let mode: number;
  try {
    mode = modeOf(dataDir);
  } catch (error) {
    return [{ name: "data directory", ok: false, detail: `${dataDir}: ${(error as NodeJS.ErrnoException).code}` }];
  }
  const checks: DoctorCheck[] = [
    {
      name: "data directory",
      ok: (mode & 0o077) === 0,
      detail: `${dataDir} mode ${mode.toString(8)}${mode & 0o077 ? " (must be 700: others can read it)" : ""}`,
    },
  ];
  for (const file of readdirSync(dataDir).filter((name) => SECRET_FILE.test(name))) {
    const fileMode = modeOf(join(dataDir, file));
    checks.push({
      name: `key file ${file}`,
      ok: (fileMode & 0o077) === 0,
      detail: `mode ${fileMode.toString(8)}${fileMode & 0o077 ? " (must be 600)" : ""}`,
    });
  }
  return checks;
}

export function checkTlsFiles(config: Config): DoctorCheck[] {
  if (!config.tls) return [{ name: "TLS", ok: true, detail: "not configured: terminate TLS at a reverse proxy" }];
  return (
    [
      ["TLS certificate", config.tls.certFile],
      ["TLS key", config.tls.keyFile],
    ] as const
  ).map(([name, path]) => {
    try {
      accessSync(path, constants.R_OK);
      return { name, ok: true, detail: `${path} readable` };
    } catch (error) {
      return { name, ok: false, detail: `${path}: ${(error as NodeJS.ErrnoException).code}` };
    }
  });
}

export async function checkCrontabRegistered(sql: Sql, crontabFile = CRONTAB_FILE): Promise<DoctorCheck> {
  const wanted = parseCrontab(readFileSync(crontabFile, "utf8")).map((item) => item.identifier);
  const known = new Set((await sql<{ identifier: string }[]>`select identifier from graphile_worker._private_known_crontabs`).map((row) => row.identifier));
  const missing = wanted.filter((identifier) => !known.has(identifier));
  return {
    name: "crontab registered",
    ok: missing.length === 0,
    detail: missing.length ? `not yet registered by a worker: ${missing.join(", ")}` : `${wanted.length} entries`,
  };
}

/**
 * The app needs only to own its database. A superuser (or a member of the
 * pg_*_server_* roles) can also read and write files on the database
 * server and run programs there (`COPY … TO PROGRAM`).
 */
export async function checkDatabaseRole(sql: Sql): Promise<DoctorCheck> {
  const [role] = await sql<{ name: string; powers: string[] }[]>`
    select current_user as name,
           array_remove(array[
             case when rolsuper then 'superuser' end,
             case when rolcreaterole then 'createrole' end,
             case when pg_has_role(current_user, 'pg_write_server_files', 'member') then 'pg_write_server_files' end,
             case when pg_has_role(current_user, 'pg_read_server_files', 'member') then 'pg_read_server_files' end,
             case when pg_has_role(current_user, 'pg_execute_server_program', 'member') then 'pg_execute_server_program' end
           ], null) as powers
    from pg_roles where rolname = current_user`;
  const powers = role?.powers ?? [];
  return {
    name: "database role",
    ok: powers.length === 0,
    detail: powers.length
      ? `${role!.name} has ${powers.join(", ")}: it can reach files and programs on the database server; connect as a role that only owns its database`
      : `${role?.name} is not a superuser`,
  };
}

export async function runDoctorChecks(sql: Sql, config: Config): Promise<DoctorCheck[]> {
  const readiness = await checkReadiness(sql);
  const checks: DoctorCheck[] = [
    { name: "database reachable", ...readiness.checks.database },
    { name: "migrations applied", ...readiness.checks.migrations },
    { name: "worker alive", ...readiness.checks.worker },
  ];
  if (readiness.checks.database.ok) {
    checks.push(await checkCrontabRegistered(sql).catch((error: Error) => ({ name: "crontab registered", ok: false, detail: error.message })));
    checks.push(await checkDatabaseRole(sql));
  }
  checks.push(...checkDataDirectory(config.dataDir), ...checkTlsFiles(config));
  return checks;
}

export function formatDoctorCheck(check: DoctorCheck): string {
  return `${check.ok ? "ok  " : "FAIL"}  ${check.name}: ${check.detail}`;
}
