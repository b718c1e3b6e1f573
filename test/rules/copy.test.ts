/**
 * The copy action against the real Dovecot: a rule's copy reaches the
 * server as an IMAP COPY (the message stays in INBOX, a copy appears in the
 * folder, known locally at the UID COPYUID named, and a sync adds no second
 * message); undoing it expunges the copy on the server. And in Sieve:
 * `fileinto :copy` out and in.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { exportSieve } from "../../src/rules/sieve-export.ts";
import { importSieve } from "../../src/rules/sieve-import.ts";
import { parseRuleDefinition } from "../../src/rules/rule-schema.ts";
import { undoRuleMatch } from "../../src/rules/runs.ts";
import { openTestApp } from "../support/test-app.ts";
import { processMessages } from "../analysis/support.ts";
import { actionHelpers } from "../mail/actions/fixtures.ts";
import { fromLandlord, landlord, ruleFixtures } from "./rule-fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { folderId, serverUids } = actionHelpers(db, services);
const { mailbox, deliver, addRule, applyPending } = await ruleFixtures(db, services);

describe("copy", () => {
  test("a rule's copy puts a copy in the folder on the server and leaves the message in INBOX; undo expunges the copy", async () => {
    const fixture = await mailbox();
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "copy", folderId: wohnung }, { type: "flag" }] });
    const [messageId] = await deliver(fixture, [landlord(1)]);
    await processMessages(services, [messageId!]);

    const journal = await db.sql<{ action: string; requestedBy: string }[]>`
      select action, requested_by as "requestedBy" from action_journal where user_id = ${fixture.user.user.id} order by action`;
    expect([...journal]).toEqual([
      { action: "copy", requestedBy: "rule" },
      { action: "flag", requestedBy: "rule" },
    ]);
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(1);
    const copied = await serverUids(fixture, "Wohnung");
    expect(copied).toHaveLength(1);
    const copies = await db.sql<{ folderId: string; uid: number }[]>`select folder_id as "folderId", uid::int from message_copies where message_id = ${messageId!} order by folder_id = ${wohnung}`;
    expect(copies).toHaveLength(2);
    expect(copies[1]).toEqual({ folderId: wohnung, uid: copied[0]! });

    // A sync sees the copy as the same message, not a new one.
    await fixture.sync();
    expect((await db.sql`select 1 from messages where account_id = ${fixture.account.id}`).length).toBe(1);

    const [match] = await db.sql<{ id: string }[]>`select id from rule_matches where user_id = ${fixture.user.user.id}`;
    expect(await undoRuleMatch(db.sql, fixture.user.dataKey, fixture.user.user.id, match!.id)).toEqual({ undone: 2 });
    const undo = await db.sql<{ action: string }[]>`select action from action_journal where requested_by = 'undo' and user_id = ${fixture.user.user.id} order by action`;
    expect(undo.map((row) => row.action)).toEqual(["uncopy", "unflag"]);
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(1);
    expect((await db.sql`select 1 from message_copies where message_id = ${messageId!}`).length).toBe(1);
  });
});

describe("copy in Sieve", () => {
  const FOLDER = crypto.randomUUID();
  test("exports as fileinto :copy with require copy, and imports back", () => {
    const parsed = parseRuleDefinition({ condition: { type: "text", field: "subject", match: "contains", value: "rechnung" }, actions: [{ type: "copy", folderId: FOLDER }] });
    if (!parsed.ok) throw new Error(parsed.message);
    const script = exportSieve([{ name: "Kopie", enabled: true, mode: "act", definition: parsed.definition }], {
      folderPath: (id) => (id === FOLDER ? "Wohnung" : undefined),
      tagKeyword: () => undefined,
    });
    expect(script).toContain('require ["fileinto", "copy"];');
    expect(script).toContain('fileinto :copy "Wohnung";');
    const imported = importSieve(script, { folderIdByPath: (path) => (path === "Wohnung" ? FOLDER : undefined), tagIdByKeyword: () => undefined });
    if (!imported.ok) throw new Error(imported.message);
    expect(imported.rules[0]!.definition.actions).toEqual([{ type: "copy", folderId: FOLDER }]);
  });
});
