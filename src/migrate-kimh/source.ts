/**
 * Reading a KI-Mail-Helper database: its SQLite file (bun:sqlite, opened
 * read-only) or its PostgreSQL server. Only whole tables are read, ordered
 * by id, with plain `select *`, so one query works on both; a table the
 * installation does not have (an older schema) reads as empty.
 */
import { Database as SqliteDatabase } from "bun:sqlite";
import postgres from "postgres";

export interface KimhSource {
  /** "sqlite:<path>" or the PostgreSQL URL without its password, for the report. */
  label: string;
  /** Every row of the table, ordered by id; [] when the table does not exist. */
  rows(table: string): Promise<Record<string, unknown>[]>;
  /** The rows whose column has this value, ordered by id; [] when the table does not exist. */
  rowsWhere(table: string, column: string, value: string | number): Promise<Record<string, unknown>[]>;
  /** id → the column's value, for every row of the table (owners and parents, without the encrypted bulk). */
  pairs(table: string, column: string): Promise<Map<string, string>>;
  close(): Promise<void>;
}

export class SourceError extends Error {
  override name = "SourceError";
}

const TABLE_NAME = /^[a-z_]+$/;

function checkedTable(table: string): string {
  if (!TABLE_NAME.test(table)) throw new SourceError(`not a table name: ${table}`);
  return table;
}

function openSqlite(path: string): KimhSource {
  let db: SqliteDatabase;
  try {
    db = new SqliteDatabase(path, { readonly: true });
  } catch (error) {
    throw new SourceError(`cannot open ${path}: ${(error as Error).message}`);
  }
  return {
    label: `sqlite:${path}`,
    async rows(table) {
      const exists = db.query("select 1 from sqlite_master where type = 'table' and name = ?").get(checkedTable(table));
      if (!exists) return [];
      return db.query(`select * from "${table}" order by id`).all() as Record<string, unknown>[];
    },
    async rowsWhere(table, column, value) {
      const exists = db.query("select 1 from sqlite_master where type = 'table' and name = ?").get(checkedTable(table));
      if (!exists) return [];
      return db.query(`select * from "${table}" where "${checkedTable(column)}" = ? order by id`).all(value) as Record<string, unknown>[];
    },
    async pairs(table, column) {
      const exists = db.query("select 1 from sqlite_master where type = 'table' and name = ?").get(checkedTable(table));
      if (!exists) return new Map();
      const rows = db.query(`select id, "${checkedTable(column)}" as value from "${table}"`).all() as { id: unknown; value: unknown }[];
      return new Map(rows.map((row) => [String(row.id), String(row.value)]));
    },
    async close() {
      db.close();
    },
  };
}

function openPostgres(url: string): KimhSource {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const shown = new URL(url);
  shown.password = "";
  return {
    label: shown.toString(),
    async rows(table) {
      const [found] = await sql`select to_regclass(${checkedTable(table)}) is not null as ok`;
      if (!found?.ok) return [];
      return [...(await sql.unsafe(`select * from "${table}" order by id`))] as Record<string, unknown>[];
    },
    async rowsWhere(table, column, value) {
      const [found] = await sql`select to_regclass(${checkedTable(table)}) is not null as ok`;
      if (!found?.ok) return [];
      return [...(await sql.unsafe(`select * from "${table}" where "${checkedTable(column)}" = $1 order by id`, [value]))] as Record<string, unknown>[];
    },
    async pairs(table, column) {
      const [found] = await sql`select to_regclass(${checkedTable(table)}) is not null as ok`;
      if (!found?.ok) return new Map();
      const rows = await sql.unsafe(`select id, "${checkedTable(column)}" as value from "${table}"`);
      return new Map(rows.map((row) => [String(row.id), String(row.value)]));
    },
    async close() {
      await sql.end({ timeout: 5 });
    },
  };
}

/** `sqlite:PATH` (or a path ending in .db / .sqlite) or `postgres://…` / `postgresql://…`. */
export function openKimhSource(from: string): KimhSource {
  if (/^postgres(ql)?:\/\//.test(from)) return openPostgres(from);
  if (from.startsWith("sqlite:")) return openSqlite(from.slice("sqlite:".length));
  throw new SourceError("--from must be sqlite:PATH or a postgres:// URL");
}

/** SQLite answers 0/1 and text, PostgreSQL booleans and Dates: one reading for both. */
export const asBool = (value: unknown): boolean => value === true || value === 1 || value === "1" || value === "t" || value === "true";
export const asText = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
export const asInt = (value: unknown): number | null => (value === null || value === undefined || value === "" ? null : Number(value));
export function asDate(value: unknown): Date | null {
  if (value === null || value === undefined || value === "") return null;
  const date = value instanceof Date ? value : new Date(String(value).replace(" ", "T") + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(value)) ? "" : "Z"));
  return Number.isNaN(date.getTime()) ? null : date;
}
