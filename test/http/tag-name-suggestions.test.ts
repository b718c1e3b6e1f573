/**
 * Suggested tag names over HTTP: the JSON API (list, approve with and
 * without a new name, merge, reject, bad input, a name another tag has,
 * another user's ids, signed out) and the forms on /tags without htmx.
 */
import { afterAll, describe, expect, test } from "bun:test";
import type { NameSuggestionList } from "../../src/http/routes/api/v1/tag-name-suggestions-schemas.ts";
import { t } from "../../src/i18n/messages.ts";
import { closeParsePool } from "../../src/mail/parse/parse-message.ts";
import { noteNameCandidates } from "../../src/tags/name-queue.ts";
import { createTag, listTags } from "../../src/tags/store.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, type TestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(async () => {
  await closeParsePool();
  await db.drop();
});
const ORIGIN = { Origin: "http://127.0.0.1:3000" };
const JSON_HEADERS = { ...ORIGIN, "Content-Type": "application/json" };

/** A user with two messages that brought the name (an LLM's: one message is enough to be pending). */
async function withSuggestion(name = "Mieterverein Hamburg") {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const messageIds = await storeMails(services, user, box, [{ subject: "Mieterinfo 1" }, { subject: "Mieterinfo 2" }]);
  for (const id of messageIds) await noteNameCandidates(services.sql, user.dataKey, user.user.id, id, [{ name, source: "llm" }]);
  const api = client(app, { cookie: user.cookie });
  const { suggestions } = (await (await api.json("/api/v1/tag-name-suggestions")).json()) as NameSuggestionList;
  return { user, api, messageIds, id: suggestions[0]!.id };
}

const post = (api: ReturnType<typeof client>, path: string, body?: unknown) =>
  api.json(path, { method: "POST", headers: body === undefined ? ORIGIN : JSON_HEADERS, body: body === undefined ? undefined : JSON.stringify(body) });
const tagNames = async (user: TestUser) => (await listTags(services.sql, user.dataKey, user.user.id)).map((tag) => ({ name: tag.name, messages: tag.messages }));

