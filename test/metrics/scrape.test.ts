/**
 * A scrape after real work, parsed whole by a Prometheus text-format parser:
 * a sync against the test Dovecot, the worker analysing what it stored,
 * pages of a stored message, LLM calls to the stub. The counters grow under
 * the route PATTERN, the task name and the account kind; and no label
 * anywhere holds an address, the subject, a message id or the server.
 */
import { afterAll, describe, expect, test } from "bun:test";
import parsePrometheusTextFormat, { type Family, type Sample } from "parse-prometheus-text-format";
import { providerFor } from "../../src/analysis/llm/providers/index.ts";
import { addJob } from "../../src/jobs/add-job.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { syncAccount } from "../../src/mail/sync/sync-account.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { dovecot, makeMessage } from "../support/dovecot.ts";
import { startLlmStub, STUB_USAGE } from "../support/llm-stub.ts";
import { LOOPBACK_ALLOWED } from "../support/outbound.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";
import { waitFor } from "../support/wait.ts";
import { startWorkerWithIdle } from "../support/worker.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";

const TOKEN = "scrape-token-0123456789abcdef";
const SUBJECT = "Vertraulicher Quartalsbericht 4711";
const SENDER = "Beate Beispiel <beate.beispiel@example.org>";

const { db, services, app } = await openTestApp({ METRICS_TOKEN: TOKEN });
const llm = await startLlmStub();
afterAll(async () => {
  await llm.close();
  await closeParsePool();
  await db.drop();
});

async function scrape(): Promise<{ text: string; families: Family[] }> {
  const response = await app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(200);
  const text = await response.text();
  // The whole body must parse: a malformed line would make Prometheus drop the scrape.
  return { text, families: parsePrometheusTextFormat(text) };
}

function samples(families: Family[], name: string): Sample[] {
  const family = families.find((candidate) => candidate.name === name);
  if (!family) throw new Error(`no metric family ${name}`);
  return family.metrics;
}

/**
 * Every sample line as name, labels and value. parse-prometheus-text-format
 * folds all series of a labelled histogram into one (its flattenMetrics
 * drops their labels), so histograms and the sweep over all label values
 * read the lines themselves; the parser still has to accept the whole body.
 */
function sampleLines(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const match = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, key, value]) => [key!, value!]));
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function lineValue(text: string, name: string, labels: Record<string, string>): number {
  return sampleLines(text).find((line) => line.name === name && Object.entries(labels).every(([key, value]) => line.labels[key] === value))?.value ?? 0;
}

/** The value of the sample whose labels include `labels` (0 if there is none yet). */
function sampleValue(families: Family[], name: string, labels: Record<string, string>): number {
  const sample = samples(families, name).find((candidate) => Object.entries(labels).every(([key, value]) => candidate.labels?.[key] === value));
  return sample ? Number(sample.value ?? sample.count) : 0;
}

