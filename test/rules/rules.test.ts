/**
 * Rules against the real Dovecot and PostgreSQL: an act rule files newly
 * synced mail into a folder through the journal and the write-back, and
 * its undo brings it back; suggest and shadow rules change nothing on the
 * server until a suggestion is applied; the pipeline runs rules once per
 * message and only on mail that arrived after the rule; a run over a
 * folder reaches old mail, reports progress, can be cancelled and undone;
 * a dry-run writes nothing; a user without rules sees no change at all; a
 * catastrophic regex does not stop the pipeline.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import { dryRunRule } from "../../src/rules/dry-run.ts";
import { parseRuleDefinition, type RuleMode } from "../../src/rules/rule-schema.ts";
import { cancelRuleRun, executeRuleRun, getRuleRun, startRuleRun, undoRuleMatch, undoRuleRun } from "../../src/rules/runs.ts";
import { createRule } from "../../src/rules/store.ts";
import { applySuggestion } from "../../src/rules/suggestions.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { processMessages } from "../analysis/support.ts";
import { actionHelpers } from "../mail/actions/fixtures.ts";
import { syncFixture, withClient, type SyncFixture } from "../mail/sync/fixtures.ts";
import runRulesTask from "../../tasks/run_rules.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();
const { folderId, serverFlags, serverUids } = actionHelpers(db, services);

/** A mailbox with a folder "Wohnung" besides INBOX, synced. */
async function mailbox(): Promise<SyncFixture> {
  const fixture = await syncFixture(services);
  await withClient(fixture, (client) => client.mailboxCreate("Wohnung"));
  await fixture.sync();
  return fixture;
}

/** New mail arrives and sync stores it; the ids of the new messages. */
async function deliver(fixture: SyncFixture, messages: string[]): Promise<string[]> {
  const before = new Set((await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id));
  server.seedMaildir(fixture.box.user, "INBOX", messages);
  await fixture.sync();
  const after = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} order by created_at, id`;
  return after.map((row) => row.id).filter((id) => !before.has(id));
}

const landlord = (n: number, body = "anbei die Nebenkostenabrechnung.") =>
  makeMessage({ from: "Hausverwaltung Müller <rechnung@hausverwaltung.example>", to: "me@example.org", subject: `Rechnung ${n}`, body, messageId: `<hv-${crypto.randomUUID()}@example.org>` });
const friend = (n: number) =>
  makeMessage({ from: "Anna <anna@example.org>", to: "me@example.org", subject: `Hallo ${n}`, body: "Kommst du morgen?", messageId: `<a-${crypto.randomUUID()}@example.org>` });

async function addRule(fixture: SyncFixture, definition: unknown, mode: RuleMode = "act", name = "Hausverwaltung") {
  const parsed = parseRuleDefinition(definition);
  if (!parsed.ok) throw new Error(parsed.message);
  const created = await createRule(db.sql, fixture.user.dataKey, fixture.user.user.id, { name, mode, definition: parsed.definition });
  if (!created.ok) throw new Error(created.reason);
  return created.rule;
}

const fromLandlord = { type: "text", field: "from", match: "contains", value: "HAUSVERWALTUNG" };

/** Runs every pending write-back of the user, oldest first, as the worker would. */
async function applyPending(fixture: SyncFixture): Promise<number> {
  const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at, id`;
  for (const { id } of pending) await applyMessageAction(services, { journalId: id, userId: fixture.user.user.id, holder: "test" });
  return pending.length;
}

const journalOf = async (fixture: SyncFixture) => [
  ...(await db.sql<{ action: string; requestedBy: string; state: string }[]>`
    select action, requested_by as "requestedBy", state from action_journal where user_id = ${fixture.user.user.id} order by created_at, action`),
];

