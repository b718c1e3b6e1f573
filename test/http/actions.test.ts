/**
 * The action UI's routes: archive, done, spam and snooze on the list and the
 * message page, each answered with a notice whose "Rückgängig" puts it back
 * (the journal's undo for server changes, the inverse for the local marks);
 * undo by journal id (page and JSON API), another user's id 404; the recent
 * actions page; a bulk post with nothing selected answered in words.
 * No IMAP server here: a server change is "carried out" by setting its
 * journal entry done, which is all undo looks at.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, FORM_HEADERS } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const idsIn = (html: string) => [...html.matchAll(/data-message-id="([0-9a-f-]{36})"/g)].map((match) => match[1]!);

function post(cookie: string, path: string, fields: [string, string][], htmx = false) {
  return app.request(path, {
    method: "POST",
    headers: { ...FORM_HEADERS, Accept: "text/html", Cookie: cookie, ...(htmx ? { "HX-Request": "true" } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

async function mailbox(count = 3) {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const ids = await storeMails(
    services,
    user,
    box,
    Array.from({ length: count }, (_, index) => ({ subject: `Brief ${index}`, date: new Date(Date.UTC(2026, 10, 20, 12 - index)) })),
  );
  return { user, box, ids };
}

const journal = (userId: string) => db.sql<{ id: string; messageId: string; action: string; state: string; requestedBy: string; undoneBy: string | null }[]>`
  select id, message_id as "messageId", action, state, requested_by as "requestedBy", undone_by as "undoneBy" from action_journal where user_id = ${userId} order by created_at`;

/** What the worker does once the server has answered, as far as undo is concerned. */
const carriedOut = (userId: string) => db.sql`update action_journal set state = 'done', finished_at = now() where user_id = ${userId} and state = 'pending'`;

