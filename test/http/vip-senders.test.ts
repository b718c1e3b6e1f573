/**
 * VIP senders over HTTP: the JSON API (list, add, duplicate, bad input,
 * another user's id, signed out), the settings page and the sender
 * statistics, the one-click form on the message page (with and without
 * htmx), and remote content loading for a VIP's mail.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { VipSenderAdded, VipSenderList } from "../../src/http/routes/api/v1/vip-senders-schemas.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { listVipSenders } from "../../src/senders/vip.ts";
import { learnFromLabels } from "../../src/analysis/sender-patterns.ts";
import { htmlMail, seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const JSON_HEADERS = { Origin: "http://127.0.0.1:3000", "Content-Type": "application/json" };

async function signedIn() {
  const user = await createTestUser(services);
  return { user, api: client(app, { cookie: user.cookie }) };
}

const post = (api: ReturnType<typeof client>, body: unknown) => api.json("/api/v1/vip-senders", { method: "POST", headers: JSON_HEADERS, body: JSON.stringify(body) });

describe("/api/v1/vip-senders", () => {
  test("adds an address and a domain, answers a duplicate with the existing entry, lists and removes", async () => {
    const { api } = await signedIn();
    const added = await post(api, { value: "Anna@Example.org" });
    expect(added.status).toBe(201);
    const anna = (await added.json()) as VipSenderAdded;
    expect(anna).toMatchObject({ created: true, vipSender: { kind: "address", value: "anna@example.org" } });
    expect((await post(api, { kind: "domain", value: "uni-koeln.de" })).status).toBe(201);

    const again = await post(api, { value: "anna@example.org" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ created: false, vipSender: { id: anna.vipSender.id } });

    const list = (await (await api.json("/api/v1/vip-senders")).json()) as VipSenderList;
    expect(list.vipSenders.map(({ kind, value }) => ({ kind, value }))).toEqual([
      { kind: "address", value: "anna@example.org" },
      { kind: "domain", value: "uni-koeln.de" },
    ]);

    expect((await api.json(`/api/v1/vip-senders/${anna.vipSender.id}`, { method: "DELETE", headers: { Origin: JSON_HEADERS.Origin } })).status).toBe(204);
    expect((await api.json(`/api/v1/vip-senders/${anna.vipSender.id}`, { method: "DELETE", headers: { Origin: JSON_HEADERS.Origin } })).status).toBe(404);
    expect(((await (await api.json("/api/v1/vip-senders")).json()) as VipSenderList).vipSenders).toHaveLength(1);
  });

  test("bad input answers 400 in the error envelope", async () => {
    const { api } = await signedIn();
    for (const body of [
      {},
      { value: "" },
      { value: "not a domain" },
      { value: "anna@example.org", kind: "domain" },
      { value: "x.example", kind: "person" },
      { value: "x.example", extra: 1 },
      { value: 42 },
    ]) {
      const response = await post(api, body);
      expect(response.status).toBe(400);
      const envelope = (await response.json()) as { error: { code: string; message: string; requestId: string } };
      expect(envelope.error.code).toBe("BAD_REQUEST");
      expect(envelope.error.requestId.length).toBeGreaterThan(0);
    }
    const garbled = await api.json("/api/v1/vip-senders", { method: "POST", headers: JSON_HEADERS, body: "{" });
    expect(garbled.status).toBe(400);
    expect((await api.json("/api/v1/vip-senders/not-a-uuid", { method: "DELETE", headers: { Origin: JSON_HEADERS.Origin } })).status).toBe(404);
  });

  test("another user's id answers 404 and removes nothing; signed out answers 401", async () => {
    const alice = await signedIn();
    const { vipSender } = (await (await post(alice.api, { value: "boss@example.org" })).json()) as VipSenderAdded;
    const bob = await signedIn();
    expect((await bob.api.json(`/api/v1/vip-senders/${vipSender.id}`, { method: "DELETE", headers: { Origin: JSON_HEADERS.Origin } })).status).toBe(404);
    expect(await (await bob.api.json("/api/v1/vip-senders")).json()).toEqual({ vipSenders: [] });
    expect(await listVipSenders(services.sql, alice.user.dataKey, alice.user.user.id)).toHaveLength(1);

    const anonymous = client(app);
    expect((await anonymous.json("/api/v1/vip-senders")).status).toBe(401);
    expect((await post(anonymous, { value: "x.example" })).status).toBe(401);
    expect((await anonymous.json(`/api/v1/vip-senders/${vipSender.id}`, { method: "DELETE", headers: { Origin: JSON_HEADERS.Origin } })).status).toBe(401);
  });

  test("is in the OpenAPI document", async () => {
    const document = (await (await app.request("/api/openapi.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(document.paths["/api/v1/vip-senders"]!).sort()).toEqual(["get", "post"]);
    expect(Object.keys(document.paths["/api/v1/vip-senders/{vipSenderId}"]!)).toEqual(["delete"]);
  });
});

describe("/settings/vip-senders", () => {
  test("adds, keeps a refused entry in the form with its reason, removes; the statistics mark VIPs", async () => {
    const { user, api } = await signedIn();
    const added = await api.post("/settings/vip-senders", { value: "vip-firma.example", kind: "" });
    expect(added.status).toBe(303);
    expect(added.headers.get("location")).toMatch(/^\/settings\/vip-senders\?done=added&entry=/);
    const page = await (await api.get(added.headers.get("location")!)).text();
    expect(page).toContain(t("de", "vip.notice.added", { value: "vip-firma.example" }));

    const refused = await api.post("/settings/vip-senders", { value: "kein domain", kind: "" });
    expect(refused.status).toBe(400);
    const refusedPage = await refused.text();
    expect(refusedPage).toContain(t("de", "vip.error.invalid_domain"));
    expect(refusedPage).toContain('value="kein domain"');
    expect((await api.post("/settings/vip-senders", { value: "x.example", kind: "person" })).status).toBe(400);

    const [entry] = await listVipSenders(services.sql, user.dataKey, user.user.id);
    const stranger = await signedIn();
    expect((await stranger.api.post(`/settings/vip-senders/${entry!.id}/remove`)).status).toBe(404);
    expect(await (await stranger.api.get("/settings/vip-senders")).text()).not.toContain("vip-firma.example");

    // The sender statistics mark a sender the domain covers, and only that one.
    await learnFromLabels(services.sql, user.dataKey, user.user.id, "chef@mail.vip-firma.example", [{ field: "spam", from: "true", to: "false" }]);
    await learnFromLabels(services.sql, user.dataKey, user.user.id, "info@other.example", [{ field: "spam", from: "true", to: "false" }]);
    const stats = await (await api.get("/settings/senders")).text();
    expect(stats).toContain('href="/settings/vip-senders"');
    expect(stats.match(/class="mh-badge vip-badge"/g)).toHaveLength(1);
    expect(stats).toMatch(/chef@mail\.vip-firma\.example <span class="mh-badge vip-badge">/);

    const removed = await api.post(`/settings/vip-senders/${entry!.id}/remove`);
    expect(removed.status).toBe(303);
    expect(await listVipSenders(services.sql, user.dataKey, user.user.id)).toEqual([]);
  });
});

describe("the message page", () => {
  test("one click marks the sender a VIP and takes it back, with and without htmx; a VIP's mail loads remote content", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Bericht", from: "Chefin <Chefin@Firma.example>", html: `<p>Hallo</p><img src="https://images.example.net/chart.png" alt="Chart">` }));
    const browser = client(app, { cookie: box.user.cookie });
    const before = await (await browser.get(`/messages/${id}`)).text();
    expect(before).toContain(`action="/messages/${id}/vip"`);
    expect(before).toContain(t("de", "vip.mark"));
    expect(await (await browser.get(`/messages/${id}/body`)).text()).not.toContain("images.example.net");

    const marked = await browser.post(`/messages/${id}/vip`, { vip: "on" });
    expect(marked.status).toBe(303);
    expect(marked.headers.get("location")).toBe(`/messages/${id}?done=vip`);
    expect((await listVipSenders(services.sql, box.user.dataKey, box.user.user.id)).map(({ kind, value }) => ({ kind, value }))).toEqual([{ kind: "address", value: "chefin@firma.example" }]);
    const after = await (await browser.get(`/messages/${id}?done=vip`)).text();
    expect(after).toContain(t("de", "vip.unmark"));
    expect(after).toContain(t("de", "vip.notice.markedFromMessage"));
    expect(after).toContain(t("de", "vip.remoteLoaded"));
    const body = await browser.get(`/messages/${id}/body`);
    expect(body.headers.get("content-security-policy")).toContain("img-src data: https:;");
    expect(await body.text()).toContain('src="https://images.example.net/chart.png"');

    // htmx posts the same form and is told where to go.
    const unmarked = await browser.post(`/messages/${id}/vip`, { vip: "off" }, { "HX-Request": "true" });
    expect(unmarked.status).toBe(204);
    expect(unmarked.headers.get("hx-redirect")).toBe(`/messages/${id}?done=unvip`);
    expect(await listVipSenders(services.sql, box.user.dataKey, box.user.user.id)).toEqual([]);
    expect(await (await browser.get(`/messages/${id}/body`)).text()).not.toContain("images.example.net");

    expect((await browser.post(`/messages/${id}/vip`, { vip: "maybe" })).status).toBe(400);
    const stranger = client(app, { cookie: (await createTestUser(services)).cookie });
    expect((await stranger.post(`/messages/${id}/vip`, { vip: "on" })).status).toBe(404);
  });

  test("a sender that is a VIP through its domain links to the list instead of removing the domain", async () => {
    const box = await seedMailbox(services);
    const id = await box.store(htmlMail({ subject: "Rundschreiben", from: "Dekanat <dekanat@phil.uni-koeln.de>", html: "<p>Hallo</p>" }));
    const browser = client(app, { cookie: box.user.cookie });
    await browser.post("/settings/vip-senders", { value: "uni-koeln.de" });
    const page = await (await browser.get(`/messages/${id}`)).text();
    expect(page).toContain(t("de", "vip.byDomain", { domain: "uni-koeln.de" }));
    expect(page).not.toContain(`action="/messages/${id}/vip"`);
  });
});
