/**
 * Rules in the browser, over HTTP against the real PostgreSQL and Dovecot:
 * a run started from /rules, its progress (polled while it runs, not once
 * it ended), cancel, its result and undo per message and for the whole run
 * (the server's folders checked); suggestions on the message page, as list
 * chips and on /rules/suggestions, applied, undone, dismissed (also over
 * JSON) and applied all at once; another user's run and match answer 404
 * and change nothing; a cross-site form is refused.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { parseRuleDefinition, type RuleMode } from "../../src/rules/rule-schema.ts";
import { executeRuleRun, startRuleRun } from "../../src/rules/runs.ts";
import { createRule } from "../../src/rules/store.ts";
import { processMessages } from "../analysis/support.ts";
import { actionHelpers } from "../mail/actions/fixtures.ts";
import { syncFixture, withClient, type SyncFixture } from "../mail/sync/fixtures.ts";
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const server = await dovecot();
const { folderId, serverUids } = actionHelpers(db, services);
const ORIGIN = "http://127.0.0.1:3000";
const SAME_SITE = { Origin: ORIGIN };
const HTMX = { Origin: ORIGIN, "HX-Request": "true" };

const landlord = (n: number) =>
  makeMessage({
    from: "Hausverwaltung Müller <rechnung@hausverwaltung.example>",
    to: "me@example.org",
    subject: `Rechnung ${n}`,
    body: "Nebenkosten.",
    messageId: `<hv-${crypto.randomUUID()}@example.org>`,
  });
const friend = (n: number) => makeMessage({ from: "Anna <anna@example.org>", to: "me@example.org", subject: `Hallo ${n}`, body: "Kommst du?", messageId: `<a-${crypto.randomUUID()}@example.org>` });

/** Pages in English unless a test asks for German (German is the default). */
function english(api: ReturnType<typeof client>): ReturnType<typeof client> {
  const en = { "Accept-Language": "en" };
  return {
    ...api,
    get: (path, extra) => api.get(path, { ...en, ...extra }),
    post: (path, form, extra) => api.post(path, form, { ...en, ...extra }),
  };
}

/** A synced mailbox with "Wohnung" beside INBOX holding two invoices and a friend's mail, analysed; its HTTP client. */
async function mailbox() {
  const fixture = await syncFixture(services);
  await withClient(fixture, (imap) => imap.mailboxCreate("Wohnung"));
  server.seedMaildir(fixture.box.user, "INBOX", [landlord(1), landlord(2), friend(1)]);
  await fixture.sync();
  const ids = (await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id);
  await processMessages(services, ids);
  return { fixture, api: english(client(app, { cookie: fixture.user.cookie })), wohnung: await folderId(fixture, "Wohnung"), inbox: await folderId(fixture, "INBOX") };
}

async function addRule(fixture: SyncFixture, actions: unknown[], mode: RuleMode) {
  const parsed = parseRuleDefinition({ condition: { type: "text", field: "from", match: "contains", value: "hausverwaltung" }, actions });
  if (!parsed.ok) throw new Error(parsed.message);
  const created = await createRule(db.sql, fixture.user.dataKey, fixture.user.user.id, { name: "Hausverwaltung", mode, definition: parsed.definition });
  if (!created.ok) throw new Error(created.reason);
  return created.rule;
}

