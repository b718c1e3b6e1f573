/**
 * Tags over HTTP: the JSON API (every operation, another user's ids 404,
 * bad input 400), the /tags page's forms, the message page's tag box and
 * notices, the list's chips, bulk tagging with its undo, and `tag:` search.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { TagJson } from "../../src/http/routes/api/v1/tags-schemas.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { makeMessage } from "../support/messages.ts";
import { seedMailbox } from "../mail/render/seed.ts";
import { openTestApp } from "../support/test-app.ts";
import { client } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const ORIGIN = "http://127.0.0.1:3000";
const JSON_HEADERS = { Origin: ORIGIN, "Content-Type": "application/json" };

async function mailbox(subjects = ["Rechnung März", "Vorlesung Analysis"]) {
  const box = await seedMailbox(services);
  const ids: string[] = [];
  for (const [index, subject] of subjects.entries())
    ids.push(await box.store(makeMessage({ from: "shop@example.org", to: "me@example.org", subject, body: `Text ${index}`, messageId: `<tags-${crypto.randomUUID()}@example.org>` })));
  const api = client(app, { cookie: box.user.cookie });
  return { box, ids, api, userId: box.user.user.id };
}

const send = (api: ReturnType<typeof client>, path: string, method: string, body?: unknown) =>
  api.json(path, { method, headers: body === undefined ? { Origin: ORIGIN } : JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });

const form = (api: ReturnType<typeof client>, path: string, fields: Record<string, string>) => api.post(path, fields, { Origin: ORIGIN });

async function createTag(api: ReturnType<typeof client>, name: string, colour?: string) {
  const response = await send(api, "/api/v1/tags", "POST", { name, ...(colour && { colour }) });
  expect(response.status).toBe(201);
  return (await response.json()) as TagJson;
}

describe("/api/v1/tags", () => {
  test("create, list with counts, rename, recolour, merge and delete", async () => {
    const { api, ids } = await mailbox();
    const invoices = await createTag(api, "  Rechnungen\t2026 ", "red");
    expect(invoices).toMatchObject({ name: "Rechnungen 2026", colour: "red", messages: 0 });
    // Unique in any letter case.
    expect((await send(api, "/api/v1/tags", "POST", { name: "rechnungen 2026" })).status).toBe(409);
    const uni = await createTag(api, "Uni");

    expect((await send(api, `/api/v1/messages/${ids[0]}/tags`, "POST", { tagId: invoices.id })).status).toBe(200);
    expect((await send(api, `/api/v1/messages/${ids[1]}/tags`, "POST", { name: "Ärger" })).status).toBe(200);
    let tags = ((await (await api.json("/api/v1/tags")).json()) as { tags: TagJson[] }).tags;
    expect(tags.map(({ name, messages }) => ({ name, messages }))).toEqual([
      { name: "Ärger", messages: 1 },
      { name: "Rechnungen 2026", messages: 1 },
      { name: "Uni", messages: 0 },
    ]);

    const renamed = await send(api, `/api/v1/tags/${uni.id}`, "PATCH", { name: "Universität", colour: "blue" });
    expect(await renamed.json()).toMatchObject({ id: uni.id, name: "Universität", colour: "blue" });
    expect((await send(api, `/api/v1/tags/${uni.id}`, "PATCH", { name: "ärger" })).status).toBe(409);

    const merged = await send(api, `/api/v1/tags/${invoices.id}/merge`, "POST", { into: uni.id });
    expect(await merged.json()).toMatchObject({ messages: 1 });
    expect((await send(api, `/api/v1/tags/${uni.id}/merge`, "POST", { into: uni.id })).status).toBe(400);
    const onMessage = (await (await api.json(`/api/v1/messages/${ids[0]}/tags`)).json()) as { tags: { id: string }[] };
    expect(onMessage.tags.map((tag) => tag.id)).toEqual([uni.id]);

    expect(await (await send(api, `/api/v1/tags/${uni.id}`, "DELETE")).json()).toMatchObject({ messages: 1 });
    tags = ((await (await api.json("/api/v1/tags")).json()) as { tags: TagJson[] }).tags;
    expect(tags.map((tag) => tag.name)).toEqual(["Ärger"]);
  });

  test("bulk on and off, accept and reject a suggestion, and another user's ids answer 404", async () => {
    const alice = await mailbox();
    const bob = await mailbox();
    const tag = await createTag(alice.api, "Projekt");
    const bulk = await send(alice.api, "/api/v1/messages/tags", "POST", { messageIds: [...alice.ids, bob.ids[0]], tagId: tag.id });
    expect(await bulk.json()).toMatchObject({ changed: expect.arrayContaining(alice.ids), notFound: 1 });
    const off = await send(alice.api, "/api/v1/messages/tags", "POST", { messageIds: alice.ids, tagId: tag.id, remove: true });
    expect(((await off.json()) as { changed: string[] }).changed).toHaveLength(2);

    expect((await send(alice.api, `/api/v1/messages/${alice.ids[0]}/tag-suggestions/${tag.id}/reject`, "POST")).status).toBe(200);
    const [rejected] = await db.sql`select 1 from tag_suggestion_rejections where message_id = ${alice.ids[0]!} and tag_id = ${tag.id}`;
    expect(rejected).toBeDefined();
    const accepted = await send(alice.api, `/api/v1/messages/${alice.ids[1]}/tag-suggestions/${tag.id}/accept`, "POST");
    expect(((await accepted.json()) as { changed: string[] }).changed).toEqual([alice.ids[1]!]);
    const [source] = await db.sql`select source from message_tags where message_id = ${alice.ids[1]!} and tag_id = ${tag.id}`;
    expect(source!.source).toBe("ai");

    const bobsTag = await createTag(bob.api, "Geheim");
    for (const [path, method, body] of [
      [`/api/v1/tags/${bobsTag.id}`, "PATCH", { name: "x" }],
      [`/api/v1/tags/${bobsTag.id}`, "DELETE", undefined],
      [`/api/v1/tags/${tag.id}/merge`, "POST", { into: bobsTag.id }],
      [`/api/v1/messages/${alice.ids[0]}/tags`, "POST", { tagId: bobsTag.id }],
      [`/api/v1/messages/${bob.ids[0]}/tags`, "GET", undefined],
      [`/api/v1/messages/${alice.ids[0]}/tags/${bobsTag.id}`, "DELETE", undefined],
      ["/api/v1/messages/tags", "POST", { messageIds: alice.ids, tagId: bobsTag.id }],
      [`/api/v1/messages/${alice.ids[0]}/tag-suggestions/${bobsTag.id}/reject`, "POST", undefined],
    ] as const)
      expect({ path, method, status: (await send(alice.api, path, method, body)).status }).toEqual({ path, method, status: 404 });
    // Bob's tag is untouched.
    expect(((await (await bob.api.json("/api/v1/tags")).json()) as { tags: TagJson[] }).tags.map((entry) => entry.name)).toEqual(["Geheim"]);
  });

  test("bad input answers 400 in the error envelope", async () => {
    const { api, ids } = await mailbox();
    for (const [path, body] of [
      ["/api/v1/tags", { name: "" }],
      ["/api/v1/tags", { name: "   " }],
      ["/api/v1/tags", { name: "x".repeat(61) }],
      ["/api/v1/tags", { name: "Rot", colour: "#ff0000" }],
      [`/api/v1/messages/${ids[0]}/tags`, {}],
      ["/api/v1/messages/tags", { messageIds: [], tagId: crypto.randomUUID() }],
    ] as const) {
      const response = await send(api, path, "POST", body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      expect(await response.json()).toMatchObject({ error: { code: "BAD_REQUEST" } });
    }
  });
});

describe("tag pages", () => {
  test("the /tags page creates, renames and deletes; a duplicate name answers 409 with the reason", async () => {
    const { api } = await mailbox();
    let response = await form(api, "/tags", { name: "Reisen", colour: "green" });
    expect(response.status).toBe(303);
    const page = await (await api.get(response.headers.get("location")!)).text();
    expect(page).toContain("tag tag-c-green");
    expect(page).toContain("Schlagwort „Reisen“ angelegt.");
    response = await form(api, "/tags", { name: "reisen" });
    expect(response.status).toBe(409);
    expect(await response.text()).toContain("Ein Schlagwort „reisen“ gibt es schon.");
    const tagId = /data-tag-id="([0-9a-f-]{36})"/.exec(page)![1]!;
    response = await form(api, `/tags/${tagId}`, { name: "Urlaub", colour: "" });
    expect(response.status).toBe(303);
    const renamed = await (await api.get("/tags")).text();
    expect(renamed).toContain('<span class="tag">Urlaub</span>');
    response = await form(api, `/tags/${tagId}/delete`, {});
    expect(await (await api.get(response.headers.get("location")!)).text()).toContain("Schlagwort gelöscht; von 0 Nachrichten entfernt.");
    expect(await (await api.get("/tags")).text()).not.toContain("Urlaub");
  });

  test("the message page adds by a new name, shows the chip, removes, and offers the inverse as undo", async () => {
    const { api, ids, userId } = await mailbox();
    let response = await form(api, `/messages/${ids[0]}/tags`, { op: "add", name: "Steuer 2026" });
    expect(response.status).toBe(303);
    const [tag] = await db.sql<{ id: string }[]>`select id from tags where user_id = ${userId}`;
    expect(response.headers.get("location")).toBe(`/messages/${ids[0]}?done=tagged&tag=${tag!.id}`);
    let page = await (await api.get(response.headers.get("location")!)).text();
    expect(page).toContain("Schlagwort „Steuer 2026“ hinzugefügt.");
    expect(page).toContain(`data-tag-id="${tag!.id}"`);
    // The undo is the removal.
    expect(page).toMatch(/name="op" value="remove"/);
    response = await form(api, `/messages/${ids[0]}/tags`, { op: "remove", tagId: tag!.id });
    page = await (await api.get(response.headers.get("location")!)).text();
    expect(page).toContain("Schlagwort „Steuer 2026“ entfernt.");
    expect(page).not.toContain(`<li class="tag" data-tag-id="${tag!.id}"`);
    expect((await form(api, `/messages/${ids[0]}/tags`, { op: "add", name: "" })).status).toBe(400);
  });

  test("list rows show their tags; a selection is tagged and the notice's undo takes it off again; tag: searches by name", async () => {
    const { api, ids } = await mailbox();
    const tag = await createTag(api, "Projekt Alpha", "purple");
    let response = await form(api, "/messages/bulk", { action: "tag", tagId: tag.id, id: ids[0]!, back: "/messages" });
    expect(response.status).toBe(303);
    const location = response.headers.get("location")!;
    const list = await (await api.get(location)).text();
    expect(list).toContain('<span class="row-tags"><span class="tag tag-c-purple">Projekt Alpha</span></span>');
    expect(list).toContain("Schlagwort „Projekt Alpha“ zu 1 Nachrichten hinzugefügt.");
    expect(list).toContain('name="action" value="untag"');

    const found = await (await api.get(`/messages?q=${encodeURIComponent('tag:"projekt alpha"')}`)).text();
    expect(found).toContain(`data-message-id="${ids[0]}"`);
    expect(found).not.toContain(`data-message-id="${ids[1]}"`);
    expect(await (await api.get(`/messages?q=${encodeURIComponent("schlagwort:Unbekannt")}`)).text()).not.toContain("data-message-id=");

    response = await form(api, "/messages/bulk", { action: "untag", tagId: tag.id, id: ids[0]!, back: "/messages" });
    expect(await (await api.get(response.headers.get("location")!)).text()).not.toContain("row-tags");
  });
});
