/**
 * Schema migrations: numbered SQL files in `migrations/` (`0001_name.sql`),
 * applied in order in one transaction under an advisory lock, so two
 * processes starting at once cannot race; each is recorded with a checksum
 * so an edited, already-applied file is refused instead of silently ignored.
 * graphile-worker's own schema is migrated right after ours.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runMigrations as runWorkerMigrations } from "graphile-worker";
import { toGraphileLogger } from "../jobs/graphile-logger.ts";
import type { Logger } from "../log.ts";
import type { Sql } from "./connection.ts";

export const MIGRATIONS_DIR = join(import.meta.dir, "..", "..", "migrations");
/** Any constant both processes agree on; the text keeps it readable in pg_locks. */
const MIGRATION_LOCK = "mail-helper:migrate";
const FILE_NAME = /^(\d{4})_[a-z0-9_]+\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((name) => FILE_NAME.test(name))
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name), "utf8");
      return { version: Number(name.slice(0, 4)), name, sql, checksum: new Bun.CryptoHasher("sha256").update(sql).digest("hex") };
    });
}

type Applied = { version: number; name: string; checksum: string };

async function appliedMigrations(sql: Sql): Promise<Applied[] | undefined> {
  const [table] = await sql`select to_regclass('public.schema_migrations') as name`;
  if (!table?.name) return undefined;
  return await sql<Applied[]>`select version, name, checksum from schema_migrations order by version`;
}

/** Names of migration files not yet applied (empty when the schema is current). */
export async function pendingMigrations(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const applied = new Set((await appliedMigrations(sql))?.map((row) => row.version));
  return readMigrations(dir)
    .filter((migration) => !applied.has(migration.version))
    .map((migration) => migration.name);
}

/**
 * Applies pending migrations; returns the names applied.
 *
 * @example
 *   await migrate(db.sql, db.url, log); // ["0001_worker_heartbeats.sql", ...]
 */
export async function migrate(sql: Sql, url: string, log: Logger, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = readMigrations(dir);
  const applied = await sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${MIGRATION_LOCK}))`;
    await tx`
      create table if not exists schema_migrations (
        version    integer primary key,
        name       text not null,
        checksum   text not null,
        applied_at timestamptz not null default now()
      )`;
    const done = new Map((await tx<Applied[]>`select version, name, checksum from schema_migrations`).map((row) => [row.version, row]));
    const names: string[] = [];
    for (const migration of migrations) {
      const previous = done.get(migration.version);
      if (previous) {
        if (previous.checksum !== migration.checksum) {
          throw new MigrationError(`migration ${migration.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await tx.unsafe(migration.sql);
      await tx`insert into schema_migrations (version, name, checksum) values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      names.push(migration.name);
    }
    return names;
  });
  for (const name of applied) log.info("migration applied", { migration: name });
  await runWorkerMigrations({ connectionString: url, maxPoolSize: 2, logger: toGraphileLogger(log) });
  return applied;
}