describe("a scrape after a sync, analyses, page views and LLM calls", () => {
  test("counts them by pattern, task and kind, parses whole, and no label holds private or identifying values", async () => {
    const server = await dovecot();
    const fixture = await syncFixture(services, { server });
    const messageIds = ["<q1-4711@example.org>", "<q2-4711@example.org>", "<q3-4711@example.org>"];
    server.seedMaildir(
      fixture.box.user,
      "INBOX",
      messageIds.map((messageId, i) => makeMessage({ from: SENDER, to: "ich@example.org", subject: `${SUBJECT} ${i}`, body: "Die Zahlen im Anhang.", messageId })),
    );
    const { text: textBefore, families: before } = await scrape();

    expect(await fixture.sync()).toMatchObject({ status: "done", newMessages: 3 });
    // A second mailbox of the user's with a wrong password: a sync error of its kind, by reason.
    const refused = await createMailAccount(db.sql, fixture.user.dataKey, fixture.user.user.id, {
      label: "Refused",
      host: fixture.box.host,
      port: fixture.box.tlsPort,
      security: "tls",
      tlsCa: fixture.box.ca,
      username: fixture.box.user,
      password: "not the password",
    });
    expect(await syncAccount(services, { accountId: refused.id, userId: fixture.user.user.id, scope: "all", holder: "test" })).toMatchObject({ status: "auth_failed" });
    // A job that cannot succeed, with one attempt: a failure, a permanent one, and a failed job in the queue.
    await addJob(db.sql, "sync_account", { accountId: "not-a-uuid", userId: "not-a-uuid" }, { maxAttempts: 1 });

    // The worker runs the process_message jobs the sync queued, and reports each through graphile-worker's events;
    // its IDLE watcher holds one connection while it runs.
    const worker = await startWorkerWithIdle({ ...services, db }, { crontab: "# no entries", idle: { scanMs: 100 } });
    try {
      await waitFor(
        async () => (await db.sql`select count(*)::int as n from graphile_worker.jobs where task_identifier = 'process_message' or (task_identifier = 'sync_account' and attempts = 0)`)[0]!.n === 0,
        { timeoutMs: 30_000, what: "the queued jobs to be run" },
      );
      await waitFor(async () => sampleValue((await scrape()).families, "mailhelper_imap_idle_connections", {}) === 1, { timeoutMs: 20_000, what: "one IDLE connection counted" });
    } finally {
      await worker.stop();
    }

    const [stored] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} limit 1`;
    const browser = client(app, { cookie: fixture.user.cookie });
    expect((await browser.get(`/messages/${stored!.id}`)).status).toBe(200);
    expect((await browser.get(`/messages/${stored!.id}`)).status).toBe(200);
    expect((await browser.get("/no/such/page")).status).toBe(404);

    const openai = providerFor("openai");
    const connection = { kind: "openai" as const, baseUrl: llm.url, apiKey: null, timeoutSeconds: 10 };
    const chat = { model: "stub", system: "Answer in JSON.", user: `Subject: ${SUBJECT}`, schema: {} };
    llm.script("valid", "server_error");
    expect((await openai.chat(connection, chat, { outbound: LOOPBACK_ALLOWED })).ok).toBe(true);
    expect((await openai.chat(connection, chat, { outbound: LOOPBACK_ALLOWED })).ok).toBe(false);

    const { text, families } = await scrape();
    const grew = (name: string, labels: Record<string, string>) => sampleValue(families, name, labels) - sampleValue(before, name, labels);

    // HTTP: by the route's pattern, never the message's id.
    expect(grew("mailhelper_http_requests_total", { method: "GET", route: "/messages/:messageId", status: "200" })).toBe(2);
    expect(grew("mailhelper_http_requests_total", { method: "GET", route: "unmatched", status: "404" })).toBe(1);
    const timed = { method: "GET", route: "/messages/:messageId" };
    expect(lineValue(text, "mailhelper_http_request_duration_seconds_count", timed) - lineValue(textBefore, "mailhelper_http_request_duration_seconds_count", timed)).toBe(2);

    // Jobs: success counted by task, with a duration histogram.
    expect(grew("mailhelper_jobs_total", { task: "process_message", outcome: "success" })).toBeGreaterThanOrEqual(3);
    const job = { task: "process_message", outcome: "success" };
    expect(samples(families, "mailhelper_job_duration_seconds")).not.toHaveLength(0);
    expect(lineValue(text, "mailhelper_job_duration_seconds_count", job)).toBeGreaterThanOrEqual(3);
    expect(lineValue(text, "mailhelper_job_duration_seconds_bucket", { ...job, le: "+Inf" })).toBe(lineValue(text, "mailhelper_job_duration_seconds_count", job));
    expect(grew("mailhelper_jobs_total", { task: "sync_account", outcome: "failure" })).toBe(1);
    expect(grew("mailhelper_jobs_failed_permanently_total", { task: "sync_account" })).toBe(1);
    expect(sampleValue(families, "mailhelper_job_queue_depth", { task: "sync_account", state: "failed" })).toBe(1);

    // Sync and analysis.
    expect(grew("mailhelper_sync_messages_stored_total", { kind: "tls" })).toBe(3);
    expect(grew("mailhelper_sync_errors_total", { kind: "tls", reason: "auth" })).toBe(1);
    const analysed = ["red", "yellow", "green"].reduce((sum, light) => sum + grew("mailhelper_analyses_total", { provider: "local", traffic_light: light }), 0);
    expect(analysed).toBeGreaterThanOrEqual(3);

    // LLM: calls, failures by reason, tokens as the answer reported them.
    expect(grew("mailhelper_llm_calls_total", { provider: "openai", operation: "chat" })).toBe(2);
    expect(grew("mailhelper_llm_failures_total", { provider: "openai", operation: "chat", reason: "http_error" })).toBe(1);
    expect(grew("mailhelper_llm_tokens_total", { provider: "openai", type: "prompt" })).toBe(STUB_USAGE.promptTokens);
    expect(grew("mailhelper_llm_tokens_total", { provider: "openai", type: "completion" })).toBe(STUB_USAGE.completionTokens);

    // The database and the process.
    expect(sampleValue(families, "mailhelper_db_pool_max_connections", {})).toBe(services.config.DB_POOL_MAX);
    expect(sampleValue(families, "mailhelper_db_connections", { state: "active" })).toBeGreaterThanOrEqual(1);
    expect(sampleValue(families, "mailhelper_metrics_database_up", {})).toBe(1);
    expect(sampleValue(families, "mailhelper_process_resident_memory_bytes", {})).toBeGreaterThan(0);
    expect(sampleValue(families, "mailhelper_imap_idle_connections", {})).toBe(0);

    // No label value anywhere names a person, the mail, a row or the server.
    const labelValues = sampleLines(text).flatMap((line) => Object.values(line.labels));
    expect(labelValues.length).toBeGreaterThan(50);
    const forbidden = ["@", SUBJECT, "4711", "Beate", stored!.id, fixture.account.id, fixture.user.user.id, fixture.box.user, fixture.box.host, String(fixture.box.tlsPort), new URL(llm.url).host];
    for (const value of labelValues) for (const secret of forbidden) expect(value).not.toContain(secret);
    // Nor anywhere else in the body (help texts included).
    for (const secret of [SUBJECT, "beate.beispiel", stored!.id, fixture.box.user]) expect(text).not.toContain(secret);
  });
});
