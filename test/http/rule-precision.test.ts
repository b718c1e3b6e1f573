/**
 * Rules' precision over HTTP: `precision` and `switchNotice` in the API's
 * rules, the precision on /rules, the notice of a rule switched to suggest
 * on /rules and the start page (German and English) and its dismissal by
 * form and by DELETE, the time-window undo by form and by
 * POST /api/v1/rule-undos; another user's rule answers 404.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import type { WindowUndoResultSchema } from "../../src/http/routes/api/v1/rule-precision.ts";
import type { RuleSchema } from "../../src/http/routes/api/v1/rules-schemas.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { applyRuleActions } from "../../src/rules/apply-actions.ts";
import { recordContradictions } from "../../src/rules/contradictions.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

type RuleJson = z.infer<typeof RuleSchema>;

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const { sql } = db;
const ORIGIN = "http://127.0.0.1:3000";
const JSON_HEADERS = { Origin: ORIGIN, "Content-Type": "application/json" };

async function mailbox() {
  const box = await seedMailbox(services);
  const messageId = await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject: "Rechnung", body: "Text", messageId: `<rp-${crypto.randomUUID()}@example.org>` }));
  const api = client(app, { cookie: box.user.cookie });
  const send = (path: string, method: string, body?: unknown) =>
    api.json(path, { method, headers: body === undefined ? { Origin: ORIGIN } : JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
  const rule = (await (
    await send("/api/v1/rules", "POST", { name: "Rechnungen", definition: { condition: { type: "text", field: "subject", match: "contains", value: "rechnung" }, actions: [{ type: "flag" }] } })
  ).json()) as RuleJson;
  return { box, api, send, rule, userId: box.user.user.id, messageId };
}

/** `count` act matches of the rule, `daysAgo` old, each in a run of its own. */
async function matches(userId: string, ruleId: string, messageId: string, count: number, daysAgo = 0): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [run] = await sql<{ id: string }[]>`insert into rule_runs (user_id, kind) values (${userId}, 'manual') returning id`;
    const [row] = await sql<{ id: string }[]>`
      insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions, created_at)
      values (${userId}, ${run!.id}, ${ruleId}, ${messageId}, 'act', '[]', ${sql.json([{ type: "flag" }])}, now() - make_interval(days => ${daysAgo})) returning id`;
    ids.push(row!.id);
  }
  return ids;
}

describe("precision and the switch notice", () => {
  test("in the API's rules and on /rules; the notice on /rules and the start page until dismissed", async () => {
    const { api, send, rule, userId, messageId } = await mailbox();
    expect(((await (await send(`/api/v1/rules/${rule.id}`, "GET")).json()) as RuleJson).precision).toBeNull();
    expect(rule.precision).toBeNull();

    await matches(userId, rule.id, messageId, 10, 5);
    const wrong = await matches(userId, rule.id, messageId, 3);
    await recordContradictions(sql, userId, wrong, "undone");

    const listed = ((await (await send("/api/v1/rules", "GET")).json()) as { rules: RuleJson[] }).rules[0]!;
    expect(listed.mode).toBe("suggest");
    expect(listed.precision).toEqual({ value: 10 / 13, judged: 13 });
    expect(listed.switchNotice).toMatchObject({ judged: 13, contradicted: 3 });

    const de = await (await api.get("/rules", { "Accept-Language": "de" })).text();
    expect(de).toContain("Regel „Rechnungen“ wurde auf Vorschlagen umgestellt: 3 von 13 Aktionen rückgängig gemacht");
    expect(de).toContain("77 % von 13 beurteilten");
    const en = await (await api.get("/rules", { "Accept-Language": "en" })).text();
    expect(en).toContain("Rule “Rechnungen” was switched to suggest: 3 of 13 actions undone");
    expect(en).toContain("77 % of 13 judged");
    expect(await (await api.get("/", { "Accept-Language": "de" })).text()).toContain("Regel „Rechnungen“ wurde auf Vorschlagen umgestellt");

    // Another user can neither see nor dismiss it.
    const other = await mailbox();
    expect(await (await other.api.get("/")).text()).not.toContain("Rechnungen“ wurde");
    expect((await other.send(`/api/v1/rules/${rule.id}/switch-notice`, "DELETE")).status).toBe(404);
    expect((await other.api.post(`/rules/${rule.id}/switch-notice/dismiss`, {}, { Origin: ORIGIN })).status).toBe(404);

    const dismissed = await api.post(`/rules/${rule.id}/switch-notice/dismiss`, {}, { Origin: ORIGIN });
    expect(dismissed.status).toBe(303);
    expect(await (await api.get("/", { "Accept-Language": "en" })).text()).not.toContain("was switched to suggest");
    expect(((await (await send(`/api/v1/rules/${rule.id}`, "GET")).json()) as RuleJson).switchNotice).toBeNull();
    expect((await send(`/api/v1/rules/${rule.id}/switch-notice`, "DELETE")).status).toBe(204);
  });

  test("a rule without enough judged matches says so", async () => {
    const { api } = await mailbox();
    expect(await (await api.get("/rules", { "Accept-Language": "en" })).text()).toContain("not enough judged yet");
    expect(await (await api.get("/rules", { "Accept-Language": "de" })).text()).toContain("noch zu wenige beurteilt");
  });
});

