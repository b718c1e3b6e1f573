/** Rules against the real Dovecot: a synced mailbox with a folder "Wohnung", new mail delivered and synced, rules made, the write-back run as the worker would. */
import { applyMessageAction } from "../../src/mail/actions/apply.ts";
import { parseRuleDefinition, type RuleMode } from "../../src/rules/rule-schema.ts";
import { createRule } from "../../src/rules/store.ts";
import type { Services } from "../../src/services.ts";
import { dovecot } from "../support/dovecot.ts";
import { makeMessage } from "../support/messages.ts";
import type { TestDatabase } from "../support/postgres.ts";
import { syncFixture, withClient, type SyncFixture } from "../mail/sync/fixtures.ts";

export const fromLandlord = { type: "text", field: "from", match: "contains", value: "HAUSVERWALTUNG" };

export const landlord = (n: number) =>
  makeMessage({
    from: "Hausverwaltung Müller <rechnung@hausverwaltung.example>",
    to: "me@example.org",
    subject: `Rechnung ${n}`,
    body: "anbei.",
    messageId: `<hv-${crypto.randomUUID()}@example.org>`,
  });

export async function ruleFixtures(db: TestDatabase, services: Services) {
  const server = await dovecot();

  async function mailbox(): Promise<SyncFixture> {
    const fixture = await syncFixture(services);
    await withClient(fixture, (client) => client.mailboxCreate("Wohnung"));
    await fixture.sync();
    return fixture;
  }

  async function deliver(fixture: SyncFixture, messages: string[]): Promise<string[]> {
    const before = new Set((await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id}`).map((row) => row.id));
    server.seedMaildir(fixture.box.user, "INBOX", messages);
    await fixture.sync();
    const after = await db.sql<{ id: string }[]>`select id from messages where account_id = ${fixture.account.id} order by created_at, id`;
    return after.map((row) => row.id).filter((id) => !before.has(id));
  }

  async function addRule(fixture: SyncFixture, definition: unknown, mode: RuleMode = "act") {
    const parsed = parseRuleDefinition(definition);
    if (!parsed.ok) throw new Error(parsed.message);
    const created = await createRule(db.sql, fixture.user.dataKey, fixture.user.user.id, { name: "Hausverwaltung", mode, definition: parsed.definition });
    if (!created.ok) throw new Error(created.reason);
    return created.rule;
  }

  async function applyPending(fixture: SyncFixture): Promise<number> {
    const pending = await db.sql<{ id: string }[]>`select id from action_journal where user_id = ${fixture.user.user.id} and state = 'pending' order by created_at, id`;
    for (const { id } of pending) await applyMessageAction(services, { journalId: id, userId: fixture.user.user.id, holder: "test" });
    return pending.length;
  }

  return { server, mailbox, deliver, addRule, applyPending };
}
