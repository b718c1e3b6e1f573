/**
 * The review queue of suggested tag names (real PostgreSQL, through the
 * analysis pipeline): a list's or organisation's name enters after it
 * recurred, never from own mail or spam, never when the user has a tag of
 * it; approve (and rename), merge and reject; a rejected name returns only
 * after it keeps recurring; another user's ids are not found.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage, analyseWithProvider } from "../../src/analysis/analyse-message.ts";
import { saveLlmSettings } from "../../src/analysis/llm/index.ts";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { NAME_SUGGESTION_MESSAGES_KEPT, NAME_SUGGESTION_PRUNE_EVERY, NAME_SUGGESTION_RETURN_MIN_MORE } from "../../src/tags/limits.ts";
import { listName, senderName } from "../../src/tags/name-candidates.ts";
import { listNameSuggestions, noteNameCandidates } from "../../src/tags/name-queue.ts";
import { approveNameSuggestion, mergeNameSuggestion, rejectNameSuggestion } from "../../src/tags/name-review.ts";
import { createTag, listTags } from "../../src/tags/store.ts";
import { createTestMailbox, storeMails, type TestMail, type TestMailbox } from "../search/fixtures.ts";
import { defaultAnswer, startLlmStub } from "../support/llm-stub.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";

const { db, services } = await openTestApp();
const stub = await startLlmStub();
afterAll(async () => {
  await stub.close();
  await db.drop();
});

const LIST_ID = "Mieterverein Hamburg <news.mieterverein-hamburg.de>";
const newsletter = (i: number): TestMail => ({
  subject: `Mieterinfo ${i}: Nebenkostenabrechnung prüfen`,
  from: "Mieterverein Hamburg <news@mieterverein-hamburg.de>",
  body: `Liebe Mitglieder,\n\nin Ausgabe ${i} geht es um die Nebenkostenabrechnung.\n\nIhr Mieterverein`,
  headers: { "List-Id": LIST_ID, "List-Unsubscribe": "<https://mieterverein-hamburg.de/abmelden>" },
});

async function owner() {
  const user = await createTestUser(services);
  return { user, box: await createTestMailbox(services, user) };
}

/** Stores the mails and runs their first analysis, as the process_message job does. */
async function arrive(user: TestUser, box: TestMailbox, mails: TestMail[], folder: keyof TestMailbox["folders"] = "INBOX") {
  const ids = await storeMails(services, user, box, mails, folder);
  for (const id of ids) await analyseNewMessage({ sql: services.sql, dataKey: user.dataKey, userId: user.user.id }, id);
  return ids;
}

const queue = (user: TestUser) => listNameSuggestions(services.sql, user.dataKey, user.user.id);
const tagsOn = async (messageIds: string[], tagId: string) => (await db.sql`select message_id from message_tags where tag_id = ${tagId} and message_id = any(${messageIds}::uuid[])`).length;

describe("name candidates", () => {
  test("a list's display phrase or first label; an organisation's display name or its domain label; never freemail", () => {
    expect(listName(LIST_ID)).toBe("Mieterverein Hamburg");
    expect(listName('"Uni Köln  Mathe" <mathe.lists.uni-koeln.de>')).toBe("Uni Köln Mathe");
    expect(listName("<debian-devel.lists.debian.org>")).toBe("debian-devel");
    expect(senderName({ name: "Stadtwerke München", address: "kundenservice@swm.de" })).toBe("Stadtwerke München");
    expect(senderName({ name: "Anna Schmidt", address: "anna.schmidt@uni-koeln.de" })).toBe("Uni-koeln");
    expect(senderName({ name: "Anna Schmidt", address: "anna@gmx.de" })).toBeUndefined();
  });
});

