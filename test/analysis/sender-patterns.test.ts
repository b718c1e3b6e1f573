/**
 * Learning that does not run away: only the user's labels make a sender
 * pattern, never for the user's own addresses; a correction teaches both
 * directions, a confirmation counts as a label, and the sender's mail
 * already in the box is judged again after each correction.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { applyCorrection } from "../../src/analysis/corrections.ts";
import { hintFromLabels, listSenderPatterns, senderHint } from "../../src/analysis/sender-patterns.ts";
import { hintWeight } from "../../src/analysis/local/spam-verdict.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { syncFixture, type SyncFixture } from "../mail/sync/fixtures.ts";
import { processMessages, runQueuedRuns } from "./support.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();

async function deliver(fixture: SyncFixture, messages: string[], folder = "INBOX"): Promise<string[]> {
  const before = new Set((await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id));
  server.seedMaildir(fixture.box.user, folder, messages);
  await fixture.sync();
  const after = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} order by sent_at, created_at`;
  const fresh = after.map((row) => row.id).filter((id) => !before.has(id));
  await processMessages(services, fresh);
  return fresh;
}

const offer = (from: string, n: number) =>
  makeMessage({
    from,
    to: "kunde@example.org",
    subject: `Angebot Nummer ${n} für Ihr Büro`,
    body: `Guten Tag,\n\nwir haben neue Büromöbel im Sortiment, Angebot ${n}. Schauen Sie gern vorbei.\n\nMit freundlichen Grüßen\nMöbel Meier`,
    date: new Date(Date.UTC(2026, 10, 1 + n)),
  });

const analysisOf = async (fixture: SyncFixture, id: string) => (await readAnalysis(services.sql, fixture.user.dataKey, fixture.user.user.id, id))!;

describe("sender patterns", () => {
  test("the analyser's own verdicts build no pattern, however many", async () => {
    const fixture = await syncFixture(services, { server });
    await deliver(
      fixture,
      Array.from({ length: 8 }, (_, n) => offer("Möbel Meier <info@moebel-meier.example>", n)),
    );
    const [pattern] = await listSenderPatterns(services.sql, fixture.user.dataKey, fixture.user.user.id);
    expect(pattern).toMatchObject({ sender: "info@moebel-meier.example", messages: 8, corrections: 0 });
    expect(pattern!.hint).toEqual({});
    expect(await senderHint(services.sql, fixture.user.dataKey, fixture.user.user.id, "info@moebel-meier.example")).toEqual({});
  });

  test("one correction decides the sender's next message and re-judges the mail already in the box", async () => {
    const fixture = await syncFixture(services, { server });
    const ids = await deliver(
      fixture,
      [0, 1, 2].map((n) => offer("Möbel Meier <info@moebel-meier.example>", n)),
    );
    for (const id of ids) expect((await analysisOf(fixture, id)).analysis.spam.value).toBe(false);

    await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, ids[0]!, { spam: true });
    const [next] = await deliver(fixture, [offer("Möbel Meier <info@moebel-meier.example>", 3)]);
    expect((await analysisOf(fixture, next!)).analysis.spam).toMatchObject({ value: true, reason: { code: "sender_pattern" } });

    // Before the run, the older mail still says what it said; after it, what the correction taught (not as the user's own field).
    expect((await analysisOf(fixture, ids[2]!)).analysis.spam.value).toBe(false);
    await runQueuedRuns(services, fixture.user.user.id);
    for (const id of ids.slice(1)) {
      const stored = await analysisOf(fixture, id);
      expect(stored.analysis.spam.value).toBe(true);
      expect(stored.correctedFields).toEqual([]);
    }
    expect([...(await db.sql`select kind, state, outcome from analysis_runs where user_id = ${fixture.user.user.id}`)]).toEqual([
      { kind: "rescore_sender", state: "done", outcome: "rescored:4" }, // all the sender's mail, the corrected message and the next one included
    ]);
  });

  test("a correction teaches both directions: the user who changes their mind is not outvoted by themselves", async () => {
    const fixture = await syncFixture(services, { server });
    const [first, second] = await deliver(
      fixture,
      [0, 1].map((n) => offer("Möbel Meier <info@moebel-meier.example>", n)),
    );
    await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, first!, { newsletter: true });
    await runQueuedRuns(services, fixture.user.user.id);
    expect((await analysisOf(fixture, second!)).analysis.newsletter.value).toBe(true);
    // On second thought: not a newsletter. The earlier label is taken back, not outvoting this one.
    await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, second!, { newsletter: false });
    const hint = await senderHint(services.sql, fixture.user.dataKey, fixture.user.user.id, "info@moebel-meier.example");
    expect(hint.newsletter).toEqual({ value: false, confidence: 1 });
  });

  test("a confirmation counts as a label for every field", async () => {
    const fixture = await syncFixture(services, { server });
    const [first] = await deliver(fixture, [offer("Möbel Meier <info@moebel-meier.example>", 0)]);
    const before = (await analysisOf(fixture, first!)).analysis;
    const result = await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, first!, { confirm: true });
    expect(result.ok && result.changed).toEqual([]);
    expect((await analysisOf(fixture, first!)).correctedFields.sort()).toEqual(["category", "importance", "newsletter", "spam", "urgency"]);
    const hint = await senderHint(services.sql, fixture.user.dataKey, fixture.user.user.id, "info@moebel-meier.example");
    expect(hint).toEqual({
      category: { value: before.category.value, confidence: 1 },
      urgency: { value: before.urgency.value, confidence: 1 },
      importance: { value: before.importance.value, confidence: 1 },
      newsletter: { value: before.newsletter.value, confidence: 1 },
      spam: { value: before.spam.value, confidence: 1 },
    });
  });

  test("the user's own addresses (plus tags included) and mail in Sent never get a pattern", async () => {
    const fixture = await syncFixture(services, { server });
    const [own] = await deliver(fixture, [offer(`Ich <${fixture.user.user.email.replace("@", "+notiz@")}>`, 0)]);
    const [sent] = await deliver(fixture, [offer("Ich <alias@meine-firma.example>", 1)], "Sent");
    for (const id of [own!, sent!]) {
      const result = await applyCorrection(services.sql, fixture.user.dataKey, fixture.user.user.id, id, { spam: true });
      expect(result.ok).toBe(true);
    }
    expect(await listSenderPatterns(services.sql, fixture.user.dataKey, fixture.user.user.id)).toEqual([]);
    expect(await db.sql`select 1 from analysis_runs where user_id = ${fixture.user.user.id} and kind = 'rescore_sender'`).toHaveLength(0);
  });
});

describe("hints from labels", () => {
  test("one label decides; labels that disagree only lean, by their share", () => {
    expect(hintFromLabels({ spam: { true: 1 } }).spam).toEqual({ value: true, confidence: 1 });
    expect(hintFromLabels({ spam: { true: 2, false: 1 } }).spam).toEqual({ value: true, confidence: 2 / 3 });
    expect(hintFromLabels({ spam: { true: 0 } }).spam).toBeUndefined();
    expect(hintWeight(0.5)).toBeLessThan(hintWeight(0.75));
    expect(hintWeight(0.75)).toBeLessThan(hintWeight(0.8));
  });
});
