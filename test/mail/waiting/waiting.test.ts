/**
 * "Waiting for reply" over mail synced from the test Dovecot: a sent
 * message in the Sent folder waits after the user's days; an answer in the
 * INBOX ends it; mail to the user's own address, to a no-reply address and
 * list mail never waits; "Erledigt" and another user's data.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { countWaiting, dismissWaiting, listWaiting, restoreWaiting, setWaitingDays } from "../../../src/mail/waiting/waiting.ts";
import { isNoReplyAddress, waitingFacts } from "../../../src/mail/waiting/facts.ts";
import { remindWaiting } from "../../../src/mail/waiting/remind.ts";
import { dovecot } from "../../support/dovecot.ts";
import { openTestApp } from "../../support/test-app.ts";
import { seedWaitingMailbox } from "./fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

describe("waiting facts", () => {
  test("own sender with any plus tag; no-reply, own-only and list mail expect no reply", () => {
    const me = (address: string) => ({ name: "", address });
    expect(waitingFacts({ from: [me("Me+work@x.org")], to: [me("anna@y.org")] }, ["me@x.org"])).toEqual({ fromOwn: true, expectsReply: true });
    expect(waitingFacts({ from: [me("me@x.org")], to: [me("me+notes@x.org")] }, ["me@x.org"])).toEqual({ fromOwn: true, expectsReply: false });
    expect(waitingFacts({ from: [me("me@x.org")], to: [me("no-reply@shop.example")] }, ["me@x.org"]).expectsReply).toBe(false);
    expect(waitingFacts({ from: [me("me@x.org")], to: [me("list@lists.example")], headers: { "list-id": "<l.lists.example>" } }, ["me@x.org"]).expectsReply).toBe(false);
    expect(waitingFacts({ from: [me("me@x.org")], to: [me("anna@y.org")], headers: { "auto-submitted": "auto-replied" } }, ["me@x.org"]).expectsReply).toBe(false);
    expect(waitingFacts({ from: [me("anna@y.org")], to: [me("me@x.org")] }, ["me@x.org"]).fromOwn).toBe(false);
    expect(["noreply@a.b", "do-not-reply@a.b", "MAILER-DAEMON@a.b", "bounces+123@a.b"].every(isNoReplyAddress)).toBe(true);
    expect(["anna@a.b", "replyteam@a.b", "noah@a.b"].some(isNoReplyAddress)).toBe(false);
  });
});

describe("the waiting list", () => {
  test("lists an unanswered sent message after the user's days; an answer, own-address, no-reply and list mail do not wait", async () => {
    const server = await dovecot();
    const seeded = await seedWaitingMailbox(services, server);
    const page = await listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id);
    expect(page.days).toBe(3);
    expect(page.messages.map((message) => message.subject)).toEqual(["Angebot Gartenhaus"]);
    const [waiting] = page.messages;
    expect(waiting!.recipients.map((entry) => entry.address)).toEqual(["anna@example.net"]);
    expect(waiting!.daysWaiting).toBe(5);
    expect(waiting!.threadId).toBe(seeded.ids["Angebot Gartenhaus"]!.threadId);
    expect(page.next).toBeNull();

    // The answered thread: its newest message is the answer; a younger one (1 day) waits only with a shorter setting.
    expect(await setWaitingDays(services.sql, seeded.fixture.user.user.id, 31)).toBe(false);
    expect(await setWaitingDays(services.sql, seeded.fixture.user.user.id, 1)).toBe(true);
    const shorter = await listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id);
    expect(shorter.messages.map((message) => message.subject).sort()).toEqual(["Angebot Gartenhaus", "Frage zum Termin"]);
    expect(await countWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id)).toBe(2);

    // Keyset pages: one row each, oldest first, no row twice.
    const first = await listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id, { pageSize: 1 });
    const second = await listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id, { pageSize: 1, after: first.next! });
    expect([first.messages[0]!.subject, second.messages[0]!.subject]).toEqual(["Angebot Gartenhaus", "Frage zum Termin"]);
    expect(second.next).toBeNull();

    // An answer arriving now ends the waiting.
    seeded.answer("Frage zum Termin");
    await seeded.fixture.sync();
    expect((await listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id)).messages.map((message) => message.subject)).toEqual(["Angebot Gartenhaus"]);
  });

  test("Erledigt removes a message and can be undone; a reminder snoozes it; another user's ids change nothing", async () => {
    const server = await dovecot();
    const seeded = await seedWaitingMailbox(services, server);
    const other = await seedWaitingMailbox(services, server);
    const { user, dataKey } = seeded.fixture.user;
    const id = seeded.ids["Angebot Gartenhaus"]!.id;

    // The other user sees only their own; my id in their hands does nothing.
    const theirs = await listWaiting(services.sql, other.fixture.user.dataKey, other.fixture.user.user.id);
    expect(theirs.messages.map((message) => message.id)).toEqual([other.ids["Angebot Gartenhaus"]!.id]);
    expect(await dismissWaiting(services.sql, other.fixture.user.user.id, id)).toBe(false);
    expect((await remindWaiting(services.sql, other.fixture.user.user.id, id, "tomorrow", undefined, new Date(), "Europe/Berlin")).ok).toBe(false);
    expect((await listWaiting(services.sql, dataKey, user.id)).messages.map((message) => message.id)).toEqual([id]);

    const reminded = await remindWaiting(services.sql, user.id, id, "tomorrow", undefined, new Date(), "Europe/Berlin");
    expect(reminded.ok).toBe(true);
    const [snoozed] = await db.sql<{ until: Date | null }[]>`select snoozed_until as until from messages where id = ${id}`;
    expect(snoozed!.until?.getTime()).toBe(reminded.ok ? reminded.until.getTime() : 0);
    expect((await listWaiting(services.sql, dataKey, user.id)).messages[0]!.remindAt?.getTime()).toBe(snoozed!.until!.getTime());

    expect(await dismissWaiting(services.sql, user.id, id)).toBe(true);
    expect((await listWaiting(services.sql, dataKey, user.id)).messages).toEqual([]);
    expect(await restoreWaiting(services.sql, user.id, id)).toBe(true);
    expect((await listWaiting(services.sql, dataKey, user.id)).messages.map((message) => message.id)).toEqual([id]);

    // Thrown away: its only copy in Trash, it waits no more.
    await db.sql`
      update message_copies set folder_id = (select id from folders where account_id = ${seeded.fixture.account.id} and special_use = 'trash')
      where message_id = ${id}`;
    expect((await listWaiting(services.sql, dataKey, user.id)).messages).toEqual([]);
  });

  test("a malformed cursor is refused", async () => {
    const server = await dovecot();
    const seeded = await seedWaitingMailbox(services, server);
    await expect(listWaiting(services.sql, seeded.fixture.user.dataKey, seeded.fixture.user.user.id, { after: "bm90LWEtY3Vyc29y" })).rejects.toThrow("invalid waiting cursor");
  });
});
