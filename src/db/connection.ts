/**
 * Opens the application's database: the server named by DATABASE_URL (used
 * as given: it should name a role that owns its database and is not a
 * superuser), or the embedded cluster in the data directory when it is not
 * set, as its app role (embedded-app-role.ts).
 */
import postgres from "postgres";
import type { Config } from "../config.ts";
import type { Logger } from "../log.ts";
import { missingPatches } from "../patches/apply.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";

export type Sql = postgres.Sql;
/** A pool or a transaction: what functions take that work inside or outside a transaction. */
export type Queryable = Sql | postgres.TransactionSql;

export interface Database {
  sql: Sql;
  /** The URL the pool uses (graphile-worker opens its own pool to it). */
  url: string;
  /** Closes the pool and stops the embedded cluster if we started it. */
  close(): Promise<void>;
}

export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

let writeRaceGuarded = false;

/**
 * postgres.js 3.4.9 can throw "null is not an object (evaluating
 * 'socket.write')" from a write it scheduled (setImmediate) when the server
 * closes the connection in between, e.g. a PostgreSQL restart. The
 * connection is already closed and its queries rejected; only this stray
 * exception would escape and kill the process. It is recognised by its
 * origin and logged; every other uncaught exception still crashes.
 */
export function guardPostgresWriteRace(log: Logger): void {
  if (writeRaceGuarded) return;
  writeRaceGuarded = true;
  process.on("uncaughtException", (error) => {
    if (error instanceof TypeError && /socket\.write/.test(error.message) && /postgres\/src\/connection\.js/.test(error.stack ?? "")) {
      log.warn("ignored a write to a closed database connection (postgres.js)", { error: error.message });
      return;
    }
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exit(1);
  });
}

/**
 * The server a URL names, as postgres.js takes it. postgres.js reads only
 * the URL's host; a Unix socket's directory in libpq's form
 * (`postgres://user@localhost/db?host=/run/postgresql`, as psql and
 * graphile-worker's driver read it) becomes its `path`.
 */
export function postgresTarget(url: string): { url: string; path?: string } {
  const parsed = new URL(url);
  const directory = parsed.searchParams.get("host");
  if (!directory?.startsWith("/")) return { url };
  parsed.searchParams.delete("host");
  return { url: parsed.toString(), path: `${directory}/.s.PGSQL.${parsed.port || 5432}` };
}

// biome-ignore lint/complexity/noBannedTypes: postgres.js spells "no custom types" as {}
export function openPool(url: string, config: Config, overrides: postgres.Options<{}> = {}): Sql {
  const target = postgresTarget(url);
  return postgres(target.url, {
    path: target.path,
    max: config.DB_POOL_MAX,
    idle_timeout: config.DB_IDLE_TIMEOUT_S,
    max_lifetime: config.DB_MAX_LIFETIME_S,
    connect_timeout: config.DB_CONNECT_TIMEOUT_S,
    onnotice: () => {}, // "relation already exists, skipping" and friends
    // One plan per prepared statement, made at its first run. The statements look rows up by id, or by user
    // through indexes that lead with the user id, so one plan serves all values; planning a list page's
    // queries on every run cost more than running them. The list's searches and sparse filters, whose best
    // plan does depend on the values, ask for a plan per run (src/db/plan-cache-mode.ts).
    ...overrides,
    connection: { application_name: "mail-helper", plan_cache_mode: "force_generic_plan", ...overrides.connection },
  });
}

/** Describes a connection failure in one line, without the password. */
export function describeConnectionError(url: string, error: unknown): string {
  const target = new URL(url);
  const code = (error as { code?: string }).code;
  const reason = code && !/^\d/.test(code) ? code : (error as Error).message;
  const server = postgresTarget(url).path ?? `${target.hostname}:${target.port || 5432}`;
  return `cannot connect to PostgreSQL at ${server}${target.pathname}: ${reason}`;
}

/**
 * @example
 *   const db = await openDatabase(config, log);
 *   await db.sql`select 1`;
 *   await db.close();
 */
export async function openDatabase(config: Config, log: Logger, options: { volatile?: boolean } = {}): Promise<Database> {
  guardPostgresWriteRace(log);
  for (const patch of missingPatches()) log.warn(`${patch.package} lacks our changes (${patch.summary}; was npm's postinstall skipped?): run \`bun src/cli/postinstall.ts\``);
  const embedded = config.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.EMBEDDED_PG_PORT, log, volatile: options.volatile });
  try {
    const url = embedded ? (embedded.app.socketUrl ?? embedded.app.url) : config.DATABASE_URL!;
    const sql = openPool(url, config);
    try {
      await sql`select 1`;
    } catch (error) {
      await sql.end({ timeout: 1 });
      throw new DatabaseUnavailableError(describeConnectionError(url, error));
    }
    return {
      sql,
      url,
      close: async () => {
        await sql.end({ timeout: 5 });
        await embedded?.stop();
      },
    };
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
}
