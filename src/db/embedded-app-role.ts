/**
 * The embedded cluster's application role: `mail_helper`, owner of the
 * database `mail_helper`, and nothing more: no superuser, no createrole or
 * createdb, no pg_read/write_server_files or pg_execute_server_program. The
 * app, the worker and the migrations connect as it; the bootstrap superuser
 * `postgres` is used only here, to create (or repair) the role and database.
 * A superuser connection could write any file the server can
 * (`COPY … TO '/path'`) and run programs (`COPY … TO PROGRAM`).
 *
 * Clusters made before issue 12 have the database, schemas and tables
 * owned by `postgres`. They are upgraded on start, in one transaction:
 * every object of ours the superuser owns goes to the app role.
 * (`REASSIGN OWNED BY postgres` would be shorter, but refuses: the bootstrap
 * superuser also owns the system catalogs.)
 */
import { randomBytes } from "node:crypto";
import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import postgres from "postgres";
import type { Logger } from "../log.ts";

export const APP_ROLE = "mail_helper";
export const APP_DATABASE = "mail_helper";
/** Web and worker processes may start at once: one provisions at a time. */
const PROVISION_LOCK = "mail-helper:provision-app-role";

/**
 * The app role's password from its 0600 file, made on first use. Written
 * aside and linked into place, so two processes starting at once agree on
 * one password (the second link fails and that process reads the first).
 */
export function appPassword(passwordFile: string): string {
  if (!existsSync(passwordFile)) {
    const staging = `${passwordFile}.${process.pid}`;
    writeFileSync(staging, randomBytes(24).toString("base64url"), { mode: 0o600 }); // [A-Za-z0-9_-]: safe in a quoted literal
    try {
      linkSync(staging, passwordFile);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    } finally {
      rmSync(staging, { force: true });
    }
  }
  return readFileSync(passwordFile, "utf8").trim();
}

/** The superuser's way in: its TCP URL, and the Unix socket's path when there is one (used first). */
export interface SuperuserTarget {
  url: string;
  socketPath?: string;
}

function connect(superuser: SuperuserTarget, database = "postgres"): postgres.Sql {
  const url = new URL(superuser.url);
  url.pathname = `/${database}`;
  return postgres(url.toString(), { path: superuser.socketPath, max: 1, onnotice: () => {} });
}

/**
 * Hands everything of ours that the superuser owns (schemas, tables, views,
 * sequences, types, functions, in any schema but the system's) to the app
 * role, then the database. Objects follow their table where PostgreSQL
 * insists (indexes, linked sequences, row types, array types).
 */
const TRANSFER_OWNERSHIP = `
do $$
declare
  app text := '${APP_ROLE}';
  superuser oid := (select oid from pg_roles where rolname = current_user);
  item record;
begin
  for item in select nspname from pg_namespace
               where nspowner = superuser and nspname <> 'information_schema' and nspname !~ '^pg_' loop
    execute format('alter schema %I owner to %I', item.nspname, app);
  end loop;
  for item in select c.oid::regclass as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relowner = superuser and c.relkind in ('r', 'p', 'v', 'm', 'f')
                 and n.nspname <> 'information_schema' and n.nspname !~ '^pg_' loop
    execute format('alter %s %s owner to %I',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view' when 'f' then 'foreign table' else 'table' end,
      item.name, app);
  end loop;
  -- Sequences a table owns moved with it; these are the free-standing ones.
  for item in select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
               where c.relowner = superuser and c.relkind = 'S' and n.nspname <> 'information_schema' and n.nspname !~ '^pg_' loop
    execute format('alter sequence %s owner to %I', item.name, app);
  end loop;
  for item in select t.oid::regtype as name, t.typtype from pg_type t join pg_namespace n on n.oid = t.typnamespace
               where t.typowner = superuser and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
                 and t.typtype in ('c', 'd', 'e', 'r')
                 and (t.typtype <> 'c' or (select relkind from pg_class where oid = t.typrelid) = 'c') loop
    execute format('alter %s %s owner to %I', case item.typtype when 'd' then 'domain' else 'type' end, item.name, app);
  end loop;
  for item in select p.oid::regprocedure as name, p.prokind from pg_proc p join pg_namespace n on n.oid = p.pronamespace
               where p.proowner = superuser and n.nspname <> 'information_schema' and n.nspname !~ '^pg_' loop
    execute format('alter %s %s owner to %I',
      case item.prokind when 'a' then 'aggregate' when 'p' then 'procedure' else 'function' end, item.name, app);
  end loop;
end $$`;

/**
 * Creates the app role and database if missing, upgrades a database the
 * superuser owns, and makes sure the role is no more than it should be.
 * Returns the role's password.
 *
 * @example
 *   const password = await provisionAppDatabase({ url: superuserUrl }, join(dataDir, "postgres-app.password"), log);
 */
export async function provisionAppDatabase(superuser: SuperuserTarget, passwordFile: string, log: Logger): Promise<string> {
  const password = appPassword(passwordFile);
  const admin = connect(superuser);
  try {
    await admin`select pg_advisory_lock(hashtext(${PROVISION_LOCK}))`;
    const [role] = await admin`select 1 from pg_roles where rolname = ${APP_ROLE}`;
    if (!role) await admin.unsafe(`create role ${APP_ROLE} login`);
    // Every start: the file is the truth, and the role gets back to no privileges if someone added some.
    await admin.unsafe(`alter role ${APP_ROLE} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${password}'`);
    const [database] = await admin<{ owner: string }[]>`select datdba::regrole::text as owner from pg_database where datname = ${APP_DATABASE}`;
    if (!database) {
      log.info("creating the app database", { database: APP_DATABASE, owner: APP_ROLE });
      await admin.unsafe(`create database ${APP_DATABASE} owner ${APP_ROLE}`);
    } else if (database.owner !== APP_ROLE) {
      log.info("handing the app database from the superuser to the app role", { database: APP_DATABASE, owner: APP_ROLE });
      const inDatabase = connect(superuser, APP_DATABASE);
      try {
        await inDatabase.begin(async (tx) => {
          await tx.unsafe(TRANSFER_OWNERSHIP);
          await tx.unsafe(`alter database ${APP_DATABASE} owner to ${APP_ROLE}`);
        });
      } finally {
        await inDatabase.end();
      }
    }
  } finally {
    await admin.end(); // also releases the advisory lock
  }
  return password;
}
