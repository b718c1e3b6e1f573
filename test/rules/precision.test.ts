/**
 * A rule's precision from what the user did afterwards: which matches are
 * judged (contradicted, applied, or standing 3 days), the threshold that
 * switches an act rule to suggest with a notice, concurrent contradictions
 * switching it once, and the hooks where undo and the user's own actions
 * record contradictions. PostgreSQL only: the server side of these actions
 * is in window-undo.test.ts and copy.test.ts.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { requestMessageAction } from "../../src/mail/actions/request.ts";
import { applyRuleActions } from "../../src/rules/apply-actions.ts";
import { markContradicted, recordContradictions } from "../../src/rules/contradictions.ts";
import { PRECISION_MIN_JUDGED } from "../../src/rules/limits.ts";
import { rulePrecisions, ruleStandings, switchNotices } from "../../src/rules/precision.ts";
import { parseRuleDefinition, type RuleMode } from "../../src/rules/rule-schema.ts";
import { undoRuleMatch } from "../../src/rules/runs.ts";
import { createRule } from "../../src/rules/store.ts";
import { seedMailbox, type SeededMailbox } from "../mail/render/seed.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { sql } = db;

async function mailbox() {
  const box = await seedMailbox(services);
  const messageId = await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject: "Rechnung", body: "Text", messageId: `<p-${crypto.randomUUID()}@example.org>` }));
  return { box, messageId, userId: box.user.user.id };
}

async function addRule(box: SeededMailbox, mode: RuleMode = "act", actions: unknown[] = [{ type: "flag" }]) {
  const parsed = parseRuleDefinition({ condition: { type: "text", field: "subject", match: "contains", value: "rechnung" }, actions });
  if (!parsed.ok) throw new Error(parsed.message);
  const created = await createRule(sql, box.user.dataKey, box.user.user.id, { name: "Rechnungen", mode, definition: parsed.definition });
  if (!created.ok) throw new Error(created.reason);
  return created.rule;
}

/** `count` matches of the rule on the message, each in a run of its own, made `daysAgo` days ago. */
async function matches(userId: string, ruleId: string, messageId: string, count: number, options: { mode?: RuleMode; daysAgo?: number; applied?: boolean } = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [run] = await sql<{ id: string }[]>`insert into rule_runs (user_id, kind) values (${userId}, 'manual') returning id`;
    const [row] = await sql<{ id: string }[]>`
      insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions, created_at, applied_at)
      values (${userId}, ${run!.id}, ${ruleId}, ${messageId}, ${options.mode ?? "act"}, '[]', ${sql.json([{ type: "flag" }])},
              now() - make_interval(days => ${options.daysAgo ?? 0}), ${options.applied ? new Date() : null})
      returning id`;
    ids.push(row!.id);
  }
  return ids;
}

const modeOf = async (ruleId: string) => (await sql<{ mode: string }[]>`select mode from rules where id = ${ruleId}`)[0]!.mode;

describe("judging", () => {
  test("counts contradicted, applied and 3-day-old act matches; not fresh act matches, open suggestions or shadow matches", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    await matches(userId, rule.id, messageId, 8, { daysAgo: 4 });
    await matches(userId, rule.id, messageId, 5); // fresh: not judged yet
    await matches(userId, rule.id, messageId, 3, { mode: "suggest" }); // open suggestions
    await matches(userId, rule.id, messageId, 3, { mode: "shadow", daysAgo: 10 });
    expect((await rulePrecisions(sql, userId, [rule.id])).get(rule.id)).toBeUndefined(); // 8 judged < 10

    await matches(userId, rule.id, messageId, 1, { mode: "suggest", applied: true });
    const fresh = await matches(userId, rule.id, messageId, 1);
    await markContradicted(sql, userId, fresh, "undone");
    expect((await rulePrecisions(sql, userId, [rule.id])).get(rule.id)).toEqual({ value: 9 / 10, judged: PRECISION_MIN_JUDGED, contradicted: 1 });

    // Contradicted once only: a second reason does not count it twice.
    await markContradicted(sql, userId, fresh, "moved_back");
    const [row] = await sql<{ contradiction: string }[]>`select contradiction from rule_matches where id = ${fresh[0]!}`;
    expect(row!.contradiction).toBe("undone");
  });

  test("another user's match ids record nothing", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    const ids = await matches(userId, rule.id, messageId, 1);
    const stranger = await mailbox();
    expect(await markContradicted(sql, stranger.userId, ids, "undone")).toEqual([]);
    expect((await sql`select 1 from rule_matches where id = ${ids[0]!} and contradicted_at is not null`).length).toBe(0);
  });
});