describe("the list's actions", () => {
  test("archive: journaled, the rows leave the list at once, and the notice's undo puts them back (htmx)", async () => {
    const { user, ids } = await mailbox();
    const archived = await post(
      user.cookie,
      "/messages/bulk",
      [
        ["action", "archive"],
        ["id", ids[0]!],
        ["id", ids[1]!],
        ["back", "/messages?sort=date"],
      ],
      true,
    );
    expect(archived.status).toBe(200);
    const fragment = await archived.text();
    expect(idsIn(fragment)).toEqual([ids[2]!]);
    expect(fragment).toContain(t("de", "actions.notice.archived", { count: "2" }));
    const entries = await journal(user.user.id);
    expect(entries.map((entry) => entry.action)).toEqual(["archive", "archive"]);
    // The notice's form undoes the batch through its first entry, back to the same list.
    expect(fragment).toContain(`action="/actions/${entries[0]!.id}/undo"`);
    expect(fragment).toContain('role="status"');
    expect(fragment).toContain(">Rückgängig</button>");

    await carriedOut(user.user.id);
    const undone = await post(user.cookie, `/actions/${entries[0]!.id}/undo`, [["back", "/messages?sort=date"]], true);
    expect(undone.status).toBe(200);
    expect(await undone.text()).toContain(t("de", "actions.notice.undone"));
    const after = await journal(user.user.id);
    expect(after.filter((entry) => entry.requestedBy === "undo").map((entry) => entry.action)).toEqual(["move", "move"]);
    expect(after.filter((entry) => entry.action === "archive").every((entry) => entry.undoneBy !== null)).toBe(true);

    // A second undo has nothing left: said in words, nothing journaled.
    const again = await post(user.cookie, `/actions/${entries[0]!.id}/undo`, [["back", "/messages"]]);
    expect(again.status).toBe(303);
    expect(again.headers.get("location")).toBe("/messages?bulk=notundoable&count=0&skipped=0");
    expect(await (await client(app, { cookie: user.cookie }).get(again.headers.get("location")!)).text()).toContain(t("de", "actions.notice.notUndoable"));
    expect(await journal(user.user.id)).toHaveLength(4);
  });

  test("done and snooze are undone by their inverse for the same ids; a row's own button acts on that row alone", async () => {
    const { user, ids } = await mailbox();
    const done = await post(user.cookie, "/messages/bulk", [
      ["row", `done:${ids[0]}`],
      ["id", ids[1]!],
      ["back", "/messages"],
    ]);
    expect(done.headers.get("location")).toBe(`/messages?bulk=done&count=1&skipped=0&reopen=${ids[0]}`);
    const page = await (await client(app, { cookie: user.cookie }).get(done.headers.get("location")!)).text();
    expect(idsIn(page)).toEqual([ids[1]!, ids[2]!]);
    // Without JavaScript the notice's undo is a plain form posting the inverse.
    expect(page).toContain('<input type="hidden" name="action" value="undone"/>');
    expect(page).toContain(`<input type="hidden" name="id" value="${ids[0]}"/>`);
    await post(user.cookie, "/messages/bulk", [
      ["action", "undone"],
      ["id", ids[0]!],
      ["back", "/messages"],
    ]);
    expect((await db.sql`select done_at from messages where id = ${ids[0]!}`)[0]!.done_at).toBeNull();

    const snoozed = await post(
      user.cookie,
      "/messages/bulk",
      [
        ["action", "snooze-tomorrow"],
        ["id", ids[1]!],
        ["back", "/messages"],
      ],
      true,
    );
    const fragment = await snoozed.text();
    expect(idsIn(fragment)).toEqual([ids[0]!, ids[2]!]);
    expect(fragment).toContain('<input type="hidden" name="action" value="unsnooze"/>');
    const [row] = await db.sql<{ until: Date }[]>`select snoozed_until as until from messages where id = ${ids[1]!}`;
    expect(row!.until.getTime()).toBeGreaterThan(Date.now());
    const woken = await post(user.cookie, "/messages/bulk", [
      ["action", "unsnooze"],
      ["id", ids[1]!],
      ["back", "/messages"],
    ]);
    expect(woken.headers.get("location")).toBe("/messages?bulk=unsnooze&count=1&skipped=0");
    expect((await db.sql`select snoozed_until from messages where id = ${ids[1]!}`)[0]!.snoozed_until).toBeNull();

    // A date in the past, or one that does not exist, is refused naming the field.
    for (const at of ["2020-01-01T08:00", "2030-02-31T08:00", "morgen"]) {
      const refused = await post(user.cookie, "/messages/bulk", [
        ["action", "snooze-at"],
        ["snoozeAt", at],
        ["id", ids[1]!],
      ]);
      expect(refused.status).toBe(400);
    }
  });

  test("with the Snoozed folder chosen, a snooze is journaled and its undo goes through the journal, waking the ids; another user's ids change nothing", async () => {
    const { user, ids } = await mailbox();
    await db.sql`update users set snooze_moves = true where id = ${user.user.id}`;
    const snoozed = await post(user.cookie, "/messages/bulk", [
      ["action", "snooze-tomorrow"],
      ["id", ids[0]!],
      ["id", ids[1]!],
      ["back", "/messages"],
    ]);
    const entries = await journal(user.user.id);
    expect(entries.map((entry) => [entry.messageId, entry.action, entry.state])).toEqual([
      [ids[0]!, "snooze", "pending"],
      [ids[1]!, "snooze", "pending"],
    ]);
    const location = new URL(snoozed.headers.get("location")!, "http://list");
    expect(location.searchParams.get("undo")).toBe(entries[0]!.id);
    expect(location.searchParams.get("wake")).toBe(`${ids[0]},${ids[1]}`);
    const page = await (await client(app, { cookie: user.cookie }).get(`${location.pathname}${location.search}`)).text();
    expect(idsIn(page)).toEqual([ids[2]!]);
    expect(page).toContain(`action="/actions/${entries[0]!.id}/undo"`);
    expect(page).toContain(`<input type="hidden" name="wake" value="${ids[1]}"/>`);

    // Another user: their snooze of these ids is 404 and journals nothing; their undo of this entry is 404 and wakes nothing.
    const stranger = await createTestUser(services);
    await db.sql`update users set snooze_moves = true where id = ${stranger.user.id}`;
    expect(
      (
        await post(stranger.cookie, "/messages/bulk", [
          ["action", "snooze-tomorrow"],
          ["id", ids[2]!],
          ["back", "/messages"],
        ])
      ).status,
    ).toBe(404);
    expect(
      (
        await post(stranger.cookie, `/actions/${entries[0]!.id}/undo`, [
          ["back", "/messages"],
          ["wake", ids[0]!],
        ])
      ).status,
    ).toBe(404);
    expect(await journal(stranger.user.id)).toHaveLength(0);
    expect((await db.sql`select count(*)::int as n from messages where id = any(${ids}::uuid[]) and snoozed_until is not null`)[0]!.n).toBe(2);

    // The server moved them (what the worker records); the undo wakes both and journals each move back.
    await carriedOut(user.user.id);
    await db.sql`update messages set snooze_moved = true where id = any(${[ids[0]!, ids[1]!]}::uuid[])`;
    const undone = await post(user.cookie, `/actions/${entries[0]!.id}/undo`, [
      ["back", "/messages"],
      ["wake", ids[0]!],
      ["wake", ids[1]!],
    ]);
    expect(undone.headers.get("location")).toBe("/messages?bulk=restored&count=2&skipped=0");
    expect((await db.sql`select count(*)::int as n from messages where id = any(${ids}::uuid[]) and snoozed_until is not null`)[0]!.n).toBe(0);
    // One transaction, one created_at: compared as a set.
    const movesBack = (await journal(user.user.id)).slice(2).map((entry) => [entry.messageId, entry.action, entry.requestedBy]);
    expect(movesBack.sort()).toEqual(
      [
        [ids[0]!, "unsnooze", "undo"],
        [ids[1]!, "unsnooze", "undo"],
      ].sort(),
    );
  });

  test("spam: corrected and moved to Junk in one step; the spam view offers Kein Spam", async () => {
    const { user, ids } = await mailbox();
    const reported = await post(user.cookie, "/messages/bulk", [
      ["action", "spam"],
      ["id", ids[0]!],
      ["back", "/messages"],
    ]);
    const [entry] = await journal(user.user.id);
    expect(entry).toMatchObject({ messageId: ids[0]!, action: "junk" });
    expect(reported.headers.get("location")).toBe(`/messages?bulk=spam&count=1&skipped=0&undo=${entry!.id}`);
    const list = await (await client(app, { cookie: user.cookie }).get("/messages")).text();
    expect(idsIn(list)).not.toContain(ids[0]!);
    const spamView = await (await client(app, { cookie: user.cookie }).get("/messages?spam=yes")).text();
    expect(spamView).toContain(`value="notspam"`);
    expect(spamView).not.toContain(`value="spam"`);
    expect(list).toContain(`value="spam:${ids[1]}"`);

    // A row's own "Kein Spam" for a message the server holds in Junk (as after the move): it moves back to INBOX.
    await carriedOut(user.user.id);
    await db.sql`insert into message_copies (message_id, folder_id, uid, uidvalidity, flags)
      select message_id, (select id from folders where user_id = ${user.user.id} and path = 'Junk'), 99, 1, '{}' from message_copies where message_id = ${ids[0]!}`;
    await db.sql`delete from message_copies where message_id = ${ids[0]!} and folder_id = (select id from folders where user_id = ${user.user.id} and path = 'INBOX')`;
    const notSpam = await post(
      user.cookie,
      "/messages/bulk",
      [
        ["row", `notspam:${ids[0]}`],
        ["back", "/messages?spam=yes"],
      ],
      true,
    );
    expect(idsIn(await notSpam.text())).not.toContain(ids[0]!);
    expect((await journal(user.user.id)).map((entry) => entry.action)).toEqual(["junk", "inbox"]);
  });

  test("with nothing selected, a notice in words instead of an error with a request id", async () => {
    const { user } = await mailbox();
    const none = await post(user.cookie, "/messages/bulk", [
      ["action", "archive"],
      ["back", "/messages"],
    ]);
    expect(none.status).toBe(303);
    const page = await (await client(app, { cookie: user.cookie }).get(none.headers.get("location")!)).text();
    expect(page).toContain(t("de", "list.bulk.none"));
    const htmx = await post(user.cookie, "/messages/bulk", [["action", "done"]], true);
    expect(htmx.status).toBe(200);
    const fragment = await htmx.text();
    expect(fragment).toContain(t("de", "list.bulk.none"));
    expect(fragment).not.toContain("requestId");
    expect(await journal(user.user.id)).toHaveLength(0);
  });
});