describe("undo a time window", () => {
  /** A rule's flag, journaled and (as if the write-back had run) done. */
  async function flagged(userId: string, ruleId: string, messageId: string, dataKey: Parameters<typeof applyRuleActions>[2]): Promise<string> {
    const [run] = await sql<{ id: string }[]>`insert into rule_runs (user_id, kind) values (${userId}, 'manual') returning id`;
    const batchId = crypto.randomUUID();
    const matchId = await sql.begin(async (tx) => {
      const applied = await applyRuleActions(sql, tx, dataKey, userId, messageId, [{ type: "flag" }], batchId);
      const [row] = await tx<{ id: string }[]>`
        insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions, journal_ids, batch_id)
        values (${userId}, ${run!.id}, ${ruleId}, ${messageId}, 'act', '[]', ${tx.json([{ type: "flag" }])}, ${applied.journalIds}::uuid[], ${batchId}) returning id`;
      return row!.id;
    });
    await sql`update action_journal set state = 'done' where user_id = ${userId} and state = 'pending' and requested_by = 'rule'`;
    return matchId;
  }

  test("the form on /rules undoes the last hour's rule actions and says how many", async () => {
    const { api, box, rule, userId, messageId } = await mailbox();
    const matchId = await flagged(userId, rule.id, messageId, box.user.dataKey);
    expect(await (await api.get("/rules", { "Accept-Language": "de" })).text()).toContain("Rückgängig: was Regeln in den letzten");
    expect((await api.post("/rule-undos", { hours: "2" }, { Origin: ORIGIN })).status).toBe(400);
    const posted = await api.post("/rule-undos", { hours: "1" }, { Origin: ORIGIN });
    expect(posted.status).toBe(303);
    const location = posted.headers.get("location")!;
    expect(location).toBe("/rules?undone=1&messages=1&pending=0");
    expect(await (await api.get(location, { "Accept-Language": "en" })).text()).toContain("Undone: 1 changes to 1 messages.");
    const [undo] = await sql<{ action: string }[]>`select action from action_journal where user_id = ${userId} and requested_by = 'undo'`;
    expect(undo!.action).toBe("unflag");
    expect((await sql<{ contradiction: string }[]>`select contradiction from rule_matches where id = ${matchId}`)[0]!.contradiction).toBe("undone");
  });

  test("POST /api/v1/rule-undos: counts, one rule, bad windows, another user's rule 404", async () => {
    const { box, send, rule, userId, messageId } = await mailbox();
    await flagged(userId, rule.id, messageId, box.user.dataKey);
    const since = new Date(Date.now() - 3_600_000).toISOString();
    expect((await send("/api/v1/rule-undos", "POST", { since, until: new Date(Date.now() - 7_200_000).toISOString() })).status).toBe(400);
    expect((await send("/api/v1/rule-undos", "POST", { since: new Date(Date.now() - 40 * 86_400_000).toISOString() })).status).toBe(400);
    expect((await send("/api/v1/rule-undos", "POST", { since: "yesterday" })).status).toBe(400);
    const other = await mailbox();
    expect((await other.send("/api/v1/rule-undos", "POST", { since, ruleId: rule.id })).status).toBe(404);
    const undone = await send("/api/v1/rule-undos", "POST", { since, ruleId: rule.id });
    expect(undone.status).toBe(200);
    expect((await undone.json()) as z.infer<typeof WindowUndoResultSchema>).toEqual({ messages: 1, undone: 1, pending: 0 });
    expect(await (await send("/api/v1/rule-undos", "POST", { since })).json()).toEqual({ messages: 0, undone: 0, pending: 0 });
  });
});
