import { afterAll, describe, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import postgres from "postgres";
import { migrate, MigrationError, pendingMigrations, readMigrations } from "../../src/db/migrate.ts";
import { log } from "../../src/log.ts";
import { createTestDatabase, type TestDatabase } from "../support/postgres.ts";
import { tempDir } from "../support/temp.ts";

const databases: TestDatabase[] = [];
afterAll(() => Promise.all(databases.map((db) => db.drop())));

async function emptyDatabase() {
  const db = await createTestDatabase({ migrated: false });
  databases.push(db);
  return db;
}

function migrationsDir(files: Record<string, string>): string {
  const dir = tempDir("migrations");
  for (const [name, sql] of Object.entries(files)) writeFileSync(join(dir, name), sql);
  return dir;
}

describe("migrate", () => {
  test("applies every migration file in order, records it, and is a no-op the second time", async () => {
    const db = await emptyDatabase();
    const applied = await migrate(db.sql, db.url, log);
    expect(applied).toEqual(readMigrations().map((migration) => migration.name));
    const rows = await db.sql`select version, name from schema_migrations order by version`;
    expect(rows.map((row) => row.name)).toEqual(applied);
    expect(await migrate(db.sql, db.url, log)).toEqual([]);
    expect(await pendingMigrations(db.sql)).toEqual([]);
    // graphile-worker's schema comes with it, so the web process can add jobs.
    const [worker] = await db.sql`select to_regproc('graphile_worker.add_job') as fn`;
    expect(worker?.fn).not.toBeNull();
  });

  test("runs files in numeric order so later ones can build on earlier ones", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({
      "0002_add_column.sql": "alter table things add column label text;",
      "0001_create.sql": "create table things (id int primary key);",
    });
    expect(await migrate(db.sql, db.url, log, dir)).toEqual(["0001_create.sql", "0002_add_column.sql"]);
    await db.sql`insert into things (id, label) values (1, 'ok')`;
  });

  test("two processes migrating at once apply each migration exactly once", async () => {
    const db = await emptyDatabase();
    const other = postgres(db.url, { max: 2, onnotice: () => {} });
    try {
      const [first, second] = await Promise.all([migrate(db.sql, db.url, log), migrate(other, db.url, log)]);
      expect([...first, ...second].sort()).toEqual(readMigrations().map((migration) => migration.name));
      const [count] = await db.sql`select count(*)::int as n from schema_migrations`;
      expect(count?.n).toBe(readMigrations().length);
    } finally {
      await other.end();
    }
  });

  test("a failing migration rolls back the whole batch", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({
      "0001_ok.sql": "create table kept_if_committed (id int);",
      "0002_broken.sql": "create table broken (id int; -- syntax error",
    });
    await expect(migrate(db.sql, db.url, log, dir)).rejects.toThrow();
    const [table] = await db.sql`select to_regclass('kept_if_committed') as name`;
    expect(table?.name).toBeNull();
  });

  test("an applied migration that was edited afterwards is refused", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({ "0001_create.sql": "create table edited (id int);" });
    await migrate(db.sql, db.url, log, dir);
    writeFileSync(join(dir, "0001_create.sql"), "create table edited (id bigint);");
    const error = await migrate(db.sql, db.url, log, dir).catch((caught) => caught);
    expect(error).toBeInstanceOf(MigrationError);
    expect(error.message).toContain("0001_create.sql was changed after it was applied");
  });

  test("pendingMigrations lists files not yet applied", async () => {
    const db = await emptyDatabase();
    const dir = migrationsDir({ "0001_a.sql": "select 1;" });
    expect(await pendingMigrations(db.sql, dir)).toEqual(["0001_a.sql"]);
    await migrate(db.sql, db.url, log, dir);
    writeFileSync(join(dir, "0002_b.sql"), "select 2;");
    expect(await pendingMigrations(db.sql, dir)).toEqual(["0002_b.sql"]);
  });
});
