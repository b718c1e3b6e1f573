/** Similar messages: conversation and sender first, then shared distinctive words; the user's own mail only. */
import { afterAll, describe, expect, test } from "bun:test";
import { rememberSender } from "../../src/analysis/sender-patterns.ts";
import { similarMessageIds, similarMessages } from "../../src/inbox/similar-messages.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails, type TestMail } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const INVOICE = "Ihre Rechnung Nummer 4711 für den Stromvertrag Sonnenwind Tarif Kilowattstunden Abschlag Zählerstand";
const filler = (index: number): TestMail => ({
  subject: `Wochenbericht ${index}`,
  from: `Kollege ${index} <kollege${index}@firma.example>`,
  body: `Hallo, anbei der Bericht zu Projekt Gartenbau und Kantine Nummer ${index}. Viele Grüße`,
});

/** A mailbox: fillers, the message looked at, a near-duplicate, an unrelated mail, a thread mate and a sender mate. */
async function mailbox(owner: TestUser) {
  const box = await createTestMailbox(services, owner);
  const mails: TestMail[] = [
    { subject: "Stromrechnung Oktober", from: "Stadtwerke <rechnung@stadtwerke.example>", body: INVOICE },
    { subject: "Stromrechnung November", from: "Energie Versand <versand@energie.example>", body: `${INVOICE} Dezember` },
    { subject: "Einladung Sommerfest", from: "Verein <info@verein.example>", body: "Wir feiern am Samstag mit Grill, Musik und Kuchen im Vereinsheim." },
    { subject: "Re: Frage", from: "Bert <bert@example.net>", body: "Kurze Antwort auf deine Frage zum Urlaub." },
    { subject: "Zählerablesung", from: "Stadtwerke <rechnung@stadtwerke.example>", body: "Bitte lesen Sie den Zähler bis Freitag ab." },
    ...Array.from({ length: 30 }, (_, index) => filler(index)),
  ];
  const [source, duplicate, unrelated, threadMate, senderMate, ...fillers] = await storeMails(services, owner, box, mails);
  await db.sql`update messages set thread_id = (select thread_id from messages where id = ${source!}) where id = ${threadMate!}`;
  for (const [id, sender] of [
    [source!, "rechnung@stadtwerke.example"],
    [senderMate!, "rechnung@stadtwerke.example"],
    [duplicate!, "versand@energie.example"],
  ] as const)
    await rememberSender(db.sql, owner.dataKey, owner.user.id, id, sender);
  return { box, source: source!, duplicate: duplicate!, unrelated: unrelated!, threadMate: threadMate!, senderMate: senderMate!, fillers };
}

describe("similarMessages", () => {
  test("same conversation, then same sender, then the near-duplicate; unrelated mail is not listed", async () => {
    const owner = await createTestUser(services);
    const mail = await mailbox(owner);
    const similar = await similarMessages(db.sql, owner.dataKey, owner.user.id, mail.source);
    expect(similar.slice(0, 3).map((entry) => entry.id)).toEqual([mail.threadMate, mail.senderMate, mail.duplicate]);
    expect(similar[0]!.reasons).toEqual(["sameThread"]);
    expect(similar[1]!.reasons).toContain("sameSender");
    expect(similar[2]).toMatchObject({ reasons: ["similarText"], subject: "Stromrechnung November", from: { address: "versand@energie.example" } });
    expect(similar[2]!.textScore).toBeGreaterThan(0.5);
    expect(similar.map((entry) => entry.id)).not.toContain(mail.unrelated);
    expect(similar.map((entry) => entry.id)).not.toContain(mail.source);
    expect(await similarMessageIds(db.sql, owner.user.id, mail.source, 3)).toEqual([mail.threadMate, mail.senderMate, mail.duplicate]);
  });

  test("another user's identical mail never appears, and their id finds nothing", async () => {
    const owner = await createTestUser(services);
    const other = await createTestUser(services);
    const mine = await mailbox(owner);
    const theirs = await mailbox(other);
    // The same thread id and sender hash column values as the owner's, the worst case for a query that forgot the user.
    await db.sql`update messages set thread_id = (select thread_id from messages where id = ${mine.source}) where id in (${theirs.source}, ${theirs.threadMate})`;
    await db.sql`update messages set sender_hash = (select sender_hash from messages where id = ${mine.source}) where id in (${theirs.senderMate}, ${theirs.duplicate})`;
    const ids = await similarMessageIds(db.sql, owner.user.id, mine.source, 50);
    const theirIds = [theirs.source, theirs.duplicate, theirs.threadMate, theirs.senderMate, theirs.unrelated, ...theirs.fillers];
    expect(ids.filter((id) => theirIds.includes(id))).toEqual([]);
    expect(ids).toContain(mine.duplicate);
    expect(await similarMessageIds(db.sql, owner.user.id, theirs.source)).toEqual([]);
    expect(await similarMessageIds(db.sql, owner.user.id, "not-a-uuid")).toEqual([]);
  });

  test("a message not indexed yet still finds its conversation and its sender's mail", async () => {
    const owner = await createTestUser(services);
    const mail = await mailbox(owner);
    await db.sql`update messages set search_tokens = null where id = ${mail.source}`;
    const similar = await similarMessages(db.sql, owner.dataKey, owner.user.id, mail.source);
    expect(similar.map((entry) => entry.id)).toEqual([mail.threadMate, mail.senderMate]);
  });

  test("leaves out what the list leaves out: trashed, spam, orphaned", async () => {
    const owner = await createTestUser(services);
    const mail = await mailbox(owner);
    await db.sql`update messages set spam = true where id = ${mail.threadMate}`;
    await db.sql`update messages set orphaned_at = now() where id = ${mail.senderMate}`;
    await db.sql`update message_copies set folder_id = ${mail.box.folders.Trash.id} where message_id = ${mail.duplicate}`;
    expect(await similarMessageIds(db.sql, owner.user.id, mail.source)).toEqual([]);
  });
});