describe("rules on new mail (the pipeline)", () => {
  test("an act rule files new mail into a folder and flags it on the server; undo brings it back; a second run changes nothing", async () => {
    const fixture = await mailbox();
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "flag" }, { type: "move", folderId: wohnung }] });
    const ids = await deliver(fixture, [landlord(1), friend(1)]);
    expect(ids).toHaveLength(2);
    await processMessages(services, ids);

    expect(await journalOf(fixture)).toEqual([
      { action: "flag", requestedBy: "rule", state: "pending" },
      { action: "move", requestedBy: "rule", state: "pending" },
    ]);
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(1);
    const filed = await serverFlags(fixture, "Wohnung");
    expect(filed.size).toBe(1);
    expect([...filed.values()][0]).toContain("\\Flagged");

    // A retried job: nothing twice.
    await processMessages(services, ids);
    expect(await journalOf(fixture)).toHaveLength(2);
    const matches = await db.sql<{ messageId: string; mode: string; why: unknown; journalIds: string[] }[]>`
      select message_id as "messageId", mode, why, journal_ids as "journalIds" from rule_matches where user_id = ${fixture.user.user.id}`;
    expect(matches).toHaveLength(1);
    expect(ids).toContain(matches[0]!.messageId);
    expect(matches[0]).toMatchObject({ mode: "act", why: [{ path: "0", type: "text", field: "from", match: "contains" }] });
    expect(matches[0]!.journalIds).toHaveLength(2);

    // Undo per message: the batch of its rule actions; another user's undo finds nothing.
    const [match] = await db.sql<{ id: string }[]>`select id from rule_matches where user_id = ${fixture.user.user.id}`;
    const stranger = await mailbox();
    expect(await undoRuleMatch(db.sql, stranger.user.dataKey, stranger.user.user.id, match!.id)).toBeUndefined();
    expect(await undoRuleMatch(db.sql, fixture.user.dataKey, fixture.user.user.id, match!.id)).toEqual({ undone: 2 });
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);
    const inbox = await serverFlags(fixture, "INBOX");
    expect(inbox.size).toBe(2);
    for (const flags of inbox.values()) expect(flags).not.toContain("\\Flagged");
  });

  test("suggest and shadow rules change nothing on the server; a suggestion applied with one click does", async () => {
    const fixture = await mailbox();
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "move", folderId: wohnung }, { type: "stop" }] }, "suggest");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "delete" }] }, "shadow");
    const ids = await deliver(fixture, [landlord(2)]);
    // \Recent is the session's, not the message's: the first look at the folder clears it.
    const flagsIn = async (path: string) => [...(await serverFlags(fixture, path)).entries()].map(([uid, flags]) => [uid, flags.filter((flag) => flag !== "\\Recent")]);
    const before = await flagsIn("INBOX");
    await processMessages(services, ids);
    expect(await journalOf(fixture)).toEqual([]);
    expect(await flagsIn("INBOX")).toEqual(before);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);
    const matches = await db.sql<{ id: string; mode: string; actions: unknown; journalIds: string[] }[]>`
      select id, mode, actions, journal_ids as "journalIds" from rule_matches where user_id = ${fixture.user.user.id} order by mode desc`;
    expect(matches.map((match) => [match.mode, match.actions, match.journalIds])).toEqual([
      ["suggest", [{ type: "move", folderId: wohnung }], []],
      ["shadow", [{ type: "delete" }], []],
    ]);

    const suggestion = matches.find((match) => match.mode === "suggest")!;
    const applied = await applySuggestion(db.sql, fixture.user.dataKey, fixture.user.user.id, suggestion.id);
    expect(applied).toMatchObject({ ok: true, journalIds: [expect.any(String)] });
    expect(await applySuggestion(db.sql, fixture.user.dataKey, fixture.user.user.id, suggestion.id)).toEqual({ ok: false, reason: "already_applied" });
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(1);
    // The shadow match is not a suggestion.
    const shadow = matches.find((match) => match.mode === "shadow")!;
    expect(await applySuggestion(db.sql, fixture.user.dataKey, fixture.user.user.id, shadow.id)).toEqual({ ok: false, reason: "not_found" });
  });

  test("mail stored before the rule existed is left alone by the pipeline", async () => {
    const fixture = await mailbox();
    const ids = await deliver(fixture, [landlord(3)]);
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "flag" }] });
    await processMessages(services, ids);
    expect(await journalOf(fixture)).toEqual([]);
    expect(await db.sql`select 1 from rule_matches where user_id = ${fixture.user.user.id}`).toHaveLength(0);
  });

  test("a user without rules: no rule rows, no marks, nothing journaled", async () => {
    const fixture = await mailbox();
    const ids = await deliver(fixture, [landlord(4), friend(4)]);
    await processMessages(services, ids);
    expect(await db.sql`select 1 from rule_runs where user_id = ${fixture.user.user.id}`).toHaveLength(0);
    expect(await db.sql`select 1 from messages where id = any(${ids}::uuid[]) and rules_done_at is not null`).toHaveLength(0);
    expect(await journalOf(fixture)).toEqual([]);
  });

  test("a regex crafted for catastrophic backtracking: the pipeline answers it (no match) and goes on", async () => {
    const fixture = await mailbox();
    await addRule(fixture, { condition: { type: "text", field: "body", match: "regex", value: "(a+)+$" }, actions: [{ type: "flag" }] });
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "flag" }] }, "act", "after it");
    const ids = await deliver(fixture, [landlord(5, `${"a".repeat(50_000)}b`)]);
    await processMessages(services, ids);
    const matches = await db.sql<{ why: unknown }[]>`select why from rule_matches where user_id = ${fixture.user.user.id}`;
    expect(matches.map((match) => match.why)).toEqual([[{ path: "0", type: "text", field: "from", match: "contains" }]]);
    expect(await db.sql`select 1 from messages where id = ${ids[0]!} and rules_done_at is not null`).toHaveLength(1);
  });
});

