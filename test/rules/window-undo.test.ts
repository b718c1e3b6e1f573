/**
 * Undoing what rules did in a time window, against the real Dovecot: moved
 * mail comes back to INBOX on the server, newest first, each match marked
 * undone; what is still pending is counted and left; a second undo finds
 * nothing; a window of one rule undoes its messages' batches; another user's rule
 * is not found. And a move back by another mail client, seen by a full
 * sync, marks the match moved_back.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { undoRuleWindow } from "../../src/rules/window-undo.ts";
import { openTestApp } from "../support/test-app.ts";
import { processMessages } from "../analysis/support.ts";
import { actionHelpers, inFolder } from "../mail/actions/fixtures.ts";
import { fromLandlord, landlord, ruleFixtures } from "./rule-fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const { folderId, serverUids } = actionHelpers(db, services);
const { mailbox, deliver, addRule, applyPending } = await ruleFixtures(db, services);

const hourAgo = () => new Date(Date.now() - 3_600_000);
const contradictions = async (userId: string) =>
  (await db.sql<{ contradiction: string | null }[]>`select contradiction from rule_matches where user_id = ${userId} order by created_at`).map((row) => row.contradiction);

describe("undo a time window", () => {
  test("brings moved mail back to INBOX on the server; pending changes are counted and left; a second undo finds nothing", async () => {
    const fixture = await mailbox();
    const userId = fixture.user.user.id;
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "move", folderId: wohnung }] });
    const ids = await deliver(fixture, [landlord(1), landlord(2)]);
    await processMessages(services, ids);

    // Not carried out yet: left alone, and said so.
    expect(await undoRuleWindow(db.sql, fixture.user.dataKey, userId, { since: hourAgo() })).toEqual({ messages: 0, undone: 0, pending: 2 });
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "INBOX")).toEqual([]);
    expect(await serverUids(fixture, "Wohnung")).toHaveLength(2);

    // A window that ended before the rules acted undoes nothing.
    expect(await undoRuleWindow(db.sql, fixture.user.dataKey, userId, { since: new Date(Date.now() - 7_200_000), until: hourAgo() })).toEqual({ messages: 0, undone: 0, pending: 0 });

    expect(await undoRuleWindow(db.sql, fixture.user.dataKey, userId, { since: hourAgo() })).toEqual({ messages: 2, undone: 2, pending: 0 });
    expect(await contradictions(userId)).toEqual(["undone", "undone"]);
    expect(await applyPending(fixture)).toBe(2);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(2);
    expect(await serverUids(fixture, "Wohnung")).toEqual([]);

    expect(await undoRuleWindow(db.sql, fixture.user.dataKey, userId, { since: hourAgo() })).toEqual({ messages: 0, undone: 0, pending: 0 });
  });

  test("one rule's window undoes the batches of the messages it matched; another user's rule is not found", async () => {
    const fixture = await mailbox();
    const userId = fixture.user.user.id;
    const wohnung = await folderId(fixture, "Wohnung");
    const mover = await addRule(fixture, { condition: fromLandlord, actions: [{ type: "move", folderId: wohnung }] });
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "flag" }] });
    const ids = await deliver(fixture, [landlord(3)]);
    await processMessages(services, ids);
    await applyPending(fixture);
    // Both rules' actions share the message's batch: undoing one rule's match undoes the batch, as the undo per match does.
    const stranger = await mailbox();
    expect(await undoRuleWindow(db.sql, stranger.user.dataKey, stranger.user.user.id, { since: hourAgo(), ruleId: mover.id })).toBeUndefined();
    expect(await undoRuleWindow(db.sql, fixture.user.dataKey, userId, { since: hourAgo(), ruleId: mover.id })).toEqual({ messages: 1, undone: 2, pending: 0 });
    await applyPending(fixture);
    expect(await serverUids(fixture, "INBOX")).toHaveLength(1);
  });
});

describe("moved back in another mail client", () => {
  test("a full sync finds the filed message back in INBOX and marks its match moved_back", async () => {
    const fixture = await mailbox();
    const userId = fixture.user.user.id;
    const wohnung = await folderId(fixture, "Wohnung");
    await addRule(fixture, { condition: fromLandlord, actions: [{ type: "move", folderId: wohnung }] });
    const ids = await deliver(fixture, [landlord(4), landlord(5)]);
    await processMessages(services, ids);
    await applyPending(fixture);
    const [first] = await serverUids(fixture, "Wohnung");
    await inFolder(fixture, "Wohnung", (client) => client.messageMove(String(first), "INBOX", { uid: true }));
    await fixture.sync();
    expect((await contradictions(userId)).sort()).toEqual(["moved_back", null]);
  });
});
