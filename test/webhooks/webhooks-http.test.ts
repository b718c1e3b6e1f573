/**
 * Webhooks over HTTP: the JSON API (register with the secret once, list,
 * read, change, pause and resume, rotate, deliveries, delete), the cap,
 * URLs the outbound policy refuses, another user's id (404), signed out
 * (401), the OpenAPI entries, and the settings page in German and English
 * with plain forms, including the notice of a hook disabled after failures.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { WebhookDeliveryList, WebhookList, WebhookWithSecret } from "../../src/http/routes/api/v1/webhooks-schemas.ts";
import { t } from "../../src/i18n/messages.ts";
import { emitWebhookEvent } from "../../src/webhooks/emit.ts";
import { MAX_WEBHOOKS_PER_USER } from "../../src/webhooks/limits.ts";
import { getWebhook } from "../../src/webhooks/store.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());
const ORIGIN = "http://127.0.0.1:3000";
const JSON_HEADERS = { Origin: ORIGIN, "Content-Type": "application/json" };
const LOCAL_URL = "http://127.0.0.1:9/hook";

async function signedIn() {
  const user = await createTestUser(services);
  return { user, api: client(app, { cookie: user.cookie }) };
}
type Api = ReturnType<typeof client>;
const send = (api: Api, method: string, path: string, body?: unknown) =>
  api.json(path, { method, headers: body === undefined ? { Origin: ORIGIN } : JSON_HEADERS, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const register = (api: Api, body: Record<string, unknown> = {}) => send(api, "POST", "/api/v1/webhooks", { name: "Heimautomation", url: LOCAL_URL, events: ["message.red"], ...body });

describe("/api/v1/webhooks", () => {
  test("registers with the secret shown once, reads, changes, pauses, resumes, rotates, lists deliveries and deletes", async () => {
    const { user, api } = await signedIn();
    const created = await register(api, { includeText: true });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const { webhook, secret } = (await created.json()) as WebhookWithSecret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(webhook).toMatchObject({ name: "Heimautomation", url: LOCAL_URL, events: ["message.red"], includeText: true, status: "active", previousSecretUntil: null });

    const shown = (await (await api.json(`/api/v1/webhooks/${webhook.id}`)).json()) as Record<string, unknown>;
    expect(shown).toMatchObject({ id: webhook.id, status: "active" });
    expect(JSON.stringify(shown)).not.toContain(secret.slice(6));
    const listed = (await (await api.json("/api/v1/webhooks")).json()) as WebhookList;
    expect(listed).toMatchObject({ webhooks: [{ id: webhook.id }], next: null, previous: null });
    expect(JSON.stringify(listed)).not.toContain(secret.slice(6));

    const paused = await send(api, "PATCH", `/api/v1/webhooks/${webhook.id}`, { enabled: false, events: ["message.red", "sync.failed"], name: "Pausiert" });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ status: "paused", name: "Pausiert", events: ["message.red", "sync.failed"] });
    // A paused hook gets no deliveries.
    expect(await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "auth" })).toBe(0);
    expect(await (await send(api, "PATCH", `/api/v1/webhooks/${webhook.id}`, { enabled: true })).json()).toMatchObject({ status: "active" });
    expect(await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "auth" })).toBe(1);

    const rotated = await send(api, "POST", `/api/v1/webhooks/${webhook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const rotation = (await rotated.json()) as WebhookWithSecret;
    expect(rotation.secret).not.toBe(secret);
    expect(rotation.webhook.previousSecretUntil).not.toBeNull();

    const deliveries = (await (await api.json(`/api/v1/webhooks/${webhook.id}/deliveries`)).json()) as WebhookDeliveryList;
    expect(deliveries.deliveries).toHaveLength(1);
    expect(deliveries.deliveries[0]).toMatchObject({ eventType: "sync.failed", status: "pending", attempts: 0 });
    // Newest first, keyset-paginated.
    await emitWebhookEvent(services.sql, user.user.id, "sync.failed", { accountId: crypto.randomUUID(), reason: "unreachable" });
    const newest = (await (await api.json(`/api/v1/webhooks/${webhook.id}/deliveries?limit=1`)).json()) as WebhookDeliveryList;
    expect(newest.deliveries.map((delivery) => delivery.id)).not.toContain(deliveries.deliveries[0]!.id);
    const older = (await (await api.json(`/api/v1/webhooks/${webhook.id}/deliveries?limit=1&after=${newest.next}`)).json()) as WebhookDeliveryList;
    expect(older).toMatchObject({ deliveries: [{ id: deliveries.deliveries[0]!.id }], next: null });
    expect((await api.json(`/api/v1/webhooks/${webhook.id}/deliveries?limit=0`)).status).toBe(400);
    expect((await api.json(`/api/v1/webhooks/${webhook.id}/deliveries?after=bm9wZQ`)).status).toBe(400);

    expect((await send(api, "DELETE", `/api/v1/webhooks/${webhook.id}`)).status).toBe(204);
    expect((await send(api, "DELETE", `/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await api.json(`/api/v1/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
  });

  test("pages through the list with keyset cursors", async () => {
    const { api } = await signedIn();
    const ids: string[] = [];
    for (let n = 0; n < 3; n++) ids.push(((await (await register(api, { name: `Hook ${n}` })).json()) as WebhookWithSecret).webhook.id);
    const first = (await (await api.json("/api/v1/webhooks?limit=2")).json()) as WebhookList;
    expect(first.webhooks.map((hook) => hook.id)).toEqual(ids.slice(0, 2));
    expect(first.previous).toBeNull();
    const second = (await (await api.json(`/api/v1/webhooks?limit=2&after=${first.next}`)).json()) as WebhookList;
    expect(second.webhooks.map((hook) => hook.id)).toEqual(ids.slice(2));
    expect(second.next).toBeNull();
    const back = (await (await api.json(`/api/v1/webhooks?limit=2&before=${second.previous}`)).json()) as WebhookList;
    expect(back.webhooks.map((hook) => hook.id)).toEqual(ids.slice(0, 2));
  });

  test("refuses internal addresses, other schemes, credentials in the URL and bad input; at most ten hooks", async () => {
    const { api } = await signedIn();
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "https://169.254.169.254/hook",
      "https://10.0.0.1/hook",
      "https://[::ffff:10.0.0.1]/hook",
      "https://192.168.1.10:8443/hook",
      "ftp://127.0.0.1/hook",
      "http://user:pw@127.0.0.1:9/hook",
      "not a url",
    ]) {
      const response = await register(api, { url });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
    }
    for (const body of [{ events: [] }, { events: ["message.deleted"] }, { name: "" }, { extra: 1 }]) expect((await register(api, body)).status).toBe(400);
    expect(((await (await api.json("/api/v1/webhooks")).json()) as WebhookList).webhooks).toHaveLength(0);

    for (let n = 0; n < MAX_WEBHOOKS_PER_USER; n++) expect((await register(api, { name: `Hook ${n}` })).status).toBe(201);
    const full = await register(api, { name: "one too many" });
    expect(full.status).toBe(409);
  });

  test("another user's id answers 404 and changes nothing; signed out answers 401", async () => {
    const alice = await signedIn();
    const { webhook } = (await (await register(alice.api)).json()) as WebhookWithSecret;
    const bob = await signedIn();
    expect((await bob.api.json(`/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    expect((await send(bob.api, "PATCH", `/api/v1/webhooks/${webhook.id}`, { enabled: false })).status).toBe(404);
    expect((await send(bob.api, "POST", `/api/v1/webhooks/${webhook.id}/rotate-secret`)).status).toBe(404);
    expect((await bob.api.json(`/api/v1/webhooks/${webhook.id}/deliveries`)).status).toBe(404);
    expect((await send(bob.api, "DELETE", `/api/v1/webhooks/${webhook.id}`)).status).toBe(404);
    expect(((await (await bob.api.json("/api/v1/webhooks")).json()) as WebhookList).webhooks).toEqual([]);
    for (const path of [`/settings/webhooks/${webhook.id}`]) expect((await bob.api.get(path)).status).toBe(404);
    for (const action of ["", "/pause", "/resume", "/rotate", "/delete"]) expect((await bob.api.post(`/settings/webhooks/${webhook.id}${action}`, { name: "x", url: LOCAL_URL })).status).toBe(404);
    const still = await getWebhook(services.sql, alice.user.dataKey, alice.user.user.id, webhook.id);
    expect(still).toMatchObject({ enabled: true, name: "Heimautomation", previousSecretUntil: null });

    const anonymous = client(app);
    expect((await anonymous.json("/api/v1/webhooks")).status).toBe(401);
    expect((await register(anonymous)).status).toBe(401);
    expect((await anonymous.json(`/api/v1/webhooks/${webhook.id}`)).status).toBe(401);
  });

  test("is in the OpenAPI document with operationIds and both security schemes", async () => {
    const document = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, Record<string, { operationId?: string; security?: unknown }>> };
    const operations = ["/api/v1/webhooks", "/api/v1/webhooks/{webhookId}", "/api/v1/webhooks/{webhookId}/rotate-secret", "/api/v1/webhooks/{webhookId}/deliveries"].flatMap((path) =>
      Object.values(document.paths[path]!),
    );
    expect(operations.map((operation) => operation.operationId).sort()).toEqual([
      "createWebhook",
      "deleteWebhook",
      "getWebhook",
      "listWebhookDeliveries",
      "listWebhooks",
      "rotateWebhookSecret",
      "updateWebhook",
    ]);
    for (const operation of operations) expect(operation.security).toEqual([{ cookieSession: [] }, { bearerToken: [] }]);
  });
});

describe("/settings/webhooks", () => {
  test("registers through the form and shows the secret once; a refused form keeps what was typed", async () => {
    const { user, api } = await signedIn();
    const created = await api.post("/settings/webhooks", { name: "Hausbus", url: LOCAL_URL, "event-message-red": "on", "event-sync-failed": "on" });
    expect(created.status).toBe(201);
    expect(created.headers.get("cache-control")).toBe("no-store");
    const page = await created.text();
    const secret = /whsec_[A-Za-z0-9+/=]+/.exec(page)?.[0];
    expect(secret).toBeDefined();
    expect(page).toContain(t("de", "webhooks.secretOnce"));
    const [row] = await db.sql`select id from webhooks where user_id = ${user.user.id}`;
    const hook = await getWebhook(services.sql, user.dataKey, user.user.id, row!.id);
    expect(hook).toMatchObject({ name: "Hausbus", events: ["message.red", "sync.failed"], includeText: false });
    // Shown once: the hook's page does not show it again.
    expect(await (await api.get(`/settings/webhooks/${hook!.id}`)).text()).not.toContain(secret!);

    const refused = await api.post("/settings/webhooks", { name: "Intern", url: "https://10.0.0.1/hook", "event-message-red": "on" });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain(t("de", "webhooks.error.not_allowed"));
    expect(refusedPage).toContain('value="https://10.0.0.1/hook"');
    const noEvents = await api.post("/settings/webhooks", { name: "Ohne", url: LOCAL_URL });
    expect(noEvents.status).toBe(400);
    expect(await noEvents.text()).toContain(t("de", "webhooks.error.events"));
  });

  test("pause, resume, rotate, edit and delete through forms; a disabled hook shows its notice, in German and English", async () => {
    const { user, api } = await signedIn();
    const { webhook } = (await (await register(api)).json()) as WebhookWithSecret;
    const base = `/settings/webhooks/${webhook.id}`;
    const paused = await api.post(`${base}/pause`);
    expect(paused.status).toBe(303);
    expect(paused.headers.get("location")).toBe(`${base}?done=paused`);
    expect((await getWebhook(services.sql, user.dataKey, user.user.id, webhook.id))!.enabled).toBe(false);
    expect((await api.post(`${base}/resume`)).status).toBe(303);
    const rotated = await api.post(`${base}/rotate`);
    expect(rotated.status).toBe(200);
    expect(await rotated.text()).toMatch(/whsec_[A-Za-z0-9+/=]+/);
    const edited = await api.post(base, { name: "Neu", url: LOCAL_URL, "event-rule-acted": "on", include_text: "on" });
    expect(edited.status).toBe(303);
    expect(await getWebhook(services.sql, user.dataKey, user.user.id, webhook.id)).toMatchObject({ name: "Neu", events: ["rule.acted"], includeText: true });

    await db.sql`update webhooks set disabled_at = now(), consecutive_failures = 10 where id = ${webhook.id}`;
    await db.sql`
      insert into webhook_deliveries (webhook_id, user_id, event_type, event_data, status, attempts, response_status, response_excerpt)
      values (${webhook.id}, ${user.user.id}, 'rule.acted', '{}', 'failed', 8, 503, 'Service <b>Unavailable</b>')`;
    const german = await (await api.get(base)).text();
    expect(german).toContain("Nach Fehlern abgeschaltet");
    expect(german).toContain(t("de", "webhooks.reenable"));
    expect(german).toContain("Service &lt;b&gt;Unavailable&lt;/b&gt;");
    expect(await (await api.get("/settings/webhooks")).text()).toContain("wurde am");
    const english = await (await api.get(base, { Cookie: `lang=en; ${user.cookie}` })).text();
    expect(english).toContain("was disabled on");
    expect(english).toContain(t("en", "webhooks.delivery.status.failed"));

    expect((await api.post(`${base}/resume`)).status).toBe(303);
    expect(await getWebhook(services.sql, user.dataKey, user.user.id, webhook.id)).toMatchObject({ disabledAt: null, consecutiveFailures: 0, enabled: true });
    const deleted = await api.post(`${base}/delete`);
    expect(deleted.headers.get("location")).toBe("/settings/webhooks?done=deleted");
    expect((await api.get(base)).status).toBe(404);
  });
});
