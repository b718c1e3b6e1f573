/**
 * The JSON API's rules and administration extras (issue 20 item 1, part C):
 * open rule suggestions in keyset pages and applied all at once, a rule's
 * position, a rule drafted from a sentence by the LLM stub (never saved),
 * the administrators' outbound targets, status and jobs dashboard, and the
 * user's own jobs. Another user's ids answer 404; non-administrators get 404.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { saveLlmSettings } from "../../../../../src/analysis/llm/settings.ts";
import { closeParsePool } from "../../../../../src/mail/parse/parse-message.ts";
import { seedMailbox } from "../../../../mail/render/seed.ts";
import { startLlmStub } from "../../../../support/llm-stub.ts";
import { makeMessage } from "../../../../support/messages.ts";
import { openTestApp } from "../../../../support/test-app.ts";
import { client, createTestUser } from "../../../../support/users.ts";

const { db, services, app } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await closeParsePool();
  await db.drop();
});
const ORIGIN = "http://127.0.0.1:3000";
const JSON_HEADERS = { Origin: ORIGIN, "Content-Type": "application/json" };
type Api = ReturnType<typeof client>;
const send = (api: Api, path: string, method: string, body?: unknown) =>
  api.json(path, { method, headers: body === undefined ? { Origin: ORIGIN } : JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
const invoices = { condition: { type: "text", field: "subject", match: "contains", value: "Rechnung" }, actions: [{ type: "flag" }] };

async function mailbox(messages = 1) {
  const box = await seedMailbox(services);
  for (let i = 0; i < messages; i++)
    await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject: `Rechnung ${i}`, body: "Text", messageId: `<extras-${crypto.randomUUID()}@example.org>` }));
  return { box, api: client(app, { cookie: box.user.cookie }) };
}

async function rule(api: Api, name: string) {
  const created = await send(api, "/api/v1/rules", "POST", { name, mode: "suggest", definition: invoices });
  expect(created.status).toBe(201);
  return ((await created.json()) as { id: string }).id;
}

/** One open suggestion per message of the user's, as a suggest-mode rule records them. */
async function suggestions(userId: string, ruleId: string) {
  const [run] = await db.sql`insert into rule_runs (user_id, kind, state) values (${userId}, 'manual', 'done') returning id`;
  return await db.sql<{ id: string }[]>`
    insert into rule_matches (user_id, run_id, rule_id, message_id, mode, why, actions)
    select ${userId}, ${run!.id}, ${ruleId}, id, 'suggest', ${db.sql.json([])}, ${db.sql.json([{ type: "mark-read" }])} from messages where user_id = ${userId}
    returning id`;
}

describe("rule suggestions", () => {
  test("lists open suggestions newest first in keyset pages; apply-all applies one rule's; another user's rule is 404", async () => {
    const { box, api } = await mailbox(3);
    const ruleId = await rule(api, "Rechnungen");
    const made = await suggestions(box.user.user.id, ruleId);
    expect(made).toHaveLength(3);

    const first = await send(api, "/api/v1/rule-matches?state=suggested", "GET");
    expect(first.status).toBe(200);
    const page = (await first.json()) as { suggestions: { id: string; ruleName: string; subject: string }[]; next: string | null };
    expect(page.suggestions.map((s) => s.id).sort()).toEqual(made.map((m) => m.id).sort());
    expect(page.suggestions[0]).toMatchObject({ ruleName: "Rechnungen" });
    expect(page.suggestions.every((s) => s.subject.startsWith("Rechnung"))).toBe(true);
    expect(page.next).toBeNull();
    // Keyset: after the first, the other two, in the same order.
    const rest = (await (await send(api, `/api/v1/rule-matches?after=${page.suggestions[0]!.id}`, "GET")).json()) as { suggestions: { id: string }[] };
    expect(rest.suggestions.map((s) => s.id)).toEqual(page.suggestions.slice(1).map((s) => s.id));
    expect((await send(api, "/api/v1/rule-matches?after=nope", "GET")).status).toBe(400);
    expect((await send(api, "/api/v1/rule-matches?state=applied", "GET")).status).toBe(400);

    const other = await mailbox(1);
    expect(((await (await send(other.api, "/api/v1/rule-matches", "GET")).json()) as { suggestions: unknown[] }).suggestions).toHaveLength(0);
    expect((await send(other.api, "/api/v1/rule-matches/apply-all", "POST", { ruleId })).status).toBe(404);
    expect(await db.sql`select 1 from rule_matches where rule_id = ${ruleId} and applied_at is not null`).toHaveLength(0);

    const applied = await send(api, "/api/v1/rule-matches/apply-all", "POST", { ruleId });
    expect(applied.status).toBe(200);
    expect(await applied.json()).toEqual({ applied: 3 });
    expect(await db.sql`select 1 from rule_matches where rule_id = ${ruleId} and applied_at is not null`).toHaveLength(3);
    expect(((await (await send(api, "/api/v1/rule-matches", "GET")).json()) as { suggestions: unknown[] }).suggestions).toHaveLength(0);
  });
});