describe("the switch to suggest", () => {
  test("below 80 % an act rule becomes a suggest rule with a notice; at 83 % it stays", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    await matches(userId, rule.id, messageId, 10, { daysAgo: 5 });
    const wrong = await matches(userId, rule.id, messageId, 3);

    expect(await recordContradictions(sql, userId, wrong.slice(0, 2), "undone")).toEqual({ ruleIds: [rule.id], switched: [] });
    expect(await modeOf(rule.id)).toBe("act"); // 10 of 12

    expect((await recordContradictions(sql, userId, wrong.slice(2), "corrected")).switched).toEqual([rule.id]);
    expect(await modeOf(rule.id)).toBe("suggest"); // 10 of 13
    expect((await switchNotices(sql, userId)).map(({ ruleId, judged, contradicted }) => ({ ruleId, judged, contradicted }))).toEqual([{ ruleId: rule.id, judged: 13, contradicted: 3 }]);
    const standing = (await ruleStandings(sql, userId, [rule.id])).get(rule.id)!;
    expect(standing.precision).toEqual({ value: 10 / 13, judged: 13, contradicted: 3 });
    expect(standing.switchNotice).toMatchObject({ judged: 13, contradicted: 3 });
  });

  test("a suggest or shadow rule is never switched", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box, "shadow");
    const wrong = await matches(userId, rule.id, messageId, 12, { mode: "act" });
    expect((await recordContradictions(sql, userId, wrong, "undone")).switched).toEqual([]);
    expect(await modeOf(rule.id)).toBe("shadow");
    expect(await switchNotices(sql, userId)).toEqual([]);
  });

  test("concurrent contradictions switch the rule once and write one notice", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    await matches(userId, rule.id, messageId, 10, { daysAgo: 5 });
    const wrong = await matches(userId, rule.id, messageId, 8);
    // Each call alone is past the threshold once the others are in: they race for the switch.
    await markContradicted(sql, userId, wrong.slice(0, 4), "undone");
    const outcomes = await Promise.all(wrong.slice(4).map((id) => recordContradictions(sql, userId, [id], "moved_back")));
    expect(outcomes.flatMap((outcome) => outcome.switched)).toEqual([rule.id]);
    expect(await modeOf(rule.id)).toBe("suggest");
    expect(await switchNotices(sql, userId)).toHaveLength(1);
  });
});

describe("where contradictions are recorded", () => {
  test("undoing a rule's match marks it undone; the user unflagging what a rule flagged marks it corrected", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    const [run] = await sql<{ id: string }[]>`insert into rule_runs (user_id, kind) values (${userId}, 'manual') returning id`;
    const batchId = crypto.randomUUID();
    const matchId = await sql.begin(async (tx) => {
      const applied = await applyRuleActions(sql, tx, box.user.dataKey, userId, messageId, [{ type: "flag" }], batchId);
      const [row] = await tx<{ id: string }[]>`
        insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions, journal_ids, batch_id)
        values (${userId}, ${run!.id}, ${rule.id}, ${messageId}, 'act', '[]', ${tx.json([{ type: "flag" }])}, ${applied.journalIds}::uuid[], ${batchId}) returning id`;
      return row!.id;
    });
    // As if the write-back had carried it out.
    await sql`update action_journal set state = 'done' where user_id = ${userId}`;
    expect(await undoRuleMatch(sql, box.user.dataKey, userId, matchId)).toEqual({ undone: 1 });
    const [undone] = await sql<{ contradiction: string | null }[]>`select contradiction from rule_matches where id = ${matchId}`;
    expect(undone!.contradiction).toBe("undone");

    const [second] = await matches(userId, rule.id, messageId, 1);
    // A read mark is not what the rule did: nothing recorded.
    expect((await requestMessageAction(sql, userId, messageId, { action: "mark_read" })).ok).toBe(true);
    expect((await sql<{ contradiction: string | null }[]>`select contradiction from rule_matches where id = ${second!}`)[0]!.contradiction).toBeNull();
    expect((await requestMessageAction(sql, userId, messageId, { action: "unflag" })).ok).toBe(true);
    expect((await sql<{ contradiction: string | null }[]>`select contradiction from rule_matches where id = ${second!}`)[0]!.contradiction).toBe("corrected");
  });

  test("a user's action on a match older than 3 days is not a contradiction", async () => {
    const { box, messageId, userId } = await mailbox();
    const rule = await addRule(box);
    const [old] = await matches(userId, rule.id, messageId, 1, { daysAgo: 4 });
    await requestMessageAction(sql, userId, messageId, { action: "unflag" });
    expect((await sql<{ contradiction: string | null }[]>`select contradiction from rule_matches where id = ${old!}`)[0]!.contradiction).toBeNull();
  });
});

test("a rule put back into act mode after its switch is judged afresh: its old misses do not switch it again", async () => {
  const { box, messageId, userId } = await mailbox();
  const rule = await addRule(box);
  await matches(userId, rule.id, messageId, 10, { daysAgo: 5 });
  const wrong = await matches(userId, rule.id, messageId, 4);
  expect((await recordContradictions(sql, userId, wrong.slice(0, 3), "undone")).switched).toEqual([rule.id]);
  await sql`update rules set mode = 'act' where id = ${rule.id}`;
  expect((await recordContradictions(sql, userId, wrong.slice(3), "undone")).switched).toEqual([]);
  expect(await modeOf(rule.id)).toBe("act");
});
