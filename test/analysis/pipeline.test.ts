/**
 * The analysis pipeline on synced mail: process_message analyses each new
 * message once; corrections change the next message from the same sender
 * without reprocessing; re-analysis keeps the user's corrections.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { reanalyseLocally } from "../../src/analysis/analyse-message.ts";
import { applyCorrection } from "../../src/analysis/corrections.ts";
import { listSenderPatterns } from "../../src/analysis/sender-patterns.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";
import prunePatterns from "../../tasks/prune_sender_patterns.ts";
import { processMessages } from "./support.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

async function deliver(fixture: SyncFixture, messages: string[]): Promise<string[]> {
  const before = new Set((await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id));
  server.seedMaildir(fixture.box.user, "INBOX", messages);
  await fixture.sync();
  const after = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} order by sent_at, created_at`;
  return after.map((row) => row.id).filter((id) => !before.has(id));
}

const report = (n: number) =>
  makeMessage({
    from: "Controlling <controlling@firma.example>",
    to: "me@example.org",
    subject: `Wochenbericht KW ${n}`,
    body: `Hallo,\n\nanbei der Wochenbericht für Kalenderwoche ${n} mit den Zahlen aus dem Vertrieb.\n\nGrüße\nControlling`,
  });

describe("process_message", () => {
  test("stores one analysis per message, and a second run changes nothing", async () => {
    const fixture = await syncFixture(services);
    const ids = await deliver(fixture, [report(1), report(2)]);
    expect(ids).toHaveLength(2);
    await processMessages(services, ids);
    const first = await db.sql`select message_id, urgency, importance, score, traffic_light, provider, updated_at from analyses where message_id = any(${ids}::uuid[]) order by message_id`;
    expect(first).toHaveLength(2);
    for (const row of first) {
      expect(row.provider).toBe("local");
      expect(row.score).toBe(2 * row.urgency + row.importance);
    }
    await processMessages(services, ids);
    expect(await db.sql`select message_id, urgency, importance, score, traffic_light, provider, updated_at from analyses where message_id = any(${ids}::uuid[]) order by message_id`).toEqual(first);
    expect((await db.sql`select process_count from messages where id = any(${ids}::uuid[])`).map((row) => row.process_count)).toEqual([1, 1]);

    const stored = await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, ids[0]!);
    expect(stored!.analysis.summary.length).toBeGreaterThan(0);
    expect(stored!.analysis.language).toBe("de");
    // Encrypted: no readable summary in the row.
    const [raw] = await db.sql`select encode(detail_encrypted, 'escape') as detail from analyses where message_id = ${ids[0]!}`;
    expect(raw!.detail).not.toContain("Wochenbericht");
  });

  test("a correction changes the next message from the same sender, with nothing reprocessed", async () => {
    const fixture = await syncFixture(services);
    const [firstId] = await deliver(fixture, [report(10)]);
    await processMessages(services, [firstId!]);
    const before = await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, firstId!);
    expect(before!.analysis.urgency.value).not.toBe(3);
    expect(before!.analysis.category.value).not.toBe("action_required");

    const corrected = await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, firstId!, { urgency: 3, importance: 3, category: "action_required" });
    expect(corrected.ok && corrected.changed.sort()).toEqual(["category", "importance", "urgency"]);
    expect([...(await db.sql`select field, old_value, new_value from corrections where message_id = ${firstId!} order by field`)]).toEqual([
      { field: "category", old_value: before!.analysis.category.value, new_value: "action_required" },
      { field: "importance", old_value: String(before!.analysis.importance.value), new_value: "3" },
      { field: "urgency", old_value: String(before!.analysis.urgency.value), new_value: "3" },
    ]);

    const [nextId] = await deliver(fixture, [report(11)]);
    await processMessages(services, [nextId!]);
    const next = await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, nextId!);
    expect(next!.analysis.urgency.value).toBe(3);
    expect(next!.analysis.importance.value).toBe(3);
    expect(next!.analysis.category.value).toBe("action_required");
    expect(next!.correctedFields).toEqual([]);
    // The next message simply used what was learned; the only run queued re-judges the sender's mail already in the box.
    expect([...(await db.sql`select kind, state from analysis_runs where user_id = ${fixture.user.user.id}`)]).toEqual([{ kind: "rescore_sender", state: "queued" }]);

    const [pattern] = await listSenderPatterns(services.sql, fixture.user.dataKey, fixture.user.user.id);
    expect(pattern).toMatchObject({ sender: "controlling@firma.example", messages: 2, corrections: 1 });
    expect(pattern!.hint.urgency).toMatchObject({ value: 3 });
  });

  test("analysing again keeps the user's corrections", async () => {
    const fixture = await syncFixture(services);
    const [id] = await deliver(fixture, [report(20)]);
    await processMessages(services, [id!]);
    await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, id!, { spam: true });
    expect(await reanalyseLocally({ sql: services.sql, dataKey: fixture.user.dataKey, userId: fixture.user.user.id }, id!)).toBe(true);
    const after = await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, id!);
    expect(after!.analysis.spam).toMatchObject({ value: true, reason: { code: "user_correction" } });
    expect(after!.correctedFields).toEqual(["spam"]);
    const [row] = await db.sql`select spam from analyses where message_id = ${id!}`;
    expect(row!.spam).toBe(true);
  });

  test("another user's message is neither analysed nor corrected", async () => {
    const owner = await syncFixture(services);
    const stranger = await syncFixture(services);
    const [id] = await deliver(owner, [report(30)]);
    await processMessages(services, [id!]);
    expect(await readAnalysis(services.sql, stranger.user.dataKey, stranger.user.user.id, id!)).toBeNull();
    expect(await applyCorrection(services.sql, stranger.user.dataKey, stranger.user.user.id, id!, { urgency: 3 })).toEqual({ ok: false, reason: "not_found" });
  });
});

describe("prune_sender_patterns", () => {
  test("forgets senders unused for 180 days and runs finished a month ago, keeps the rest", async () => {
    const fixture = await syncFixture(services);
    const ids = await deliver(fixture, [report(40), makeMessage({ from: "alt@firma.example", to: "me@example.org", subject: "Alt", body: "Alte Post." })]);
    await processMessages(services, ids);
    const userId = fixture.user.user.id;
    expect(await db.sql`select 1 from sender_patterns where user_id = ${userId}`).toHaveLength(2);
    const [stale] = await db.sql`select sender_hash from sender_patterns where user_id = ${userId} limit 1`;
    await db.sql`update sender_patterns set last_used_at = now() - interval '181 days' where user_id = ${userId} and sender_hash = ${stale!.sender_hash}`;
    await db.sql`insert into analysis_runs (user_id, message_id, kind, state, finished_at) values
      (${userId}, ${ids[0]!}, 'reprocess', 'done', now() - interval '40 days'), (${userId}, ${ids[0]!}, 'reprocess', 'done', now())`;
    await prunePatterns.run({}, { jobId: "test", attempt: 1, log: services.log, signal: undefined, sql: services.sql, config: services.config, keyring: services.keyring });
    expect(await db.sql`select 1 from sender_patterns where user_id = ${userId}`).toHaveLength(1);
    expect(await db.sql`select 1 from sender_patterns where user_id = ${userId} and sender_hash = ${stale!.sender_hash}`).toHaveLength(0);
    expect(await db.sql`select 1 from analysis_runs where user_id = ${userId}`).toHaveLength(1);
  });
});