describe("/api/v1/tag-name-suggestions", () => {
  test("lists the pending names; approve makes the tag and tags the messages", async () => {
    const { user, api, id } = await withSuggestion();
    const list = (await (await api.json("/api/v1/tag-name-suggestions")).json()) as NameSuggestionList;
    expect(list).toEqual({ suggestions: [{ id, name: "Mieterverein Hamburg", source: "llm", occurrences: 2, messages: 2 }] });
    const approved = await post(api, `/api/v1/tag-name-suggestions/${id}/approve`, {});
    expect(approved.status).toBe(201);
    expect(await approved.json()).toMatchObject({ messages: 2 });
    expect(await tagNames(user)).toEqual([{ name: "Mieterverein Hamburg", messages: 2 }]);
    expect(((await (await api.json("/api/v1/tag-name-suggestions")).json()) as NameSuggestionList).suggestions).toEqual([]);
    expect((await post(api, `/api/v1/tag-name-suggestions/${id}/approve`, {})).status).toBe(404);
  });

  test("approve with a name renames; a name another tag has is 409; merge and reject", async () => {
    const renamed = await withSuggestion();
    expect((await post(renamed.api, `/api/v1/tag-name-suggestions/${renamed.id}/approve`, { name: "  Mieterverein " })).status).toBe(201);
    expect(await tagNames(renamed.user)).toEqual([{ name: "Mieterverein", messages: 2 }]);

    const merged = await withSuggestion();
    const home = await createTag(services.sql, merged.user.dataKey, merged.user.user.id, "Wohnung");
    if (!home.ok) throw new Error(home.reason);
    expect((await post(merged.api, `/api/v1/tag-name-suggestions/${merged.id}/approve`, { name: "wohnung" })).status).toBe(409);
    const response = await post(merged.api, `/api/v1/tag-name-suggestions/${merged.id}/merge`, { into: home.tag.id });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ tagId: home.tag.id, messages: 2 });

    const rejected = await withSuggestion();
    expect((await post(rejected.api, `/api/v1/tag-name-suggestions/${rejected.id}/reject`)).status).toBe(204);
    expect((await post(rejected.api, `/api/v1/tag-name-suggestions/${rejected.id}/reject`)).status).toBe(404);
  });

  test("bad input answers 400 in the error envelope", async () => {
    const { api, id } = await withSuggestion();
    for (const [path, body] of [
      ["approve", { name: "" }],
      ["approve", { name: "x".repeat(200) }],
      ["approve", { name: " ".repeat(5) }],
      ["approve", { name: 42 }],
      ["approve", { other: 1 }],
      ["merge", {}],
      ["merge", { into: "not-a-uuid" }],
    ] as const) {
      const response = await post(api, `/api/v1/tag-name-suggestions/${id}/${path}`, body);
      expect({ path, body, status: response.status }).toEqual({ path, body, status: 400 });
      const envelope = (await response.json()) as { error: { code: string; requestId: string } };
      expect(envelope.error.code).toBe("BAD_REQUEST");
      expect(envelope.error.requestId.length).toBeGreaterThan(0);
    }
    expect((await post(api, "/api/v1/tag-name-suggestions/not-a-uuid/reject")).status).toBe(404);
  });

  test("another user's suggestion or tag answers 404 and changes nothing; signed out answers 401", async () => {
    const alice = await withSuggestion();
    const bob = await withSuggestion("Stadtwerke");
    const bobTag = await createTag(services.sql, bob.user.dataKey, bob.user.user.id, "Bobs");
    if (!bobTag.ok) throw new Error(bobTag.reason);
    expect((await post(bob.api, `/api/v1/tag-name-suggestions/${alice.id}/approve`, {})).status).toBe(404);
    expect((await post(bob.api, `/api/v1/tag-name-suggestions/${alice.id}/merge`, { into: bobTag.tag.id })).status).toBe(404);
    expect((await post(bob.api, `/api/v1/tag-name-suggestions/${alice.id}/reject`)).status).toBe(404);
    expect((await post(alice.api, `/api/v1/tag-name-suggestions/${alice.id}/merge`, { into: bobTag.tag.id })).status).toBe(404);
    const list = (await (await alice.api.json("/api/v1/tag-name-suggestions")).json()) as NameSuggestionList;
    expect(list.suggestions.map((suggestion) => suggestion.id)).toEqual([alice.id]);
    expect(await tagNames(alice.user)).toEqual([]);

    const anonymous = client(app);
    expect((await anonymous.json("/api/v1/tag-name-suggestions")).status).toBe(401);
    expect((await post(anonymous, `/api/v1/tag-name-suggestions/${alice.id}/reject`)).status).toBe(401);
  });
});

describe("the queue on /tags", () => {
  test("shows the names with their count, and the forms answer with a redirect and a notice", async () => {
    const { user, id } = await withSuggestion();
    const browser = client(app, { cookie: user.cookie });
    const page = await (await browser.get("/tags")).text();
    expect(page).toContain(`${t("de", "tagQueue.title")} (1)`);
    expect(page).toContain(`action="/tags/name-suggestions/${id}/approve"`);

    const empty = await browser.post(`/tags/name-suggestions/${id}/approve`, { name: "" });
    expect(empty.status).toBe(400);
    const approved = await browser.post(`/tags/name-suggestions/${id}/approve`, { name: "Mieterverein" });
    expect(approved.status).toBe(303);
    const location = approved.headers.get("location")!;
    expect(location).toStartWith("/tags?done=suggestionApproved");
    expect(await (await browser.get(location)).text()).toContain(t("de", "tagQueue.approved", { name: "Mieterverein", count: "2" }));
  });
});