describe("undo by journal id", () => {
  test("a click right after the action waits for the server to carry it out, then undoes it", async () => {
    const { user, ids } = await mailbox(1);
    await post(user.cookie, "/messages/bulk", [
      ["action", "archive"],
      ["id", ids[0]!],
    ]);
    const [entry] = await journal(user.user.id);
    // The worker's part, a moment after the click.
    // (A postgres.js query runs once awaited, hence the async callback.)
    setTimeout(async () => {
      await carriedOut(user.user.id);
    }, 300);
    const undone = await post(user.cookie, `/actions/${entry!.id}/undo`, [["back", "/messages"]]);
    expect(undone.headers.get("location")).toBe("/messages?bulk=restored&count=1&skipped=0");
    expect((await journal(user.user.id)).map((row) => [row.action, row.requestedBy])).toEqual([
      ["archive", "user"],
      ["move", "undo"],
    ]);
  });

  test("another user's entry is 404 on the page route and the API, and nothing changes", async () => {
    const owner = await mailbox(1);
    const stranger = await mailbox(1);
    await post(owner.user.cookie, "/messages/bulk", [
      ["action", "archive"],
      ["id", owner.ids[0]!],
    ]);
    await carriedOut(owner.user.user.id);
    const [entry] = await journal(owner.user.user.id);
    const page = await post(stranger.user.cookie, `/actions/${entry!.id}/undo`, [
      ["back", "/messages"],
      ["id", owner.ids[0]!],
    ]);
    expect(page.status).toBe(404);
    const api = await client(app, { cookie: stranger.user.cookie }).json(`/api/v1/actions/${entry!.id}/undo`, { method: "POST", headers: { Origin: "http://127.0.0.1:3000" } });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe("NOT_FOUND");
    expect((await journal(owner.user.user.id)).map((row) => row.undoneBy)).toEqual([null]);
    expect(await journal(stranger.user.user.id)).toHaveLength(0);
    expect((await post(stranger.user.cookie, "/actions/not-an-id/undo", [])).status).toBe(404);
  });

  test("the JSON API undoes once (202), then says there is nothing to undo (409)", async () => {
    const { user, ids } = await mailbox(2);
    await post(user.cookie, "/messages/bulk", [
      ["action", "trash"],
      ["id", ids[0]!],
      ["id", ids[1]!],
    ]);
    const [first] = await journal(user.user.id);
    const api = () => client(app, { cookie: user.cookie }).json(`/api/v1/actions/${first!.id}/undo`, { method: "POST", headers: { Origin: "http://127.0.0.1:3000" } });
    // Not carried out yet: nothing to undo.
    expect((await api()).status).toBe(409);
    await carriedOut(user.user.id);
    const undone = await api();
    expect(undone.status).toBe(202);
    expect(await undone.json()).toEqual({ undone: 2 });
    expect((await api()).status).toBe(409);
  });
});