describe("rule position", () => {
  test("moves up and down and to a position; another user's rule is 404", async () => {
    const { api } = await mailbox(0);
    const [a, b, c] = [await rule(api, "A"), await rule(api, "B"), await rule(api, "C")];
    const down = await send(api, `/api/v1/rules/${a}/position`, "PUT", { direction: "down" });
    expect(down.status).toBe(200);
    expect(await down.json()).toEqual({ ruleIds: [b, a, c] });
    expect(await (await send(api, `/api/v1/rules/${c}/position`, "PUT", { position: 0 })).json()).toEqual({ ruleIds: [c, b, a] });
    expect(await (await send(api, `/api/v1/rules/${c}/position`, "PUT", { position: 99 })).json()).toEqual({ ruleIds: [b, a, c] });
    expect(await (await send(api, `/api/v1/rules/${b}/position`, "PUT", { direction: "up" })).json()).toEqual({ ruleIds: [b, a, c] });
    expect((await send(api, `/api/v1/rules/${b}/position`, "PUT", {})).status).toBe(400);
    expect((await send(api, `/api/v1/rules/${b}/position`, "PUT", { direction: "up", position: 1 })).status).toBe(400);

    const other = await mailbox(0);
    expect((await send(other.api, `/api/v1/rules/${a}/position`, "PUT", { position: 0 })).status).toBe(404);
    expect((await send(other.api, `/api/v1/rules/${a}/position`, "PUT", { direction: "up" })).status).toBe(404);
    const order = await db.sql`select id from rules where id = any(${[a, b, c]}::uuid[]) order by position`;
    expect(order.map((row) => row.id)).toEqual([b, a, c]);
  });
});

describe("rule drafts", () => {
  test("drafts a rule from a sentence with the provider, never saved; no provider is 404, a failed answer the error envelope", async () => {
    const { box, api } = await mailbox(0);
    expect((await send(api, "/api/v1/rule-drafts", "POST", { sentence: "alles" })).status).toBe(404);
    expect((await send(api, "/api/v1/rule-drafts", "POST", { sentence: "" })).status).toBe(400);
    await saveLlmSettings(db.sql, box.user.dataKey, box.user.user.id, {
      kind: "ollama",
      baseUrl: stub.url,
      model: "stub-model",
      secondOpinionModel: null,
      apiKey: null,
      dailyBudget: 20,
      enabled: true,
      timeoutSeconds: 10,
    });
    stub.reset();
    stub.answer = () => ({
      name: "Hausverwaltung",
      condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" },
      actions: [{ type: "move", folder: "Archive" }, { type: "flag" }],
    });
    const drafted = await send(api, "/api/v1/rule-drafts", "POST", { sentence: "Post der Hausverwaltung ins Archiv" });
    expect(drafted.status).toBe(200);
    const archive = box.folders.find((folder) => folder.path === "Archive")!;
    const body = (await drafted.json()) as { name: string; definition: { condition: unknown; actions: unknown[] }; unknown: string[] };
    expect(body.name).toBe("Hausverwaltung");
    expect(body.definition.condition).toMatchObject({ type: "text", field: "from", value: "hausverwaltung" });
    expect(body.definition.actions).toEqual([{ type: "move", folderId: archive.id }, { type: "flag" }]);
    expect(body.unknown).toEqual([]);
    expect(await db.sql`select 1 from rules where user_id = ${box.user.user.id}`).toHaveLength(0);

    stub.answer = () => ({ name: "x", condition: { type: "text", field: "nowhere", match: "is", value: "a" }, actions: [{ type: "flag" }] });
    const failed = await send(api, "/api/v1/rule-drafts", "POST", { sentence: "Unsinn" });
    expect(failed.status).toBe(503);
    expect(((await failed.json()) as { error: { code: string } }).error.code).toBe("UNAVAILABLE");
  });
});

