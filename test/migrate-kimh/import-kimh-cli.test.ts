/** `import-kimh` as the operator runs it: a process, passwords from a file, the printed table. */
import { afterAll, expect, test } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../support/app-process.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { tempDir } from "../support/temp.ts";
import { buildKimhFixture, PASSWORDS, sqliteTarget } from "./kimh-fixture.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());
const dir = tempDir("kimh-cli");
const env = { DATABASE_URL: db.url, DATA_DIR: join(dir, "data") };
const sqlitePath = join(dir, "kimh.db");
const fixture = sqliteTarget(sqlitePath);
await buildKimhFixture(fixture, "imap.example.org");
fixture.close();
const passwordFile = join(dir, "passwords.json");
writeFileSync(passwordFile, JSON.stringify({ "anna@example.org": PASSWORDS.anna, "ben@example.org": PASSWORDS.ben }), { mode: 0o600 });
const args = ["--from", `sqlite:${sqlitePath}`, "--passwords", passwordFile];

/** The table's row: read, written, present, skipped, and whether the checksums agree. */
function row(stdout: string, table: string) {
  const line = stdout.split("\n").find((text) => text.startsWith(`${table} `));
  const cells = line?.trim().split(/\s+/) ?? [];
  return { read: Number(cells[1]), written: Number(cells[2]), present: Number(cells[3]), skipped: Number(cells[4]), ok: line?.endsWith(" ok") ?? false };
}

test("a dry run prints the table and writes nothing; the import prints equal checksums; a second run writes nothing", async () => {
  const dry = await runCommand("import-kimh", env, { args: [...args, "--dry-run"] });
  expect(dry.exitCode).toBe(0);
  expect(dry.stdout).toContain("dry run: nothing was written");
  expect(row(dry.stdout, "raw_emails")).toMatchObject({ read: 6, written: 4, present: 0, skipped: 2 });
  const [before] = await db.sql`select count(*)::int as n from users`;
  expect(before).toEqual({ n: 0 });

  const first = await runCommand("import-kimh", env, { args });
  expect(first.exitCode).toBe(0);
  expect(first.stdout).toContain("import finished");
  expect(first.stdout).not.toContain("MISMATCH");
  expect(row(first.stdout, "users")).toEqual({ read: 2, written: 2, present: 0, skipped: 0, ok: true });
  expect(row(first.stdout, "raw_emails")).toEqual({ read: 6, written: 4, present: 0, skipped: 2, ok: true });
  expect(first.stdout).toContain("mail_accounts: 1 skipped: OAuth account");
  expect(first.stdout).toContain('anna@example.org / "Lookahead":');
  for (const secret of [PASSWORDS.anna, PASSWORDS.ben, "imap-secret-anna", "Zusammenfassung"]) expect(first.stdout + first.stderr).not.toContain(secret);

  const second = await runCommand("import-kimh", env, { args });
  expect(second.exitCode).toBe(0);
  for (const table of ["users", "mail_accounts", "raw_emails", "email_attachments", "processed_emails", "auto_rules"]) {
    expect({ table, written: row(second.stdout, table).written, ok: row(second.stdout, table).ok }).toEqual({ table, written: 0, ok: true });
  }
  expect(row(second.stdout, "raw_emails")).toMatchObject({ present: 4 });
});

test("usage errors are one line", async () => {
  const missing = await runCommand("import-kimh", env, { args: [] });
  expect(missing).toMatchObject({ exitCode: 1, stderr: "mail-helper: import-kimh needs --from sqlite:PATH or --from postgres://…\n" });
  const noTerminal = await runCommand("import-kimh", env, { args: ["--from", `sqlite:${sqlitePath}`] });
  expect(noTerminal).toMatchObject({ exitCode: 1, stderr: "mail-helper: no terminal to ask passwords on: give them with --passwords FILE\n" });
});