describe("the name queue", () => {
  test("a list name enters after three messages, not before, with the messages that brought it", async () => {
    const { user, box } = await owner();
    await arrive(user, box, [newsletter(1), newsletter(2)]);
    expect(await queue(user)).toEqual([]);
    await arrive(user, box, [newsletter(3)]);
    expect(await queue(user)).toMatchObject([{ name: "Mieterverein Hamburg", source: "list", occurrences: 3, messages: 3 }]);
  });

  test("a recurring organisation sender enters; a person at a freemail address does not", async () => {
    const { user, box } = await owner();
    const bill = (i: number): TestMail => ({ subject: `Ihre Rechnung ${i}`, from: "Stadtwerke München <rechnung@swm.de>", body: `Rechnungsbetrag ${i}0 €` });
    await arrive(user, box, [bill(1), bill(2), bill(3)]);
    await arrive(
      user,
      box,
      [1, 2, 3].map((i) => ({ subject: `Treffen ${i}`, from: "Bernd <bernd@gmx.de>" })),
    );
    expect((await queue(user)).map(({ name, source }) => ({ name, source }))).toEqual([{ name: "Stadtwerke München", source: "sender" }]);
  });

  test("never from the user's own mail or from spam", async () => {
    const { user, box } = await owner();
    await arrive(
      user,
      box,
      [1, 2, 3].map((i) => ({ ...newsletter(i), from: `Ich <${user.user.email}>` })),
    );
    const spam = await arrive(
      user,
      box,
      [1, 2, 3].map((i) => ({
        subject: `Glückwunsch!!! Sie haben gewonnen ${i}`,
        from: "Gewinnspiel <info@gewinn-sofort24.biz>",
        body: "Jetzt Gewinn sichern! Klicken Sie hier und geben Sie Ihre Kreditkartendaten ein.",
        headers: { "X-Spam-Flag": "YES", "List-Id": "Gewinner <gewinner.gewinn-sofort24.biz>" },
      })),
    );
    expect((await readAnalysis(services.sql, user.dataKey, user.user.id, spam[0]!))?.analysis.spam.value).toBe(true);
    expect(await queue(user)).toEqual([]);
    expect((await db.sql`select count(*)::int as n from tag_name_suggestions where user_id = ${user.user.id}`)[0]!.n).toBe(0);
  });

  test("a name the user has a tag of (any letter case) never enters", async () => {
    const { user, box } = await owner();
    await createTag(services.sql, user.dataKey, user.user.id, "mieterverein hamburg");
    await arrive(user, box, [1, 2, 3, 4].map(newsletter));
    expect(await queue(user)).toEqual([]);
  });

  test("a message counts once per name, however often it is noted", async () => {
    const { user, box } = await owner();
    const [id] = await storeMails(services, user, box, [newsletter(1)]);
    for (let i = 0; i < 3; i++) await noteNameCandidates(services.sql, user.dataKey, user.user.id, id!, [{ name: "Mieterverein Hamburg", source: "list" }]);
    const [row] = await db.sql`select occurrences, state from tag_name_suggestions where user_id = ${user.user.id}`;
    expect(row).toEqual({ occurrences: 1, state: "counting" });
  });

  test("only the latest messages are remembered (pruned every hundred), the count goes on", async () => {
    const { user, box } = await owner();
    const ids = await storeMails(
      services,
      user,
      box,
      Array.from({ length: NAME_SUGGESTION_MESSAGES_KEPT + NAME_SUGGESTION_PRUNE_EVERY }, (_, i) => ({ subject: `Ausgabe ${i}` })),
    );
    const note = (id: string) => noteNameCandidates(services.sql, user.dataKey, user.user.id, id, [{ name: "Mieterverein Hamburg", source: "list" }]);
    for (const id of ids.slice(0, -1)) await note(id);
    // Not pruned on every message…
    expect(await queue(user)).toMatchObject([{ occurrences: ids.length - 1, messages: ids.length - 1 }]);
    // …but on every hundredth: the latest are kept, the oldest go.
    await note(ids.at(-1)!);
    expect(await queue(user)).toMatchObject([{ occurrences: ids.length, messages: NAME_SUGGESTION_MESSAGES_KEPT }]);
    expect(await db.sql`select 1 from tag_name_suggestion_messages where message_id = ${ids[0]!}`).toHaveLength(0);
    expect(await db.sql`select 1 from tag_name_suggestion_messages where message_id = ${ids.at(-1)!}`).toHaveLength(1);
  });
});

