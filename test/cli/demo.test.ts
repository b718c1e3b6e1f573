/**
 * The demo (`npm run demo`): the demo user is made once, the demo mailbox's
 * import queued once, and importing it yields every message of demo/ in its
 * folders, each analysed by the pipeline the worker runs.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { DEMO_DIR, prepareDemo } from "../../src/cli/demo.ts";
import { runImport } from "../../src/mail/import/run-import.ts";
import { processMessages } from "../analysis/support.ts";
import { openTestApp } from "../support/test-app.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

/** Messages in demo/, counted independently of the importer: one "From " line each. */
const expected = readdirSync(DEMO_DIR)
  .filter((name) => name.endsWith(".mbox"))
  .reduce(
    (sum, name) =>
      sum +
      readFileSync(join(DEMO_DIR, name), "utf8")
        .split("\n")
        .filter((line) => line.startsWith("From ")).length,
    0,
  );

describe("npm run demo", () => {
  test("imports the demo mailbox once, every message stored in its folder and analysed", async () => {
    expect(expected).toBeGreaterThanOrEqual(55);
    const first = await prepareDemo(db.sql, services.keyring, "Wolke Fahrrad Tasse demo1");
    expect(first.created).toBe(true);
    expect(first.importId).toBeString();
    const [user] = await db.sql`select key_mode from users where id = ${first.userId}`;
    expect(user!.key_mode).toBe("background");

    expect(await runImport(services, { importId: first.importId!, userId: first.userId })).toBe("done");
    const [row] = await db.sql`select imported, duplicates, unreadable, account_id from mail_imports where id = ${first.importId}`;
    expect(row).toMatchObject({ imported: expected, duplicates: 0, unreadable: [] });
    const folders = await db.sql<{ path: string; specialUse: string | null; n: number }[]>`
      select f.path, f.special_use as "specialUse", count(c.id)::int as n from folders f left join message_copies c on c.folder_id = f.id
      where f.account_id = ${row!.account_id} group by f.id order by f.path`;
    expect(folders.map((folder) => folder.path)).toEqual(["Archive", "INBOX", "Sent"]);
    expect(folders.map((folder) => folder.specialUse)).toEqual(["archive", "inbox", "sent"]);

    const ids = (await db.sql<{ id: string }[]>`select id from messages where user_id = ${first.userId}`).map((message) => message.id);
    expect(ids).toHaveLength(expected);
    await processMessages(services, ids);
    const [analysed] = await db.sql`select count(*)::int as n from analyses where user_id = ${first.userId}`;
    expect(analysed!.n).toBe(expected);
    const [threaded] = await db.sql`select max(n)::int as n from (select count(*) as n from messages where user_id = ${first.userId} group by thread_id) t`;
    expect(threaded!.n).toBeGreaterThanOrEqual(5);

    const again = await prepareDemo(db.sql, services.keyring, "ignored");
    expect(again).toEqual({ userId: first.userId, created: false, importId: null });
  }, 120_000);
});
