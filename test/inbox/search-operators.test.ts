/**
 * The search operators against mail stored through the real sync path:
 * phrases, from:/to: through the blind index, has:attachment, in:, is:,
 * done mail found by a search, and nothing of another user's.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails, type TestMailbox } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

let alice: TestUser;
let bob: TestUser;
let box: TestMailbox;
const ids: Record<string, string> = {};
let bobsMail: string;

/** A folder of the user's account that is no role, holding one existing message. */
async function folderWith(user: TestUser, mailbox: TestMailbox, name: string, messageId: string): Promise<void> {
  const [folder] = await db.sql`
    insert into folders (account_id, user_id, path, name, delimiter) values (${mailbox.account.id}, ${user.user.id}, ${`Kunden/${name}`}, ${name}, '/') returning id`;
  await db.sql`insert into message_copies (message_id, folder_id, uidvalidity, uid) values (${messageId}, ${folder!.id}, 1, 1)`;
}

beforeAll(async () => {
  alice = await createTestUser(services);
  bob = await createTestUser(services);
  box = await createTestMailbox(services, alice);
  const [invoice, offer, meeting] = await storeMails(services, alice, box, [
    { subject: "Rechnung März", from: "Anna Schmidt <anna@example.org>", body: "Die Rechnung für März liegt bei.", flags: ["\\Seen"] },
    { subject: "Angebot", from: "Bob Meier <bob@firma.de>", to: "Anna Schmidt <anna@example.org>", body: "Die Rechnung folgt im April.", flags: ["\\Seen"] },
    { subject: "Terminanfrage", from: "Carla Berg <carla@example.org>", body: "Ein Termin im März?", flags: ["\\Flagged"] },
  ]);
  const [archived] = await storeMails(services, alice, box, [{ subject: "Alte Rechnung", from: "Anna Schmidt <anna@example.org>" }], "Archive");
  const [junk] = await storeMails(services, alice, box, [{ subject: "Gewinn", from: "Gewinnspiel <info@gewinn.biz>", body: "Ihre Rechnung: 0 EUR" }], "Junk");
  Object.assign(ids, { invoice, offer, meeting, archived, junk });
  await db.sql`update messages set done_at = now(), has_attachments = true where id = ${meeting!}`;
  await folderWith(alice, box, "Projekte", offer!);

  const bobsBox = await createTestMailbox(services, bob, "Bob");
  bobsMail = (await storeMails(services, bob, bobsBox, [{ subject: "Rechnung März", from: "Anna Schmidt <anna@example.org>", to: "Anna Schmidt <anna@example.org>" }]))[0]!;
  await folderWith(bob, bobsBox, "Geheim", bobsMail);
});

const search = async (user: TestUser, q: string, params: Record<string, string> = {}) => {
  const page = await listMessages(services.sql, user.dataKey, user.user.id, parseListQuery({ q, ...params }));
  return { ids: page.messages.map((message) => message.id).sort(), tooShort: page.searchTooShort };
};
const these = (...names: string[]) => ({ ids: names.map((name) => ids[name]!).sort(), tooShort: false });

describe("search operators", () => {
  test("words find their prefixes; a phrase needs all its words; Junk stays out unless asked for", async () => {
    expect(await search(alice, "Rech")).toEqual(these("invoice", "offer", "archived"));
    expect(await search(alice, '"Rechnung März"')).toEqual(these("invoice"));
    expect(await search(alice, '"März Rechnung"')).toEqual(these("invoice"));
    expect(await search(alice, "rechnung", { spam: "all" })).toEqual(these("invoice", "offer", "archived"));
    expect(await search(alice, "rechnung in:spam")).toEqual(these("junk"));
  });

  test("from: and to: look at the sender and the recipients only", async () => {
    expect(await search(alice, "from:anna")).toEqual(these("invoice", "archived"));
    expect(await search(alice, "von:anna@example.org")).toEqual(these("invoice", "archived"));
    expect(await search(alice, 'from:"Anna Schmidt" rechnung märz')).toEqual(these("invoice"));
    expect(await search(alice, "to:anna")).toEqual(these("offer"));
    expect(await search(alice, "an:schmidt rechnung")).toEqual(these("offer"));
    // Bob writes from firma.de: every word of an address must be the sender's.
    expect(await search(alice, "from:bob@example.org")).toEqual(these());
    // A word that is only in the body is not a sender.
    expect(await search(alice, "from:rechnung")).toEqual(these());
  });

  test("has:attachment, is:unread, is:read, is:flagged, is:done", async () => {
    expect(await search(alice, "has:attachment")).toEqual(these("meeting"));
    expect(await search(alice, "hat:anhang")).toEqual(these("meeting"));
    expect(await search(alice, "is:unread")).toEqual(these("meeting", "archived"));
    expect(await search(alice, "ist:gelesen")).toEqual(these("invoice", "offer"));
    expect(await search(alice, "is:flagged")).toEqual(these("meeting"));
    expect(await search(alice, "ist:erledigt")).toEqual(these("meeting"));
  });

  test("a search covers done mail by default; the done filter still narrows it", async () => {
    expect(await search(alice, "termin")).toEqual(these("meeting"));
    expect(await search(alice, "termin", { done: "open" })).toEqual(these());
    // The list without a search still hides it.
    const open = await listMessages(services.sql, alice.dataKey, alice.user.id, parseListQuery({}));
    expect(open.messages.map((message) => message.id)).not.toContain(ids.meeting!);
  });

  test("in: a role in any letter case and language, or a folder by name; Junk and Trash are searchable that way", async () => {
    expect(await search(alice, "in:archive")).toEqual(these("archived"));
    expect(await search(alice, "in:Archiv rechnung")).toEqual(these("archived"));
    expect(await search(alice, "in:spam")).toEqual(these("junk"));
    expect(await search(alice, "in:junk rechnung")).toEqual(these("junk"));
    expect(await search(alice, "in:projekte")).toEqual(these("offer"));
    expect(await search(alice, 'in:"Kunden/Projekte"')).toEqual(these("offer"));
    expect(await search(alice, "in:posteingang rechnung")).toEqual(these("invoice", "offer"));
    expect(await search(alice, "in:nirgendwo")).toEqual(these());
  });

  test("a search with nothing long enough to look for says so", async () => {
    expect((await search(alice, "a")).tooShort).toBe(true);
    expect((await search(alice, "from:x rechnung")).tooShort).toBe(true);
    expect(await search(alice, "a rechnung märz")).toEqual(these("invoice"));
  });

  test("another user's mail and folders are never found, whatever the operator", async () => {
    for (const q of ["rechnung", "from:anna", "to:anna", "in:geheim", "in:inbox", "is:unread", '"Rechnung März"']) {
      expect({ q, found: (await search(alice, q)).ids.includes(bobsMail) }).toEqual({ q, found: false });
    }
    expect(await search(alice, "in:geheim")).toEqual(these());
    expect((await search(bob, "to:anna")).ids).toEqual([bobsMail]);
    expect((await search(bob, "in:geheim")).ids).toEqual([bobsMail]);
    expect((await search(bob, "rechnung")).ids).toEqual([bobsMail]);
  });
});
