/**
 * GET /actions/status, the fragment the recent actions page polls: the
 * acting user's entries only, polling on while one is pending and off once
 * none is; signed out, a JSON client gets 401.
 */
import { afterAll, expect, test } from "bun:test";
import { t } from "../../src/i18n/messages.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const status = (cookie?: string) => app.request("/actions/status", { headers: { Accept: "text/html", "HX-Request": "true", "Accept-Language": "de", ...(cookie ? { Cookie: cookie } : {}) } });

test("the user's own entries, polling while one is pending; another user's never", async () => {
  const alice = await createTestUser(services);
  const box = await createTestMailbox(services, alice);
  const [messageId] = await storeMails(services, alice, box, [{ subject: "Vertrag Wohnung" }]);
  const [entry] = await db.sql<{ id: string }[]>`
    insert into action_journal (user_id, account_id, message_id, action, params) values (${alice.user.id}, ${box.account.id}, ${messageId!}, 'flag', ${db.sql.json({ action: "flag" })})
    returning id`;

  const pending = await status(alice.cookie);
  expect(pending.status).toBe(200);
  const fragment = await pending.text();
  expect(fragment).toStartWith('<div id="recent-actions"');
  expect(fragment).toContain('hx-get="/actions/status"');
  expect(fragment).toContain('data-pending="true"');
  expect(fragment).toContain(`data-action-id="${entry!.id}"`);
  expect(fragment).toContain(t("de", "actions.recent.state.pending"));
  expect(fragment).toContain("Vertrag Wohnung");
  expect(fragment).not.toContain("<html");

  const bob = await createTestUser(services);
  const other = await (await status(bob.cookie)).text();
  expect(other).not.toContain(entry!.id);
  expect(other).not.toContain("Vertrag Wohnung");
  expect(other).toContain(t("de", "actions.recent.empty"));
  expect(other).not.toContain("hx-get");

  await db.sql`update action_journal set state = 'failed', finished_at = now() where id = ${entry!.id}`;
  const failed = await (await status(alice.cookie)).text();
  expect(failed).toContain(t("de", "actions.recent.state.failed"));
  expect(failed).toContain('data-pending="false"');
  expect(failed).not.toContain("hx-get");
});

test("signed out: 401, no table", async () => {
  const response = await app.request("/actions/status", { headers: { Accept: "application/json" } });
  expect(response.status).toBe(401);
});