describe("runs over a folder", () => {
  test("reach old mail, count progress, record matches, and are undone as a whole", async () => {
    const fixture = await mailbox();
    const ids = await deliver(fixture, [landlord(6), landlord(7), friend(6)]);
    await processMessages(services, ids);
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "move", folderId: wohnung }] });
    const inbox = await folderId(fixture, "INBOX");
    const started = await startRuleRun(db.sql, fixture.user.user.id, { folderId: inbox });
    if (!started.ok) throw new Error(started.reason);
    expect(started.run.state).toBe("queued");
    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, started.run.id)).toBe("done");
    const read = await getRuleRun(db.sql, fixture.user.user.id, started.run.id);
    expect(read!.run).toMatchObject({ state: "done", total: 3, done: 3, matched: 2 });
    expect(read!.matches).toHaveLength(2);
    // Retried after the end: nothing more.
    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, started.run.id)).toBe("done");
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(2);

    expect(await undoRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, started.run.id)).toEqual({ undone: 2 });
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(3);
  });

  test("a cancelled run stops between pages; another user's run and folder are not found", async () => {
    const fixture = await mailbox();
    const ids = await deliver(fixture, [landlord(8)]);
    await processMessages(services, ids);
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "flag" }] });
    const queued = await startRuleRun(db.sql, fixture.user.user.id, {});
    if (!queued.ok) throw new Error(queued.reason);
    expect(await cancelRuleRun(db.sql, fixture.user.user.id, queued.run.id)).toMatchObject({ state: "cancelled" });
    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, queued.run.id)).toBe("cancelled");

    const running = await startRuleRun(db.sql, fixture.user.user.id, {});
    if (!running.ok) throw new Error(running.reason);
    await db.sql`update rule_runs set state = 'running' where id = ${running.run.id}`;
    expect(await cancelRuleRun(db.sql, fixture.user.user.id, running.run.id)).toMatchObject({ state: "cancelling" });
    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, running.run.id)).toBe("cancelled");
    expect(await journalOf(fixture)).toEqual([]);

    const other = await mailbox();
    expect(await getRuleRun(db.sql, other.user.user.id, running.run.id)).toBeUndefined();
    expect(await cancelRuleRun(db.sql, other.user.user.id, running.run.id)).toBeUndefined();
    expect(await undoRuleRun(db.sql, other.user.dataKey, other.user.user.id, running.run.id)).toBeUndefined();
    expect(await startRuleRun(db.sql, other.user.user.id, { folderId: await folderId(fixture, "INBOX") })).toEqual({ ok: false, reason: "not_found" });
  });
});

test("the run_rules task carries out a queued run; a payload naming another user's run changes nothing", async () => {
  const fixture = await mailbox();
  const ids = await deliver(fixture, [landlord(11), friend(11)]);
  await processMessages(services, ids);
  await addRule(fixture, { condition: fromLandlord, actions: [{ type: "mark-read" }] });
  const started = await startRuleRun(db.sql, fixture.user.user.id, {});
  if (!started.ok) throw new Error(started.reason);
  const job = { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: db.sql, config: services.config, keyring: services.keyring };
  const other = await mailbox();
  await runRulesTask.run({ runId: started.run.id, userId: other.user.user.id }, job);
  expect((await getRuleRun(db.sql, fixture.user.user.id, started.run.id))!.run).toMatchObject({ state: "queued", done: 0 });
  await runRulesTask.run({ runId: started.run.id, userId: fixture.user.user.id }, job);
  expect((await getRuleRun(db.sql, fixture.user.user.id, started.run.id))!.run).toMatchObject({ state: "done", total: 2, done: 2, matched: 1 });
  expect(await journalOf(fixture)).toEqual([{ action: "mark_read", requestedBy: "rule", state: "pending" }]);
});

describe("dry-run", () => {
  test("counts and lists what a rule would touch, and writes nothing", async () => {
    const fixture = await mailbox();
    const ids = await deliver(fixture, [landlord(9), landlord(10), friend(9)]);
    await processMessages(services, ids);
    const counts = async () =>
      (
        await db.sql`select (select count(*) from action_journal where user_id = ${fixture.user.user.id})::int as journal,
                            (select count(*) from rule_runs where user_id = ${fixture.user.user.id})::int as runs,
                            (select count(*) from rule_matches where user_id = ${fixture.user.user.id})::int as matches`
      )[0];
    const before = await counts();
    const parsed = parseRuleDefinition({
      condition: { type: "all", conditions: [fromLandlord, { type: "text", field: "body", match: "contains", value: "nebenkosten" }] },
      actions: [{ type: "trash" }],
    });
    if (!parsed.ok) throw new Error(parsed.message);
    const result = await dryRunRule(db.sql, fixture.user.dataKey, fixture.user.user.id, { definition: parsed.definition, accountIds: null, folderIds: null });
    expect(result).toMatchObject({ examined: 3, matched: 2, days: 30 });
    expect(result.messages.map((message) => message.subject).sort()).toEqual(["Rechnung 10", "Rechnung 9"]);
    expect(result.messages[0]!.actions).toEqual([{ type: "trash" }]);
    expect(await counts()).toEqual(before);
    // Another user's dry-run sees none of this mail.
    const other = await mailbox();
    expect(await dryRunRule(db.sql, other.user.dataKey, other.user.user.id, { definition: parsed.definition, accountIds: null, folderIds: null })).toMatchObject({ examined: 0, matched: 0 });
  });
});
