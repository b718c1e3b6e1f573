/**
 * Rules over HTTP: the JSON API's every operation, bad input named (a regex
 * RE2 cannot run, a folder that is not the user's), another user's ids 404,
 * dry-runs, runs with their progress, cancel and undo; and the /rules page.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import type { DryRunSchema, RuleRunSchema, RuleSchema, RuleWarningSchema, SavedRuleSchema } from "../../src/http/routes/api/v1/rules-schemas.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { makeMessage } from "../support/messages.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

type RuleJson = z.infer<typeof RuleSchema>;
type SavedRuleJson = z.infer<typeof SavedRuleSchema>;
type WarningJson = z.infer<typeof RuleWarningSchema>;

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const ORIGIN = "http://127.0.0.1:3000";
const JSON_HEADERS = { Origin: ORIGIN, "Content-Type": "application/json" };

async function mailbox() {
  const box = await seedMailbox(services);
  for (const subject of ["Rechnung März", "Vorlesung Analysis", "Rechnung April"])
    await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject, body: "Text", messageId: `<rules-${crypto.randomUUID()}@example.org>` }));
  return { box, api: client(app, { cookie: box.user.cookie }) };
}

const send = (api: ReturnType<typeof client>, path: string, method: string, body?: unknown) =>
  api.json(path, { method, headers: body === undefined ? { Origin: ORIGIN } : JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });

const invoices = { condition: { type: "text", field: "subject", match: "contains", value: "RECHNUNG" }, actions: [{ type: "flag" }] };

describe("the rules API", () => {
  test("create, list, read, change, reorder, delete", async () => {
    const { api } = await mailbox();
    const created = await send(api, "/api/v1/rules", "POST", { name: "Rechnungen", definition: invoices });
    expect(created.status).toBe(201);
    const first = (await created.json()) as RuleJson;
    expect(first).toMatchObject({ name: "Rechnungen", position: 0, enabled: true, mode: "act", accountIds: null, folderIds: null, definition: invoices });
    const second = (await (await send(api, "/api/v1/rules", "POST", { name: "Zweite", mode: "shadow", definition: invoices })).json()) as RuleJson;
    expect(second.position).toBe(1);

    const changed = await send(api, `/api/v1/rules/${first.id}`, "PATCH", { enabled: false, mode: "suggest", name: "Rechnungen (alle)" });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ enabled: false, mode: "suggest", name: "Rechnungen (alle)" });

    const reordered = await send(api, "/api/v1/rules", "PUT", { ruleIds: [second.id, first.id] });
    expect(reordered.status).toBe(200);
    expect(((await reordered.json()) as { rules: RuleJson[] }).rules.map((rule) => [rule.id, rule.position])).toEqual([
      [second.id, 0],
      [first.id, 1],
    ]);
    expect((await send(api, "/api/v1/rules", "PUT", { ruleIds: [second.id] })).status).toBe(400);

    expect(((await (await send(api, `/api/v1/rules/${first.id}`, "GET")).json()) as RuleJson).name).toBe("Rechnungen (alle)");
    expect((await send(api, `/api/v1/rules/${first.id}`, "DELETE")).status).toBe(204);
    expect((await send(api, `/api/v1/rules/${first.id}`, "GET")).status).toBe(404);
    expect(((await (await send(api, "/api/v1/rules", "GET")).json()) as { rules: RuleJson[] }).rules.map((rule) => rule.id)).toEqual([second.id]);
  });

  test("refuses a regex RE2 cannot run, a tree too deep, and a folder or tag that is not yours, naming the field", async () => {
    const { api, box } = await mailbox();
    const bad = await send(api, "/api/v1/rules", "POST", { name: "x", definition: { condition: { type: "text", field: "subject", match: "regex", value: "(\\w+)\\1" }, actions: [{ type: "flag" }] } });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("BAD_REQUEST");
    expect(body.error.message).toContain("definition.condition");
    expect(body.error.message).toContain("RE2 cannot run this pattern");

    let deep: unknown = { type: "vip-sender" };
    for (let i = 0; i < 50; i++) deep = { type: "not", condition: deep };
    expect((await send(api, "/api/v1/rules", "POST", { name: "x", definition: { condition: deep, actions: [{ type: "flag" }] } })).status).toBe(400);

    const other = await mailbox();
    const foreign = await send(api, "/api/v1/rules", "POST", { name: "x", definition: { condition: invoices.condition, actions: [{ type: "move", folderId: other.box.inbox.id }] } });
    expect(foreign.status).toBe(400);
    expect(((await foreign.json()) as { error: { message: string } }).error.message).toContain("folder");
    expect(await db.sql`select 1 from rules where user_id = ${box.user.user.id}`).toHaveLength(0);
  });

  test("another user's rule, run and suggestion ids answer 404 and change nothing", async () => {
    const alice = await mailbox();
    const bob = await mailbox();
    const rule = (await (await send(alice.api, "/api/v1/rules", "POST", { name: "Alice", definition: invoices })).json()) as RuleJson;
    const run = (await (await send(alice.api, "/api/v1/rule-runs", "POST", {})).json()) as z.infer<typeof RuleRunSchema>;
    // A suggestion on one of Alice's messages, as a suggest-mode rule records it.
    const [message] = await db.sql`select id from messages where user_id = ${alice.box.user.user.id} limit 1`;
    const [match] = await db.sql`
      insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions)
      values (${alice.box.user.user.id}, ${run.id}, ${rule.id}, ${message!.id}, 'suggest', ${db.sql.json([])}, ${db.sql.json([{ type: "flag" }])}) returning id`;
    for (const [method, path, body] of [
      ["GET", `/api/v1/rules/${rule.id}`],
      ["PATCH", `/api/v1/rules/${rule.id}`, { enabled: false }],
      ["DELETE", `/api/v1/rules/${rule.id}`],
      ["GET", `/api/v1/rules/${rule.id}/matches`],
      ["POST", `/api/v1/rules/${rule.id}/dry-run`],
      ["PUT", "/api/v1/rules", { ruleIds: [rule.id] }],
      ["GET", `/api/v1/rule-runs/${run.id}`],
      ["POST", `/api/v1/rule-runs/${run.id}/cancel`],
      ["POST", `/api/v1/rule-runs/${run.id}/undo`],
      ["POST", "/api/v1/rule-runs", { folderId: alice.box.inbox.id }],
      ["POST", `/api/v1/rule-matches/${match!.id}/apply`],
      ["POST", `/api/v1/rule-matches/${match!.id}/undo`],
    ] as const)
      expect({ method, path, status: (await send(bob.api, path, method, body)).status }).toEqual({ method, path, status: 404 });
    expect((await send(alice.api, `/api/v1/rules/${rule.id}`, "GET")).status).toBe(200);
    expect(await db.sql`select 1 from rule_matches where id = ${match!.id} and applied_at is null`).toHaveLength(1);
    expect(await db.sql`select 1 from action_journal where user_id = ${alice.box.user.user.id}`).toHaveLength(0);
    expect(((await (await send(alice.api, `/api/v1/rule-runs/${run.id}`, "GET")).json()) as { run: { state: string } }).run.state).toBe("queued");
  });

  test("dry-runs of a saved and an unsaved rule; a run is queued, read and cancelled", async () => {
    const { api } = await mailbox();
    const unsaved = await send(api, "/api/v1/rule-dry-runs", "POST", { definition: invoices });
    expect(unsaved.status).toBe(200);
    const result = (await unsaved.json()) as z.infer<typeof DryRunSchema>;
    expect(result).toMatchObject({ examined: 3, matched: 2, days: 30 });
    expect(result.messages.map((message) => message.subject).sort()).toEqual(["Rechnung April", "Rechnung März"]);

    const rule = (await (await send(api, "/api/v1/rules", "POST", { name: "R", definition: invoices })).json()) as RuleJson;
    expect(await (await send(api, `/api/v1/rules/${rule.id}/dry-run`, "POST")).json()).toMatchObject({ examined: 3, matched: 2 });

    const started = await send(api, "/api/v1/rule-runs", "POST", {});
    expect(started.status).toBe(202);
    const run = (await started.json()) as z.infer<typeof RuleRunSchema>;
    expect(run).toMatchObject({ kind: "manual", state: "queued" });
    expect(
      await db.sql`
        select 1 from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'run_rules' and j.payload->>'runId' = ${run.id}`,
    ).toHaveLength(1);
    expect(await (await send(api, `/api/v1/rule-runs/${run.id}/cancel`, "POST")).json()).toMatchObject({ state: "cancelled" });
    expect(await (await send(api, `/api/v1/rule-runs/${run.id}/undo`, "POST")).json()).toEqual({ undone: 0 });
  });
});

describe("the static checks over the API", () => {
  const everything = { condition: { type: "all", conditions: [] }, actions: [{ type: "flag" }, { type: "stop" }] };

  test("a created or changed rule answers its warnings; GET /api/v1/rule-checks lists them", async () => {
    const { api } = await mailbox();
    const first = (await (await send(api, "/api/v1/rules", "POST", { name: "Alles", definition: everything })).json()) as SavedRuleJson;
    expect(first.warnings).toEqual([]);
    const created = await send(api, "/api/v1/rules", "POST", { name: "Rechnungen", definition: invoices });
    expect(created.status).toBe(201);
    const second = (await created.json()) as SavedRuleJson;
    expect(second.warnings).toEqual([{ code: "shadowed", ruleId: second.id, otherRuleId: first.id, vars: {} }]);
    const listed = (await (await send(api, "/api/v1/rule-checks", "GET")).json()) as { warnings: WarningJson[] };
    expect(listed.warnings).toEqual(second.warnings);

    // Stop the first from catching everything: the warning goes.
    const changed = await send(api, `/api/v1/rules/${first.id}`, "PATCH", { definition: { ...everything, actions: [{ type: "flag" }] } });
    expect(((await changed.json()) as SavedRuleJson).warnings).toEqual([]);

    // A delete rule on all mail: said from the condition alone.
    const wide = (await (
      await send(api, "/api/v1/rules", "POST", { name: "Weg", definition: { condition: { type: "size", op: "gt", bytes: 0 }, actions: [{ type: "delete" }] } })
    ).json()) as SavedRuleJson;
    expect(wide.warnings).toEqual([{ code: "destructive_wide", ruleId: wide.id, vars: { action: "delete", reason: "broad" } }]);
  });

  test("another user's rules never take part", async () => {
    const alice = await mailbox();
    const bob = await mailbox();
    await send(bob.api, "/api/v1/rules", "POST", { name: "Bob alles", definition: everything });
    await send(bob.api, "/api/v1/rules", "POST", { name: "Bob unflag", definition: { ...invoices, actions: [{ type: "unflag" }] } });
    const mine = (await (await send(alice.api, "/api/v1/rules", "POST", { name: "Rechnungen", definition: invoices })).json()) as SavedRuleJson;
    expect(mine.warnings).toEqual([]);
    expect(await (await send(alice.api, "/api/v1/rule-checks", "GET")).json()).toEqual({ warnings: [] });
    expect(((await (await send(bob.api, "/api/v1/rule-checks", "GET")).json()) as { warnings: WarningJson[] }).warnings.map((warning) => warning.code)).toEqual(["shadowed"]);
  });
});

describe("the /rules page", () => {
  test("shows the warnings in words, German and English", async () => {
    const { api } = await mailbox();
    await send(api, "/api/v1/rules", "POST", { name: "Alles", definition: { condition: { type: "all", conditions: [] }, actions: [{ type: "stop" }] } });
    await send(api, "/api/v1/rules", "POST", { name: "Rechnungen", definition: invoices });
    const de = await (await api.get("/rules", { "Accept-Language": "de" })).text();
    expect(de).toContain("Regel 2 „Rechnungen“ kommt nie zum Zug: Regel 1 „Alles“ steht davor");
    const en = await (await api.get("/rules", { "Accept-Language": "en" })).text();
    expect(en).toContain("rule 2 “Rechnungen” never runs: rule 1 “Alles” comes before it");
    expect(en).not.toContain(">shadowed<");
  });

  test("lists rules in order; switches mode and on/off; deletes; shows a rule's matches; another user's rule is 404", async () => {
    const { api, box } = await mailbox();
    const rule = (await (await send(api, "/api/v1/rules", "POST", { name: "Rechnungen <b>fett</b>", definition: invoices })).json()) as RuleJson;
    const page = await api.get("/rules");
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("Rechnungen &lt;b&gt;fett&lt;/b&gt;");
    expect(html).toContain(`/rules/${rule.id}/matches`);

    expect((await api.post(`/rules/${rule.id}`, { mode: "shadow", enabled: "false" }, { Origin: ORIGIN })).status).toBe(303);
    expect(await (await send(api, `/api/v1/rules/${rule.id}`, "GET")).json()).toMatchObject({ mode: "shadow", enabled: false });
    expect((await api.post(`/rules/${rule.id}`, { mode: "loud", enabled: "true" }, { Origin: ORIGIN })).status).toBe(400);

    // A match as the pipeline records it: shown in words, in both languages.
    const [message] = await db.sql`select id from messages where user_id = ${box.user.user.id} limit 1`;
    const [run] = await db.sql`insert into rule_runs (user_id, kind, state) values (${box.user.user.id}, 'manual', 'done') returning id`;
    await db.sql`
      insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions)
      values (${box.user.user.id}, ${run!.id}, ${rule.id}, ${message!.id}, 'act', ${db.sql.json([{ path: "0", type: "text", field: "subject", match: "contains" }])},
              ${db.sql.json([{ type: "flag" }])})`;
    const matches = await api.get(`/rules/${rule.id}/matches`, { "Accept-Language": "en" });
    expect(matches.status).toBe(200);
    const matchesHtml = await matches.text();
    expect(matchesHtml).toContain("Rechnungen &lt;b&gt;fett&lt;/b&gt;");
    expect(matchesHtml).toContain("Text subject contains");
    expect(matchesHtml).toContain(`/messages/${message!.id}`);
    expect(await (await api.get(`/rules/${rule.id}/matches`, { "Accept-Language": "de" })).text()).toContain("Text Betreff enthält");

    const other = await mailbox();
    expect((await other.api.get(`/rules/${rule.id}/matches`)).status).toBe(404);
    expect((await other.api.post(`/rules/${rule.id}`, { mode: "act", enabled: "true" }, { Origin: ORIGIN })).status).toBe(404);
    expect((await other.api.post(`/rules/${rule.id}/delete`, {}, { Origin: ORIGIN })).status).toBe(404);

    expect((await api.post(`/rules/${rule.id}/delete`, {}, { Origin: ORIGIN })).status).toBe(303);
    expect((await send(api, `/api/v1/rules/${rule.id}`, "GET")).status).toBe(404);
  });

  test("German page text", async () => {
    const { api } = await mailbox();
    const html = await (await api.get("/rules", { "Accept-Language": "de" })).text();
    expect(html).toContain("Regeln");
    expect(html).toContain("Noch keine Regeln.");
  });
});
