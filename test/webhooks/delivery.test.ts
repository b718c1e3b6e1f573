/**
 * Webhook deliveries end to end: mail synced from the test Dovecot and
 * analysed by the worker produces signed `message.analysed` (and
 * `message.red`) deliveries to a real receiver, verified with the
 * `standardwebhooks` library; retries after 500s keep the webhook-id; a
 * receiver that always fails gets the hook disabled; during a rotation both
 * secrets sign; text only with include_text; no secret or subject in logs
 * or job payloads.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { Webhook } from "standardwebhooks";
import { startWorker, type Worker } from "../../src/jobs/worker.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { addVipSender } from "../../src/senders/vip.ts";
import { createMailAccount } from "../../src/mail/accounts/store.ts";
import { syncAccount } from "../../src/mail/sync/sync-account.ts";
import { createRule } from "../../src/rules/store.ts";
import type { RuleDefinition } from "../../src/rules/rule-schema.ts";
import { emitWebhookEvent } from "../../src/webhooks/emit.ts";
import { WEBHOOK_TIMING } from "../../src/webhooks/limits.ts";
import { createWebhook, getWebhook, rotateWebhookSecret, type WebhookInput } from "../../src/webhooks/store.ts";
import { listDeliveries } from "../../src/webhooks/deliveries.ts";
import { dovecot } from "../support/dovecot.ts";
import { replaceAllowedTargets } from "../../src/net/allowed-targets-store.ts";
import { allowLoopback } from "../support/outbound.ts";
import { captureLogs } from "../support/logs.ts";
import { makeMessage } from "../support/messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { waitFor } from "../support/wait.ts";
import { syncFixture } from "../mail/sync/fixtures.ts";
import { requestsTo, startReceiver, type ReceivedRequest } from "./receiver.ts";

const { db, services } = await openTestApp();
await dovecot();
const receiver = startReceiver();
const original = { ...WEBHOOK_TIMING, retryDelaysMs: [...WEBHOOK_TIMING.retryDelaysMs] };
let worker: Worker;

beforeAll(async () => {
  // Short back-off: the schedule's shape, not its minutes.
  WEBHOOK_TIMING.retryDelaysMs = [20, 40];
  worker = await startWorker({ ...services, db }, { crontab: "# none", preset: { pollInterval: 50 } });
});
afterAll(async () => {
  Object.assign(WEBHOOK_TIMING, original);
  await worker.stop();
  receiver.stop();
  await closeParsePool();
  await db.drop();
});

const ALL_EVENTS: WebhookInput["events"] = ["message.analysed", "message.red", "rule.acted", "sync.failed", "send.failed"];

async function hook(user: TestUser, path: string, input: Partial<WebhookInput> = {}) {
  const created = await createWebhook(services.sql, user.dataKey, user.user.id, { name: path, url: receiver.url(path), events: ALL_EVENTS, includeText: false, ...input });
  if (created.outcome !== "created") throw new Error(`webhook not created: ${JSON.stringify(created)}`);
  return created;
}

const verify = (secret: string, request: ReceivedRequest) => new Webhook(secret).verify(request.body, request.headers) as { type: string; timestamp: string; data: Record<string, unknown> };

const urgentFromBoss = (subject: string) =>
  makeMessage({
    from: "Chefin Weber <weber@firma.example>",
    to: "me@example.org",
    subject,
    body: "Hallo,\n\nbitte schicken Sie mir den unterschriebenen Vertrag heute bis 14 Uhr, die Frist läuft heute ab. Es ist dringend.\n\nDanke\nWeber",
  });

describe("events from synced and analysed mail", () => {
  test("message.analysed and message.red arrive signed, with the analysis and without text", async () => {
    const fixture = await syncFixture(services);
    await addVipSender(services.sql, fixture.user.dataKey, fixture.user.user.id, "weber@firma.example");
    const { secret } = await hook(fixture.user, "/analysed");
    (await dovecot()).seedMaildir(fixture.box.user, "INBOX", [urgentFromBoss("Vertrag Geheimprojekt Kolibri")]);
    await fixture.sync();
    const [message] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`;
    expect(message).toBeDefined();
    await waitFor(() => requestsTo(receiver, "/analysed").length >= 1, { what: "a delivery" });
    const [analysis] = await db.sql`select traffic_light from analyses where message_id = ${message!.id}`;
    expect(analysis!.traffic_light).toBe("red");
    await waitFor(() => requestsTo(receiver, "/analysed").length >= 2, { what: "both deliveries" });
    const events = requestsTo(receiver, "/analysed").map((request) => ({ request, event: verify(secret, request) }));
    expect(events.map(({ event }) => event.type).sort()).toEqual(["message.analysed", "message.red"]);
    for (const { request, event } of events) {
      expect(event.data).toMatchObject({ messageId: message!.id, accountId: fixture.account.id, analysis: { trafficLight: "red" } });
      expect(Object.keys(event.data.analysis as object).sort()).toEqual(["category", "importance", "newsletter", "phishing", "priority", "provider", "spam", "tags", "trafficLight", "urgency"]);
      expect(request.body).not.toContain("Kolibri");
      expect(request.body).not.toContain("weber@firma.example");
      expect(request.body).not.toContain("Vertrag");
      expect(request.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    }
    expect(new Set(events.map(({ request }) => request.headers["webhook-id"])).size).toBe(events.length);
  });

  test("a green message produces message.analysed only; with include_text the subject, sender and summary come along, never the body", async () => {
    const fixture = await syncFixture(services);
    const { secret } = await hook(fixture.user, "/with-text", { includeText: true, events: ["message.analysed", "message.red"] });
    (await dovecot()).seedMaildir(fixture.box.user, "INBOX", [
      makeMessage({
        from: "Newsletter <news@shop.example>",
        to: "me@example.org",
        subject: "Angebote der Woche",
        body: "Unsere Angebote diese Woche: Gartenstühle zum halben Preis. Dazu Sonnenschirme und Liegen in vielen Farben.\n\nNur für Abonnenten: Gartenbänke aus Eiche, zwei Tage lang.\n\nMit dem Gutscheincode ZEISIG42 sparen Sie zusätzlich zehn Prozent.\n\nAbmelden: https://shop.example/u",
        headers: { "List-Unsubscribe": "<https://shop.example/u>" },
      }),
    ]);
    await fixture.sync();
    await waitFor(() => requestsTo(receiver, "/with-text").length >= 1, { what: "a delivery" });
    await waitFor(async () => (await db.sql`select 1 from graphile_worker.jobs where task_identifier in ('process_message', 'deliver_webhook')`).length === 0, { what: "the queue to drain" });
    const requests = requestsTo(receiver, "/with-text");
    expect(requests).toHaveLength(1);
    const event = verify(secret, requests[0]!);
    expect(event.type).toBe("message.analysed");
    expect(event.data).toMatchObject({ subject: "Angebote der Woche", from: { name: "Newsletter", address: "news@shop.example" } });
    expect(typeof event.data.summary).toBe("string");
    expect(requests[0]!.body).not.toContain("ZEISIG42");
  });
});

describe("events from rules and sync", () => {
  test("a rule acting on a new message sends rule.acted; a sync refused by the server sends sync.failed", async () => {
    const fixture = await syncFixture(services);
    const { secret } = await hook(fixture.user, "/rules-and-sync", { events: ["rule.acted", "sync.failed"] });
    const created = await createRule(services.sql, fixture.user.dataKey, fixture.user.user.id, {
      name: "Rechnungen markieren",
      definition: { condition: { type: "text", field: "subject", match: "contains", value: "Rechnung" }, actions: [{ type: "flag" }] } as RuleDefinition,
    });
    if (!created.ok) throw new Error(created.reason);
    (await dovecot()).seedMaildir(fixture.box.user, "INBOX", [
      makeMessage({ from: "Buchhaltung <rechnung@firma.example>", to: "me@example.org", subject: "Rechnung 2026-17", body: "Anbei die Rechnung." }),
    ]);
    await fixture.sync();
    await waitFor(() => requestsTo(receiver, "/rules-and-sync").length >= 1, { what: "rule.acted" });
    const [message] = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`;
    const acted = verify(secret, requestsTo(receiver, "/rules-and-sync")[0]!);
    expect(acted).toMatchObject({ type: "rule.acted", data: { messageId: message!.id, ruleIds: [created.rule.id] } });
    expect((acted.data.journalIds as string[]).length).toBe(1);

    const wrong = await createMailAccount(services.sql, fixture.user.dataKey, fixture.user.user.id, {
      label: "Falsches Passwort",
      host: fixture.box.host,
      port: fixture.box.tlsPort,
      security: "tls",
      tlsCa: fixture.box.ca,
      username: fixture.box.user,
      password: "falsch",
    });
    expect(await syncAccount(services, { accountId: wrong.id, userId: fixture.user.user.id, scope: "all", holder: "test" })).toMatchObject({ status: "auth_failed" });
    await waitFor(() => requestsTo(receiver, "/rules-and-sync").length >= 2, { what: "sync.failed" });
    expect(verify(secret, requestsTo(receiver, "/rules-and-sync")[1]!)).toMatchObject({ type: "sync.failed", data: { accountId: wrong.id, reason: "auth" } });
  });
});

describe("retries, disabling and rotation", () => {
  test("500, 500, 200: three attempts with the same webhook-id, then succeeded", async () => {
    const user = await createTestUser(services);
    const { webhook, secret } = await hook(user, "/flaky");
    receiver.respond = (request) => {
      if (request.path === "/flaky" && requestsTo(receiver, "/flaky").length <= 2) return new Response("busy", { status: 500, headers: { "content-type": "text/plain" } });
      return new Response("ok");
    };
    // A delivery from long ago: the next finished one removes it.
    await db.sql`
      insert into webhook_deliveries (webhook_id, user_id, event_type, event_data, event_at, status, attempts)
      values (${webhook.id}, ${user.user.id}, 'sync.failed', '{}', now() - interval '40 days', 'succeeded', 1)`;
    expect(await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "unreachable" })).toBe(1);
    await waitFor(async () => (await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries[0]?.status === "succeeded", { what: "the delivery to succeed" });
    expect((await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries).toHaveLength(1);
    const requests = requestsTo(receiver, "/flaky");
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((request) => request.headers["webhook-id"])).size).toBe(1);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    for (const request of requests) expect(verify(secret, request)).toMatchObject({ type: "sync.failed", data: { reason: "unreachable" } });
    const [delivery] = (await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries;
    expect(delivery).toMatchObject({ id: requests[0]!.headers["webhook-id"], status: "succeeded", attempts: 3, responseStatus: 200, responseExcerpt: "ok", nextAttemptAt: null });
    expect((await getWebhook(services.sql, user.dataKey, user.user.id, webhook.id))!.consecutiveFailures).toBe(0);
  });

  test("a 4xx fails at once; a receiver that always fails gets the hook disabled, and events stop reaching it", async () => {
    const user = await createTestUser(services);
    const { webhook } = await hook(user, "/down");
    receiver.respond = (request) => (request.path === "/down" ? new Response("x".repeat(2_000), { status: request.body.includes("gone") ? 410 : 503 }) : new Response("ok"));
    await emitWebhookEvent(services.sql, user.user.id, "send.failed", { sendId: crypto.randomUUID(), accountId: "gone" });
    await waitFor(async () => (await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries[0]?.status === "failed", { what: "the 410 to fail" });
    expect(requestsTo(receiver, "/down")).toHaveLength(1);
    const [gone] = (await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries;
    expect(gone!.responseStatus).toBe(410);
    expect(Buffer.byteLength(gone!.responseExcerpt!)).toBe(256);

    for (let n = 1; n < 10; n++) await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "unreachable" });
    await waitFor(async () => (await getWebhook(services.sql, user.dataKey, user.user.id, webhook.id))?.disabledAt, { what: "the hook to be disabled", timeoutMs: 30_000 });
    const { deliveries } = await listDeliveries(services.sql, user.user.id, webhook.id);
    expect(deliveries.filter((delivery) => delivery.status === "failed")).toHaveLength(10);
    // Each 503 was tried three times (the test schedule), the 410 once.
    expect(requestsTo(receiver, "/down")).toHaveLength(1 + 9 * 3);
    expect(await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "unreachable" })).toBe(0);
  });

  test("during a rotation both the old and the new secret verify; a third party's secret does not", async () => {
    const user = await createTestUser(services);
    const { webhook, secret: oldSecret } = await hook(user, "/rotated");
    receiver.respond = () => new Response(null, { status: 204 });
    const rotated = await rotateWebhookSecret(services.sql, user.dataKey, user.user.id, webhook.id);
    expect(rotated!.secret).not.toBe(oldSecret);
    expect(rotated!.webhook.previousSecretUntil!.getTime()).toBeGreaterThan(Date.now() + 23 * 3_600_000);
    await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "auth" });
    await waitFor(() => requestsTo(receiver, "/rotated").length === 1, { what: "the delivery" });
    const [request] = requestsTo(receiver, "/rotated");
    expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(verify(oldSecret, request!).type).toBe("sync.failed");
    expect(verify(rotated!.secret, request!).type).toBe("sync.failed");
    expect(() => verify(`whsec_${Buffer.alloc(32, 7).toString("base64")}`, request!)).toThrow();

    // After the overlap only the new secret signs.
    await db.sql`update webhooks set previous_secret_until = now() - interval '1 second' where id = ${webhook.id}`;
    await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "auth" });
    await waitFor(() => requestsTo(receiver, "/rotated").length === 2, { what: "the second delivery" });
    const second = requestsTo(receiver, "/rotated")[1]!;
    expect(second.headers["webhook-signature"]!.split(" ")).toHaveLength(1);
    expect(() => verify(oldSecret, second)).toThrow();
    expect(verify(rotated!.secret, second).type).toBe("sync.failed");
  });
});

describe("the outbound policy at every delivery", () => {
  test("a URL allowed at registration but no longer allowed is refused before anything is sent, and not retried", async () => {
    const user = await createTestUser(services);
    const { webhook } = await hook(user, "/no-longer-allowed");
    await replaceAllowedTargets(services.sql, [], null);
    try {
      await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "auth" });
      await waitFor(async () => (await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries[0]?.status === "failed", { what: "the delivery to fail" });
      expect((await listDeliveries(services.sql, user.user.id, webhook.id)).deliveries[0]).toMatchObject({ attempts: 1, errorCode: "refused", responseStatus: null });
      expect(requestsTo(receiver, "/no-longer-allowed")).toEqual([]);
    } finally {
      await allowLoopback(services.sql);
    }
  });
});

describe("secrets stay secret", () => {
  test("neither the secret, the URL nor the subject reach the logs, the job payloads or the rows in the clear", async () => {
    const logs = captureLogs();
    try {
      const fixture = await syncFixture(services);
      const { webhook, secret } = await hook(fixture.user, "/private-path-7d1e", { includeText: true });
      receiver.respond = () => new Response("ok");
      (await dovecot()).seedMaildir(fixture.box.user, "INBOX", [urgentFromBoss("Übernahme Projekt Zaunkönig")]);
      await fixture.sync();
      await waitFor(() => requestsTo(receiver, "/private-path-7d1e").length >= 1, { what: "a delivery" });
      await waitFor(async () => (await listDeliveries(services.sql, fixture.user.user.id, webhook.id)).deliveries.every((delivery) => delivery.status === "succeeded"), {
        what: "all deliveries done",
      });
      expect(requestsTo(receiver, "/private-path-7d1e")[0]!.body).toContain("Zaunkönig");
      const payloads =
        await db.sql`select payload::text as payload from graphile_worker._private_jobs where task_id = (select id from graphile_worker._private_tasks where identifier = 'deliver_webhook')`;
      const stored = await db.sql`
        select encode(url_encrypted, 'escape') || encode(secret_encrypted, 'escape') as hook from webhooks where id = ${webhook.id}`;
      const bodies = await db.sql`select event_data::text || encode(coalesce(body_encrypted, ''), 'escape') as row from webhook_deliveries where webhook_id = ${webhook.id}`;
      const secretKey = secret.slice("whsec_".length);
      for (const text of [logs.text(), ...payloads.map((row) => row.payload as string), stored[0]!.hook as string, ...bodies.map((row) => row.row as string)]) {
        expect(text).not.toContain(secretKey);
        expect(text).not.toContain("private-path-7d1e");
        expect(text).not.toContain("Zaunkönig");
      }
      expect(logs.text()).toContain("webhook delivery attempt");
    } finally {
      logs.stop();
    }
  });
});