/** Carries out every pending write-back of the user, as the worker would. */
async function applyPending(fixture: SyncFixture) {
  const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at, id`;
  for (const { id } of pending) await applyMessageAction(services, { journalId: id, userId: fixture.user.user.id, holder: "test" });
}

const runIdFrom = (response: Response) => /^\/rules\/runs\/([0-9a-f-]{36})$/.exec(response.headers.get("location") ?? "")?.[1];

/** A suggest rule's run over all mail, done: the open suggestions' ids by subject. */
async function suggestions(fixture: SyncFixture) {
  const started = await startRuleRun(db.sql, fixture.user.user.id, {});
  if (!started.ok) throw new Error(started.reason);
  expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, started.run.id)).toBe("done");
  return await db.sql<{ id: string; messageId: string }[]>`
    select rm.id, rm.message_id as "messageId" from rule_matches rm where rm.run_id = ${started.run.id} order by rm.created_at, rm.id`;
}

describe("runs in the browser", () => {
  test("start from /rules, follow the progress to done, read the result, undo one message and then the whole run on the server", async () => {
    const { fixture, api, wohnung, inbox } = await mailbox();
    const rule = await addRule(fixture, [{ type: "move", folderId: wohnung }], "act");
    const rulesPage = await (await api.get("/rules")).text();
    expect(rulesPage).toContain('action="/rules/runs/start"');
    expect(rulesPage).toContain(`<option value="${inbox}">`);

    const started = await api.post("/rules/runs/start", { folderId: inbox, ruleId: "" }, SAME_SITE);
    expect(started.status).toBe(303);
    const runId = runIdFrom(started)!;
    expect(runId).toBeDefined();
    const queued = await (await api.get(`/rules/runs/${runId}/progress`)).text();
    expect(queued).toContain('hx-trigger="every 1s"');
    expect(queued).toContain(`action="/rules/runs/${runId}/cancel"`);

    expect(await executeRuleRun(db.sql, fixture.user.dataKey, fixture.user.user.id, runId)).toBe("done");
    const done = await (await api.get(`/rules/runs/${runId}/progress`)).text();
    expect(done).not.toContain("hx-trigger");
    expect(done).not.toContain("/cancel");
    expect(done).toContain("3 of 3 messages examined, 2 matches");
    expect(done).toContain("Rechnung 1");
    expect(done).toContain("Hausverwaltung");
    expect(done).toContain("Text sender contains");
    expect(done).toContain("Undo whole run");
    const list = await (await api.get("/rules/runs")).text();
    expect(list).toContain(`href="/rules/runs/${runId}"`);
    expect(list).toContain("done");
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(2);

    // One message back, from the rule's matches page, which offers the undo too.
    const matches = await db.sql<{ id: string }[]>`select id from rule_matches where run_id = ${runId} order by created_at, id`;
    expect(await (await api.get(`/rules/${rule.id}/matches`)).text()).toContain(`action="/rules/matches/${matches[0]!.id}/undo"`);
    const one = await api.post(`/rules/matches/${matches[0]!.id}/undo`, { back: `/rules/runs/${runId}` }, SAME_SITE);
    expect(one.status).toBe(303);
    expect(one.headers.get("location")).toBe(`/rules/runs/${runId}?done=undone&undone=1`);
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(1);

    const whole = await api.post(`/rules/runs/${runId}/undo`, {}, SAME_SITE);
    expect(whole.headers.get("location")).toBe(`/rules/runs/${runId}?done=undone&undone=1`);
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(3);
    expect(await (await api.get(`/rules/runs/${runId}?done=undone&undone=1`)).text()).toContain("Undone (1 changes).");
  });

  test("one rule over all mail, cancelled from its page while queued; a bad id in the form is refused", async () => {
    const { fixture, api } = await mailbox();
    const rule = await addRule(fixture, [{ type: "flag" }], "act");
    const runId = runIdFrom(await api.post("/rules/runs/start", { folderId: "", ruleId: rule.id }, SAME_SITE))!;
    const [row] = await db.sql`select scope from rule_runs where id = ${runId}`;
    expect(row!.scope).toEqual({ ruleId: rule.id });
    const cancelled = await api.post(`/rules/runs/${runId}/cancel`, {}, SAME_SITE);
    expect(cancelled.headers.get("location")).toBe(`/rules/runs/${runId}?done=cancelled`);
    const page = await (await api.get(`/rules/runs/${runId}?done=cancelled`, { "Accept-Language": "de" })).text();
    expect(page).toContain("abgebrochen");
    expect(page).not.toContain("hx-trigger");
    expect((await api.post("/rules/runs/start", { folderId: "nope" }, SAME_SITE)).status).toBe(400);
    expect((await api.post("/rules/runs/start", { folderId: crypto.randomUUID() }, SAME_SITE)).status).toBe(404);
  });
});

describe("suggestions in the browser", () => {
  test("shown on the message page and as a list chip; applied with htmx moves the mail on the server and its undo brings it back; dismissed is not shown again", async () => {
    const { fixture, api, wohnung } = await mailbox();
    await addRule(fixture, [{ type: "move", folderId: wohnung }, { type: "flag" }], "suggest");
    const [first, second] = await suggestions(fixture);
    expect(second).toBeDefined();

    const messagePage = await (await api.get(`/messages/${first!.messageId}`)).text();
    expect(messagePage).toContain("Rule “Hausverwaltung” suggests:");
    expect(messagePage).toContain("→ folder Wohnung, flag");
    const german = await (await api.get(`/messages/${first!.messageId}`, { "Accept-Language": "de" })).text();
    expect(german).toContain("Regel „Hausverwaltung“ schlägt vor:");
    const listPage = await (await api.get("/messages")).text();
    expect(listPage.match(/class="rule-suggestion-chip"/g)).toHaveLength(2);
    expect(listPage).toContain("Suggestion: → Wohnung");
    expect(await (await api.get("/rules/suggestions")).text()).toContain("Apply all of this rule");

    const applied = await api.post(`/rules/suggestions/${first!.id}/apply`, { from: "message" }, HTMX);
    expect(applied.status).toBe(200);
    const box = await applied.text();
    expect(box).toContain(`/rules/suggestions/${first!.id}/undo`);
    expect(box).not.toContain(`/rules/suggestions/${first!.id}/apply`);
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(1);
    const undone = await api.post(`/rules/suggestions/${first!.id}/undo`, { from: "message" }, HTMX);
    expect(await undone.text()).toContain("Undone (2 changes).");
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);

    // Without htmx: back to the page, with the outcome in words.
    const dismissed = await api.post(`/rules/suggestions/${second!.id}/dismiss`, { from: "message" }, SAME_SITE);
    expect(dismissed.status).toBe(303);
    expect(dismissed.headers.get("location")).toBe(`/messages/${second!.messageId}?ruleNotice=dismissed`);
    expect(await (await api.get(`/messages/${second!.messageId}`)).text()).not.toContain("suggests:");
    expect(await (await api.get("/messages")).text()).not.toContain("rule-suggestion-chip");
    expect(await (await api.get("/rules/suggestions")).text()).toContain("No open suggestions.");
    const [row] = await db.sql`select dismissed_at, contradiction from rule_matches where id = ${second!.id}`;
    expect(row!.dismissed_at).not.toBeNull();
    expect(row!.contradiction).toBe("dismissed");
  });

  test("dismiss over JSON; apply all of a rule from /rules/suggestions", async () => {
    const { fixture, api, wohnung } = await mailbox();
    const rule = await addRule(fixture, [{ type: "move", folderId: wohnung }], "suggest");
    const [first, second] = await suggestions(fixture);
    const dismiss = (id: string) => api.json(`/api/v1/rule-matches/${id}/dismiss`, { method: "POST", headers: SAME_SITE });
    expect((await dismiss(first!.id)).status).toBe(204);
    expect((await dismiss(first!.id)).status).toBe(404);
    expect((await api.json(`/api/v1/rule-matches/${first!.id}/apply`, { method: "POST", headers: SAME_SITE })).status).toBe(200);

    const all = await api.post("/rules/suggestions/apply-all", { ruleId: rule.id }, SAME_SITE);
    expect(all.headers.get("location")).toBe("/rules/suggestions?ruleNotice=appliedAll&count=1");
    const [row] = await db.sql`select applied_at from rule_matches where id = ${second!.id}`;
    expect(row!.applied_at).not.toBeNull();
    await applyPending(fixture);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(2);
  });
});

describe("another user and other sites", () => {
  test("another user's run and match answer 404 and change nothing; a cross-site form is refused", async () => {
    const alice = await mailbox();
    const bob = await mailbox();
    const wohnung = alice.wohnung;
    await addRule(alice.fixture, [{ type: "move", folderId: wohnung }], "suggest");
    const [suggestion] = await suggestions(alice.fixture);
    const started = await startRuleRun(db.sql, alice.fixture.user.user.id, {});
    if (!started.ok) throw new Error(started.reason);
    const runId = started.run.id;

    for (const path of [`/rules/runs/${runId}`, `/rules/runs/${runId}/progress`]) expect((await bob.api.get(path)).status).toBe(404);
    for (const path of [
      `/rules/runs/${runId}/cancel`,
      `/rules/runs/${runId}/undo`,
      `/rules/matches/${suggestion!.id}/undo`,
      `/rules/suggestions/${suggestion!.id}/apply`,
      `/rules/suggestions/${suggestion!.id}/dismiss`,
      `/rules/suggestions/${suggestion!.id}/undo`,
    ])
      expect((await bob.api.post(path, { from: "message" }, SAME_SITE)).status).toBe(404);
    expect((await bob.api.json(`/api/v1/rule-matches/${suggestion!.id}/dismiss`, { method: "POST", headers: SAME_SITE })).status).toBe(404);
    expect((await bob.api.post("/rules/runs/start", { folderId: alice.inbox }, SAME_SITE)).status).toBe(404);
    expect((await bob.api.post("/rules/suggestions/apply-all", { ruleId: (await db.sql`select rule_id from rule_matches where id = ${suggestion!.id}`)[0]!.rule_id }, SAME_SITE)).status).toBe(303);
    expect(await (await bob.api.get("/rules/suggestions")).text()).not.toContain(suggestion!.id);

    expect((await alice.api.post(`/rules/suggestions/${suggestion!.id}/apply`, { from: "message" }, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await alice.api.post("/rules/runs/start", {}, { Origin: "https://evil.example" })).status).toBe(403);

    const [match] = await db.sql`select applied_at, dismissed_at from rule_matches where id = ${suggestion!.id}`;
    expect(match).toEqual({ applied_at: null, dismissed_at: null });
    const [run] = await db.sql`select state from rule_runs where id = ${runId}`;
    expect(run!.state).toBe("queued");
    expect(await db.sql`select 1 from action_journal where user_id = ${alice.fixture.user.user.id}`).toHaveLength(0);
  });
});