describe("reviewing a suggested name", () => {
  async function pending() {
    const { user, box } = await owner();
    const ids = await arrive(user, box, [1, 2, 3].map(newsletter));
    const [suggestion] = await queue(user);
    return { user, box, ids, suggestion: suggestion! };
  }

  test("approve makes the tag and puts it on the messages that brought the name", async () => {
    const { user, ids, suggestion } = await pending();
    const result = await approveNameSuggestion(services.sql, user.dataKey, user.user.id, suggestion.id);
    expect(result).toMatchObject({ ok: true, name: "Mieterverein Hamburg", messages: 3 });
    if (!result.ok) throw new Error(result.reason);
    expect(await tagsOn(ids, result.tagId)).toBe(3);
    expect(await queue(user)).toEqual([]);
    expect((await listTags(services.sql, user.dataKey, user.user.id)).map((tag) => tag.name)).toEqual(["Mieterverein Hamburg"]);
  });

  test("approve under an edited name renames; the old name stays quiet however often it recurs", async () => {
    const { user, box, ids, suggestion } = await pending();
    const result = await approveNameSuggestion(services.sql, user.dataKey, user.user.id, suggestion.id, "Mieterverein");
    if (!result.ok) throw new Error(result.reason);
    expect(await tagsOn(ids, result.tagId)).toBe(3);
    expect((await listTags(services.sql, user.dataKey, user.user.id)).map((tag) => tag.name)).toEqual(["Mieterverein"]);
    await arrive(user, box, [4, 5, 6, 7].map(newsletter));
    expect(await queue(user)).toEqual([]);
    expect(await approveNameSuggestion(services.sql, user.dataKey, user.user.id, suggestion.id)).toEqual({ ok: false, reason: "not_found" });
  });

  test("approving a name the user has a tag of is a duplicate and changes nothing", async () => {
    const { user, suggestion } = await pending();
    const existing = await createTag(services.sql, user.dataKey, user.user.id, "Wohnung");
    if (!existing.ok) throw new Error(existing.reason);
    expect(await approveNameSuggestion(services.sql, user.dataKey, user.user.id, suggestion.id, "wohnung")).toEqual({ ok: false, reason: "duplicate", tagId: existing.tag.id });
    expect(await queue(user)).toHaveLength(1);
  });

  test("merge puts an existing tag on the messages and the name leaves the queue", async () => {
    const { user, ids, suggestion } = await pending();
    const home = await createTag(services.sql, user.dataKey, user.user.id, "Wohnung");
    if (!home.ok) throw new Error(home.reason);
    expect(await mergeNameSuggestion(services.sql, user.dataKey, user.user.id, suggestion.id, home.tag.id)).toMatchObject({ ok: true, tagId: home.tag.id, messages: 3 });
    expect(await tagsOn(ids, home.tag.id)).toBe(3);
    expect(await queue(user)).toEqual([]);
  });

  test("a rejected name returns only after it keeps recurring: twice its count at rejection and at least the minimum more", async () => {
    const { user, box, suggestion } = await pending();
    expect(await rejectNameSuggestion(services.sql, user.user.id, suggestion.id)).toBe(true);
    expect(await queue(user)).toEqual([]);
    // Rejected at 3: back at max(6, 3 + NAME_SUGGESTION_RETURN_MIN_MORE).
    const back = Math.max(6, 3 + NAME_SUGGESTION_RETURN_MIN_MORE);
    await arrive(
      user,
      box,
      Array.from({ length: back - 4 }, (_, i) => newsletter(4 + i)),
    );
    expect(await queue(user)).toEqual([]);
    await arrive(user, box, [newsletter(back)]);
    expect(await queue(user)).toMatchObject([{ id: suggestion.id, occurrences: back }]);
  });

  test("another user's suggestion or tag is not found and stays as it was", async () => {
    const alice = await pending();
    const bob = await owner();
    const bobTag = await createTag(services.sql, bob.user.dataKey, bob.user.user.id, "Bobs");
    if (!bobTag.ok) throw new Error(bobTag.reason);
    const aliceTag = await createTag(services.sql, alice.user.dataKey, alice.user.user.id, "Alices");
    if (!aliceTag.ok) throw new Error(aliceTag.reason);
    const id = alice.suggestion.id;
    expect(await approveNameSuggestion(services.sql, bob.user.dataKey, bob.user.user.id, id)).toEqual({ ok: false, reason: "not_found" });
    expect(await mergeNameSuggestion(services.sql, bob.user.dataKey, bob.user.user.id, id, bobTag.tag.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await rejectNameSuggestion(services.sql, bob.user.user.id, id)).toBe(false);
    expect(await mergeNameSuggestion(services.sql, alice.user.dataKey, alice.user.user.id, id, bobTag.tag.id)).toEqual({ ok: false, reason: "not_found" });
    expect(await approveNameSuggestion(services.sql, alice.user.dataKey, alice.user.user.id, "not-a-uuid")).toEqual({ ok: false, reason: "not_found" });
    expect(await queue(alice.user)).toMatchObject([{ id, occurrences: 3 }]);
    expect(await tagsOn(alice.ids, bobTag.tag.id)).toBe(0);
  });
});

describe("an LLM's names", () => {
  async function llmUser() {
    const { user, box } = await owner();
    await saveLlmSettings(services.sql, user.dataKey, user.user.id, {
      kind: "openai",
      baseUrl: stub.url,
      model: "stub-model",
      secondOpinionModel: null,
      apiKey: "sk-test",
      dailyBudget: 20,
      enabled: true,
      timeoutSeconds: 5,
    });
    return { user, box };
  }
  const invoice = { subject: "Beitragsrechnung 2027", from: "Kassenwart <kasse@tsv-eintracht.example>", body: "Hallo,\n\nanbei die Beitragsrechnung für 2027.\n\nDer Kassenwart" };

  test("one message is enough for a name the user has no tag of; one they have is left out", async () => {
    const { user, box } = await llmUser();
    await createTag(services.sql, user.dataKey, user.user.id, "Rechnungen");
    stub.answer = (prompt) => ({ ...defaultAnswer(prompt), newTags: ["TSV Eintracht", "rechnungen"] });
    const [id] = await arrive(user, box, [invoice]);
    expect(await analyseWithProvider({ sql: services.sql, dataKey: user.dataKey, userId: user.user.id }, id!, false)).toBe("analysed");
    expect(await queue(user)).toMatchObject([{ name: "TSV Eintracht", source: "llm", occurrences: 1, messages: 1 }]);
    stub.answer = defaultAnswer;
  });

  test("an answer without newTags still analyses, and adds nothing", async () => {
    const { user, box } = await llmUser();
    stub.answer = defaultAnswer;
    const [id] = await arrive(user, box, [invoice]);
    expect(await analyseWithProvider({ sql: services.sql, dataKey: user.dataKey, userId: user.user.id }, id!, false)).toBe("analysed");
    expect(await queue(user)).toEqual([]);
  });
});
