/**
 * A new message's analysis and its sender-pattern vote commit together: a
 * failure in the vote (a trigger on the real table raising) leaves neither,
 * so the retried job analyses and votes again; a normal run leaves both,
 * and a second run neither re-analyses nor votes twice.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage } from "../../src/analysis/analyse-message.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

async function counts(userId: string, messageId: string) {
  const [row] = await db.sql<{ analyses: number; patterns: number; votes: number }[]>`
    select (select count(*)::int from analyses where message_id = ${messageId}) as analyses,
           (select count(*)::int from sender_patterns where user_id = ${userId}) as patterns,
           (select coalesce(sum(messages), 0)::int from sender_patterns where user_id = ${userId}) as votes`;
  return row!;
}

describe("analyseNewMessage", () => {
  test("a failed vote leaves no analysis; the retry stores both, once", async () => {
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [messageId] = await storeMails(services, owner, box, [{ subject: "Rechnung März", from: "Buchhaltung <rechnung@firma.example>" }]);
    const ctx = { sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id };

    // The vote's last step (updating the counts) fails, after the analysis row was written in the same transaction.
    await db.sql.unsafe(`
      create function fail_vote() returns trigger language plpgsql as $$ begin raise exception 'vote refused' using errcode = 'P0001'; end $$;
      create trigger fail_vote before update on sender_patterns for each row execute function fail_vote();`);
    await expect(analyseNewMessage(ctx, messageId!)).rejects.toMatchObject({ code: "P0001" });
    expect(await counts(owner.user.id, messageId!)).toEqual({ analyses: 0, patterns: 0, votes: 0 });

    await db.sql.unsafe(`drop trigger fail_vote on sender_patterns; drop function fail_vote();`);
    expect(await analyseNewMessage(ctx, messageId!)).toBe("analysed");
    expect(await counts(owner.user.id, messageId!)).toEqual({ analyses: 1, patterns: 1, votes: 1 });

    expect(await analyseNewMessage(ctx, messageId!)).toBe("already");
    expect(await counts(owner.user.id, messageId!)).toEqual({ analyses: 1, patterns: 1, votes: 1 });
  });

  test("two runs at once store one analysis and one vote", async () => {
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [messageId] = await storeMails(services, owner, box, [{ subject: "Termin Dienstag", from: "Anna Schmidt <anna@example.org>" }]);
    const ctx = { sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id };
    const outcomes = await Promise.all([analyseNewMessage(ctx, messageId!), analyseNewMessage(ctx, messageId!)]);
    expect(outcomes.every((outcome) => outcome === "analysed" || outcome === "already")).toBe(true);
    expect(await counts(owner.user.id, messageId!)).toEqual({ analyses: 1, patterns: 1, votes: 1 });
  });
});

describe("suspected phishing", () => {
  test("is kept in the analysis row, so the message list can warn without decrypting", async () => {
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [phishing, meeting] = await storeMails(services, owner, box, [
      {
        subject: "Wichtige Mitteilung zu Ihrem Konto",
        from: "Sparkasse <service@kundeninfo-sicher.com>",
        body: "Sehr geehrte Kundin, sehr geehrter Kunde,\n\nbitte Konto bestätigen, sonst wird Ihr Zugang gesperrt: https://sparkasse-de.kunden-login.ru/verify\n\nIhre Sparkasse",
      },
      { subject: "Termin Dienstag", from: "Anna Schmidt <anna@example.org>" },
    ]);
    const ctx = { sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id };
    for (const id of [phishing!, meeting!]) await analyseNewMessage(ctx, id);
    const rows = await db.sql<{ id: string; phishing: boolean; spam: boolean }[]>`select message_id as id, phishing, spam from analyses where user_id = ${owner.user.id}`;
    expect(Object.fromEntries(rows.map((row) => [row.id, { phishing: row.phishing, spam: row.spam }]))).toEqual({
      [phishing!]: { phishing: true, spam: true },
      [meeting!]: { phishing: false, spam: false },
    });
  });
});