describe("the message page", () => {
  test("spam, archive, done and snooze answer with a notice and its undo", async () => {
    const { user, ids } = await mailbox(1);
    const id = ids[0]!;
    // Read already: opening it journals no mark_read of its own (read on open), so the journal holds only these actions.
    await db.sql`update messages set seen = true where id = ${id}`;
    const as = client(app, { cookie: user.cookie });
    const page = await (await as.get(`/messages/${id}`)).text();
    expect(page).toContain(">Spam melden</button>");
    expect(page).toContain(">Archivieren</button>");
    expect(page).toContain("Später");

    const spam = await post(user.cookie, `/messages/${id}/spam`, [["spam", "1"]]);
    const [junk] = await journal(user.user.id);
    expect(junk!.action).toBe("junk");
    expect(spam.headers.get("location")).toBe(`/messages/${id}?done=spam&undo=${junk!.id}`);
    const reported = await (await as.get(spam.headers.get("location")!)).text();
    expect(reported).toContain(t("de", "actions.notice.messageSpam"));
    expect(reported).toContain(`action="/actions/${junk!.id}/undo"`);
    // The analysis says spam now: the page offers the way back.
    expect(reported).toContain(">Kein Spam</button>");

    const snoozed = await post(user.cookie, `/messages/${id}/snooze`, [["until", "nextweek"]]);
    expect(snoozed.headers.get("location")).toStartWith(`/messages/${id}?done=snoozed&until=`);
    const snoozedPage = await (await as.get(snoozed.headers.get("location")!)).text();
    expect(snoozedPage).toContain('<input type="hidden" name="until" value="clear"/>');
    expect((await post(user.cookie, `/messages/${id}/snooze`, [["until", "clear"]])).headers.get("location")).toBe(`/messages/${id}?done=unsnoozed`);
    expect((await db.sql`select snoozed_until from messages where id = ${id}`)[0]!.snoozed_until).toBeNull();
    expect((await post(user.cookie, `/messages/${id}/snooze`, [["until", "someday"]])).status).toBe(400);

    const done = await post(user.cookie, `/messages/${id}/done`, [["done", "1"]]);
    expect(done.headers.get("location")).toBe(`/messages/${id}?done=done`);
    expect(await (await as.get(`/messages/${id}?done=done`)).text()).toContain('<input type="hidden" name="done" value="0"/>');
  });
});