describe("administration", () => {
  test("outbound targets: read, replace (audited), invalid refused whole; status; non-administrators 404", async () => {
    const admin = client(app, { cookie: (await createTestUser(services, { role: "admin" })).cookie });
    const user = client(app, { cookie: (await createTestUser(services)).cookie });
    for (const [method, path, body] of [
      ["GET", "/api/v1/admin/outbound-targets"],
      ["PUT", "/api/v1/admin/outbound-targets", { targets: ["10.0.0.0/8"] }],
      ["GET", "/api/v1/admin/status"],
      ["GET", "/api/v1/admin/jobs"],
      ["POST", "/api/v1/admin/jobs/bulk", { action: "cancel", jobIds: [] }],
    ] as [string, string, unknown?][])
      expect((await send(user, path, method, body)).status).toBe(404);

    const before = ((await (await send(admin, "/api/v1/admin/outbound-targets", "GET")).json()) as { targets: string[] }).targets;
    const saved = await send(admin, "/api/v1/admin/outbound-targets", "PUT", { targets: [...before, "10.9.0.0/16", "mail.internal:993"] });
    expect(saved.status).toBe(200);
    expect(((await saved.json()) as { targets: string[] }).targets).toEqual(expect.arrayContaining(["10.9.0.0/16", "mail.internal:993"]));
    expect(await db.sql`select 1 from audit_events where event = 'outbound.allowed_targets_changed'`).not.toHaveLength(0);
    expect((await send(admin, "/api/v1/admin/outbound-targets", "PUT", { targets: ["10.8.0.0/16", "not a target!"] })).status).toBe(400);
    const after = ((await (await send(admin, "/api/v1/admin/outbound-targets", "GET")).json()) as { targets: string[] }).targets;
    expect(after).not.toContain("10.8.0.0/16");
    await send(admin, "/api/v1/admin/outbound-targets", "PUT", { targets: before });

    const status = await send(admin, "/api/v1/admin/status", "GET");
    expect(status.status).toBe(200);
    expect(((await status.json()) as { checks: { database: { ok: boolean } } }).checks.database.ok).toBe(true);
  });

  test("jobs dashboard: lists failed jobs, retries and cancels one or in bulk; unknown ids are 404", async () => {
    const admin = client(app, { cookie: (await createTestUser(services, { role: "admin" })).cookie });
    const add = async () => {
      const [row] = await db.sql<{ id: string }[]>`select id::text as id from graphile_worker.add_job('extras_failing'::text, '{}'::json, run_at => now() + interval '1 day', max_attempts => 1)`;
      await db.sql`update graphile_worker._private_jobs set attempts = 1, last_error = 'boom' where id = ${row!.id}`;
      return row!.id;
    };
    const [one, two, three] = [await add(), await add(), await add()];
    const dashboard = await send(admin, "/api/v1/admin/jobs", "GET");
    expect(dashboard.status).toBe(200);
    const body = (await dashboard.json()) as { tasks: { task: string; failed: number }[]; failed: { id: string }[] };
    expect(body.tasks.find((task) => task.task === "extras_failing")?.failed).toBe(3);
    expect(body.failed.map((job) => job.id)).toEqual(expect.arrayContaining([one, two, three]));

    expect(await (await send(admin, `/api/v1/admin/jobs/${one}/retry`, "POST")).json()).toEqual({ changed: 1 });
    expect((await db.sql`select attempts from graphile_worker._private_jobs where id = ${one}`)[0]!.attempts).toBe(0);
    expect(await (await send(admin, `/api/v1/admin/jobs/${two}/cancel`, "POST")).json()).toEqual({ changed: 1 });
    expect((await send(admin, `/api/v1/admin/jobs/${two}/cancel`, "POST")).status).toBe(404);
    expect((await send(admin, "/api/v1/admin/jobs/nope/retry", "POST")).status).toBe(404);
    // The task's failed ones, as the dashboard counts them: the retried job still carries its last error.
    expect(await (await send(admin, "/api/v1/admin/jobs/bulk", "POST", { action: "cancel", task: "extras_failing" })).json()).toEqual({ changed: 2 });
    expect(await db.sql`select 1 from graphile_worker._private_jobs where id = any(${[one, two, three]}::bigint[])`).toHaveLength(0);
    expect((await send(admin, "/api/v1/admin/jobs/bulk", "POST", { action: "explode", jobIds: [] })).status).toBe(400);
    expect((await send(admin, "/api/v1/admin/jobs/bulk", "POST", { action: "retry" })).status).toBe(400);
  });
});

describe("the user's own jobs", () => {
  test("lists the user's jobs with progress, not another user's", async () => {
    const { box, api } = await mailbox(0);
    const other = await mailbox(0);
    await db.sql`select graphile_worker.add_job('run_rules'::text, ${db.sql.json({ userId: box.user.user.id })}::json, run_at => now() + interval '1 hour')`;
    const mine = await send(api, "/api/v1/jobs", "GET");
    expect(mine.status).toBe(200);
    const jobs = ((await mine.json()) as { jobs: { task: string; state: string }[] }).jobs;
    expect(jobs.some((job) => job.task === "run_rules" && job.state === "scheduled")).toBe(true);
    const theirs = ((await (await send(other.api, "/api/v1/jobs", "GET")).json()) as { jobs: { task: string }[] }).jobs;
    expect(theirs.some((job) => job.task === "run_rules")).toBe(false);
  });
});
