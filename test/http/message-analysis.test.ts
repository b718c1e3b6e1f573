/** The analysis API and the AI panel's forms: read, correct, reprocess, follow runs, sender statistics — the owner's only. */
import { afterAll, describe, expect, test } from "bun:test";
import type { z } from "@hono/zod-openapi";
import type { AnalysisSchema, RunSchema } from "../../src/http/routes/api/v1/analysis-schemas.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";
import { processMessages, runQueuedRuns } from "../analysis/support.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const server = await dovecot();
const JSON_HEADERS = { Origin: "http://127.0.0.1:3000", "Content-Type": "application/json" };

async function analysedMessage(analyse = true) {
  const fixture = await syncFixture(services);
  server.seedMaildir(fixture.box.user, "INBOX", [
    makeMessage({ from: "Newsletter <news@shop.example>", to: "me@example.org", subject: "Angebote der Woche", body: "Unsere Angebote dieser Woche: Schuhe, Jacken und mehr." }),
  ]);
  await fixture.sync();
  const [message] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`;
  if (analyse) await processMessages(services, [message!.id]);
  return { fixture, id: message!.id, api: client(app, { cookie: fixture.user.cookie }) };
}

describe("/api/v1/messages/{id}/analysis and corrections", () => {
  test("reads the analysis; corrects it; the correction is kept and reported", async () => {
    const { id, api } = await analysedMessage();
    const response = await api.json(`/api/v1/messages/${id}/analysis`);
    expect(response.status).toBe(200);
    const analysis = (await response.json()) as z.infer<typeof AnalysisSchema>;
    expect(analysis.score).toBe(2 * analysis.urgency.value + analysis.importance.value);
    expect(analysis.trafficLight).toBe(analysis.score >= 8 ? "red" : analysis.score >= 5 ? "yellow" : "green");
    expect(analysis.provider).toBe("local");
    expect(analysis.urgency.reason.code.length).toBeGreaterThan(0);

    const corrected = await api.json(`/api/v1/messages/${id}/corrections`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ urgency: 3, importance: 3, newsletter: false }) });
    expect(corrected.status).toBe(200);
    const after = (await corrected.json()) as z.infer<typeof AnalysisSchema>;
    expect(after).toMatchObject({ score: 9, trafficLight: "red", urgency: { value: 3, confidence: 1, reason: { code: "user_correction" } } });
    expect(after.correctedFields).toContain("urgency");
    const [row] = await db.sql`select urgency, importance, score, traffic_light from analyses where message_id = ${id}`;
    expect(row).toEqual({ urgency: 3, importance: 3, score: 9, traffic_light: "red" });

    for (const body of [{ urgency: 4 }, { category: "later" }, { spam: "yes" }, { unknown: 1 }]) {
      expect((await api.json(`/api/v1/messages/${id}/corrections`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) })).status).toBe(400);
    }
  });

  test("a message not analysed yet answers 409; another user's message 404", async () => {
    const { id, api } = await analysedMessage(false);
    expect((await api.json(`/api/v1/messages/${id}/analysis`)).status).toBe(409);
    expect((await api.json(`/api/v1/messages/${id}/corrections`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ urgency: 1 }) })).status).toBe(409);
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect((await stranger.json(`/api/v1/messages/${id}/analysis`)).status).toBe(404);
    expect((await stranger.json(`/api/v1/messages/${id}/corrections`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ urgency: 1 }) })).status).toBe(404);
  });

  test("reprocess is queued as a run its owner can follow; a second opinion needs a provider", async () => {
    const { fixture, id, api } = await analysedMessage();
    const queued = await api.json(`/api/v1/messages/${id}/reprocess`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({}) });
    expect(queued.status).toBe(202);
    const run = (await queued.json()) as z.infer<typeof RunSchema>;
    expect(run).toMatchObject({ messageId: id, kind: "reprocess", state: "queued" });
    const [job] = await db.sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'reprocess_message'`;
    expect(job!.payload).toEqual({ runId: run.id }); // ids only
    await runQueuedRuns(services, fixture.user.user.id);
    expect(await (await api.json(`/api/v1/analysis-runs/${run.id}`)).json()).toMatchObject({ state: "done", outcome: "analysed" });
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect((await stranger.json(`/api/v1/analysis-runs/${run.id}`)).status).toBe(404);

    expect((await api.json(`/api/v1/messages/${id}/reprocess`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ secondOpinion: true }) })).status).toBe(409);
  });

  test("sender statistics list what was learned, decrypted for their owner only", async () => {
    const { id, api } = await analysedMessage();
    await api.json(`/api/v1/messages/${id}/corrections`, { method: "POST", headers: JSON_HEADERS, body: JSON.stringify({ newsletter: true, category: "information" }) });
    const { patterns } = (await (await api.json("/api/v1/sender-patterns")).json()) as {
      patterns: { sender: string; messages: number; corrections: number; learned: { newsletter?: { value: boolean } } }[];
    };
    expect(patterns).toHaveLength(1);
    expect(patterns[0]).toMatchObject({ sender: "news@shop.example", messages: 1, corrections: 1, learned: { newsletter: { value: true } } });
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect(await (await stranger.json("/api/v1/sender-patterns")).json()).toEqual({ patterns: [] });
    const [raw] = await db.sql`select encode(sender_encrypted, 'escape') as sender from sender_patterns limit 1`;
    expect(raw!.sender).not.toContain("shop.example");

    const page = await (await api.get("/settings/senders")).text();
    expect(page).toContain("news@shop.example");
    expect(page).toContain('class="decides"');
    const strangerPage = await (await client(app, { cookie: (await createTestUser(services)).cookie }).get("/settings/senders")).text();
    expect(strangerPage).not.toContain("news@shop.example");
    expect(strangerPage).toContain("Noch nichts gelernt.");
  });
});

describe("the AI panel's forms", () => {
  test("the correction form changes the analysis and returns to the message", async () => {
    const { id, api } = await analysedMessage();
    const response = await api.post(`/messages/${id}/correction`, { urgency: "3", importance: "2", category: "action_required", spam: "on" });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(`/messages/${id}?done=corrected`);
    expect((await db.sql`select urgency, importance, category, spam, newsletter from analyses where message_id = ${id}`)[0]).toEqual({
      urgency: 3,
      importance: 2,
      category: "action_required",
      spam: true,
      newsletter: false,
    });
    expect((await api.post(`/messages/${id}/correction`, { urgency: "9", importance: "2", category: "action_required" })).status).toBe(400);
    const page = await (await api.get(`/messages/${id}`)).text();
    expect(page).toContain(`action="/messages/${id}/correction"`);
  });

  test("analyse again queues a reprocess run", async () => {
    const { id, api } = await analysedMessage();
    const response = await api.post(`/messages/${id}/reanalyse`, {});
    expect(response.status).toBe(303);
    expect(await db.sql`select kind, state from analysis_runs where message_id = ${id}`).toEqual([{ kind: "reprocess", state: "queued" }] as never);
  });
});