describe("GET /actions", () => {
  test("lists the user's actions in words with the subject, state and an undo where possible; not another user's", async () => {
    const { user, ids } = await mailbox(2);
    const other = await mailbox(1);
    await post(user.cookie, "/messages/bulk", [
      ["action", "archive"],
      ["id", ids[0]!],
    ]);
    await carriedOut(user.user.id);
    await post(user.cookie, "/messages/bulk", [
      ["action", "read"],
      ["id", ids[1]!],
    ]);
    await post(other.user.cookie, "/messages/bulk", [
      ["action", "trash"],
      ["id", other.ids[0]!],
    ]);
    for (const lang of ["de", "en"] as const) {
      const page = await (await app.request("/actions", { headers: { Cookie: user.cookie, "Accept-Language": lang, Accept: "text/html" } })).text();
      expect(page).toContain(t(lang, "actions.recent.title"));
      expect(page).toContain(t(lang, "actions.name.archive"));
      expect(page).toContain(t(lang, "actions.name.mark_read"));
      expect(page).toContain(t(lang, "actions.recent.state.done"));
      expect(page).toContain(t(lang, "actions.recent.state.pending"));
      expect(page).toContain("Brief 0");
      expect(page).not.toContain(t(lang, "actions.name.trash"));
    }
    const [archive] = await journal(user.user.id);
    const page = await (await client(app, { cookie: user.cookie }).get("/actions")).text();
    expect(page).toContain(`action="/actions/${archive!.id}/undo"`);
    // The pending "read" offers no undo yet.
    expect(page.match(/\/undo"/g)).toHaveLength(1);

    const undone = await post(user.cookie, `/actions/${archive!.id}/undo`, [["back", "/actions"]]);
    expect(undone.headers.get("location")).toBe("/actions?notice=restored");
    const after = await (await client(app, { cookie: user.cookie }).get("/actions?notice=restored")).text();
    expect(after).toContain(t("de", "actions.notice.undone"));
    expect(after).toContain(t("de", "actions.recent.state.undone"));
    expect(after).toContain(t("de", "actions.recent.byUndo"));
  });
});
