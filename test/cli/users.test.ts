/** The headless commands, run as processes: create-admin, invite, rotate-master-key. */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createApp } from "../../src/http/app.tsx";
import { runCommand } from "../support/app-process.ts";
import { createTestDatabase } from "../support/postgres.ts";
import { testServices } from "../support/services.ts";
import { tempDir } from "../support/temp.ts";
import { client } from "../support/users.ts";

const db = await createTestDatabase();
afterAll(() => db.drop());
const dataDir = tempDir("cli");
const env = { DATABASE_URL: db.url, DATA_DIR: dataDir };

describe("create-admin", () => {
  test("refuses a weak password in one line", async () => {
    const result = await runCommand("create-admin", env, { args: ["--email", "root@example.org"], stdin: "password1234\n" });
    expect(result).toMatchObject({ exitCode: 1, stderr: "mail-helper: password refused: common\n" });
  });

  test("creates the first administrator with the password from standard input, only once", async () => {
    const result = await runCommand("create-admin", env, { args: ["--email", "root@example.org", "--name", "Root"], stdin: "Kommandozeile Leuchtturm 3\n" });
    expect(result).toMatchObject({ exitCode: 0, stdout: "created administrator root@example.org; sign in to set up the second factor\n" });
    const [user] = await db.sql`select role, display_name from users where email = 'root@example.org'`;
    expect(user).toEqual({ role: "admin", display_name: "Root" });
    expect(result.stdout + result.stderr).not.toContain("Leuchtturm");

    const services = testServices(db, { DATA_DIR: dataDir });
    expect((await client(createApp(services)).post("/signin", { email: "root@example.org", password: "Kommandozeile Leuchtturm 3" })).headers.get("location")).toBe("/setup/second-factor");

    const again = await runCommand("create-admin", env, { args: ["--email", "other@example.org"], stdin: "Kommandozeile Leuchtturm 4\n" });
    expect(again).toMatchObject({ exitCode: 1, stderr: "mail-helper: there are users already; create an invitation with the invite command instead\n" });
  });
});

describe("invite", () => {
  test("prints a working single-use link", async () => {
    const result = await runCommand("invite", { ...env, PUBLIC_URL: "https://mail.example.org" }, { args: ["--email", "gast@example.org", "--days", "2"] });
    expect(result.exitCode).toBe(0);
    const link = /^https:\/\/mail\.example\.org\/signup\?token=([\w-]+)$/m.exec(result.stdout);
    expect(link).not.toBeNull();
    const page = await client(createApp(testServices(db))).get(`/signup?token=${link![1]}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="gast@example.org"');
  });

  test("refuses bad options in one line", async () => {
    expect(await runCommand("invite", env, { args: ["--role", "root"] })).toMatchObject({ exitCode: 1, stderr: "mail-helper: --role must be user or admin\n" });
    expect(await runCommand("invite", env, { args: ["--days", "99"] })).toMatchObject({ exitCode: 1, stderr: "mail-helper: --days must be an integer from 1 to 30\n" });
  });
});

describe("rotate-master-key", () => {
  test("re-wraps the data keys under a new key and drops the old one from the key file", async () => {
    const keyFile = join(dataDir, "master.key");
    const before = JSON.parse(readFileSync(keyFile, "utf8")).current as string;
    const result = await runCommand("rotate-master-key", env);
    expect(result.exitCode).toBe(0);
    const after = JSON.parse(readFileSync(keyFile, "utf8"));
    expect(after.current).not.toBe(before);
    expect(Object.keys(after.keys)).toEqual([after.current]);
    expect(result.stdout).toBe(`current master key ${after.current}; re-wrapped 1 user keys and 0 session keys; no longer used: ${before}\n`);
    // The administrator can still sign in: the data key opens under the new master key.
    const [user] = await db.sql`select dek_master_key_id from users where email = 'root@example.org'`;
    expect(user!.dek_master_key_id).toBe(after.current);
  });
});
