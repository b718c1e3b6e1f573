/**
 * Bulk actions on the list: done is local and immediate; read, flag, move
 * and trash are journaled server changes, one entry and job per message.
 * With htmx the list comes back swapped; without, a redirect to the list.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser, FORM_HEADERS } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const idsIn = (html: string) => [...html.matchAll(/data-message-id="([0-9a-f-]{36})"/g)].map((match) => match[1]!);

/** A form post with repeated `id` fields, as the browser sends the checked boxes. */
function post(cookie: string, fields: [string, string][], htmx = false) {
  return app.request("/messages/bulk", {
    method: "POST",
    headers: { ...FORM_HEADERS, Accept: "text/html", Cookie: cookie, ...(htmx ? { "HX-Request": "true" } : {}) },
    body: new URLSearchParams(fields).toString(),
  });
}

async function mailbox() {
  const user = await createTestUser(services);
  const box = await createTestMailbox(services, user);
  const ids = await storeMails(
    services,
    user,
    box,
    Array.from({ length: 5 }, (_, index) => ({ subject: `Nachricht ${index}`, date: new Date(Date.UTC(2026, 10, 20, 12 - index)) })),
  );
  return { user, box, ids };
}

const journal = (userId: string) => db.sql<{ messageId: string; action: string; params: Record<string, string> }[]>`
  select message_id as "messageId", action, params from action_journal where user_id = ${userId} order by created_at`;

describe("POST /messages/bulk", () => {
  test("done removes messages from the open list at once; undone brings them back", async () => {
    const { user, ids } = await mailbox();
    const response = await post(user.cookie, [
      ["action", "done"],
      ["id", ids[0]!],
      ["id", ids[1]!],
      ["back", "/messages?sort=date"],
    ]);
    expect(response.status).toBe(303);
    // The undo of a done reopens the same messages: their ids travel with the notice.
    expect(response.headers.get("location")).toBe(`/messages?sort=date&bulk=done&count=2&skipped=0&reopen=${ids[0]}%2C${ids[1]}`);
    const page = await (await client(app, { cookie: user.cookie }).get(response.headers.get("location")!)).text();
    expect(idsIn(page)).toEqual(ids.slice(2));
    expect(page).toContain("2 als erledigt markiert.");
    const done = await (await client(app, { cookie: user.cookie }).get("/messages?done=done")).text();
    expect(idsIn(done).sort()).toEqual(ids.slice(0, 2).sort());
    expect(await journal(user.user.id)).toHaveLength(0);

    await post(user.cookie, [
      ["action", "undone"],
      ["id", ids[0]!],
      ["back", "/messages"],
    ]);
    const open = await (await client(app, { cookie: user.cookie }).get("/messages?sort=date")).text();
    expect(idsIn(open)).toEqual([ids[0]!, ...ids.slice(2)]);
  });

  test("read, flag, move and trash journal one entry per message and queue its job; trashed rows leave the list", async () => {
    const { user, box, ids } = await mailbox();
    for (const [action, journaled] of [
      ["read", "mark_read"],
      ["unread", "mark_unread"],
      ["flag", "flag"],
      ["unflag", "unflag"],
    ] as const) {
      const response = await post(user.cookie, [
        ["action", action],
        ["id", ids[0]!],
        ["id", ids[1]!],
        ["back", "/messages"],
      ]);
      expect(response.status).toBe(303);
      const entries = (await journal(user.user.id)).filter((entry) => entry.action === journaled);
      expect(entries.map((entry) => entry.messageId).sort()).toEqual([ids[0]!, ids[1]!].sort());
    }
    await post(user.cookie, [
      ["action", "move"],
      ["folderId", box.folders.Archive.id],
      ["id", ids[2]!],
      ["back", "/messages"],
    ]);
    const [move] = (await journal(user.user.id)).filter((entry) => entry.action === "move");
    expect(move).toMatchObject({ messageId: ids[2]!, params: { action: "move", folderId: box.folders.Archive.id } });

    const trashed = await post(
      user.cookie,
      [
        ["action", "trash"],
        ["id", ids[3]!],
        ["back", "/messages?sort=date"],
      ],
      true,
    );
    expect(trashed.status).toBe(200);
    const fragment = await trashed.text();
    expect(fragment).toContain('id="message-list"');
    expect(fragment).toContain("1 in den Papierkorb verschoben.");
    expect(idsIn(fragment)).not.toContain(ids[3]!);
    expect(idsIn(fragment)).toContain(ids[4]!);
    const [jobs] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = 'apply_message_action'`;
    expect(jobs!.n).toBe(10);
  });

  test("a folder of another account is skipped; another user's ids are 404 and change nothing", async () => {
    const { user, ids } = await mailbox();
    const stranger = await mailbox();
    const moved = await post(user.cookie, [
      ["action", "move"],
      ["folderId", stranger.box.folders.Archive.id],
      ["id", ids[0]!],
      ["back", "/messages"],
    ]);
    expect(moved.headers.get("location")).toBe("/messages?bulk=move&count=0&skipped=1");
    expect(await journal(user.user.id)).toHaveLength(0);

    for (const action of ["done", "trash"]) {
      const response = await post(user.cookie, [
        ["action", action],
        ["id", stranger.ids[0]!],
      ]);
      expect(response.status).toBe(404);
    }
    expect(await journal(stranger.user.user.id)).toHaveLength(0);
    const [row] = await db.sql`select done_at from messages where id = ${stranger.ids[0]!}`;
    expect(row!.done_at).toBeNull();
    // Mixed: the user's own are changed, the other's skipped.
    const mixed = await post(user.cookie, [
      ["action", "done"],
      ["id", ids[1]!],
      ["id", stranger.ids[1]!],
    ]);
    expect(mixed.headers.get("location")).toStartWith("/messages?bulk=done&count=1&skipped=1&reopen=");
  });

  test("refuses an unknown action, a bad id and a move without folder; an outside back address is ignored", async () => {
    const { user, ids } = await mailbox();
    expect(
      (
        await post(user.cookie, [
          ["action", "explode"],
          ["id", ids[0]!],
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await post(user.cookie, [
          ["action", "done"],
          ["id", "nope"],
        ])
      ).status,
    ).toBe(400);
    expect(
      (
        await post(user.cookie, [
          ["action", "move"],
          ["id", ids[0]!],
        ])
      ).status,
    ).toBe(400);
    const outside = await post(user.cookie, [
      ["action", "done"],
      ["id", ids[0]!],
      ["back", "//evil.example/messages"],
    ]);
    expect(outside.headers.get("location")).toBe(`/messages?bulk=done&count=1&skipped=0&reopen=${ids[0]}`);
  });
});
