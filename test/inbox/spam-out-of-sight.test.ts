/**
 * Spam and suspected phishing leave the open list and the dashboard's
 * matrix; the spam view and a chosen folder still show them, with markers.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage } from "../../src/analysis/analyse-message.ts";
import { applyCorrection } from "../../src/analysis/corrections.ts";
import { dashboardCounts } from "../../src/inbox/dashboard.ts";
import { listMessages } from "../../src/inbox/list.ts";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

describe("spam out of sight", () => {
  test("the open list and the matrix leave spam and phishing out; the spam view, a folder and a correction bring them back", async () => {
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [meeting, phishing, prize] = await storeMails(services, owner, box, [
      { subject: "Termin Dienstag", from: "Anna Schmidt <anna@example.org>" },
      {
        subject: "Wichtige Mitteilung zu Ihrem Konto",
        from: "Sparkasse <service@kundeninfo-sicher.com>",
        body: "Sehr geehrte Kundin, sehr geehrter Kunde,\n\nbitte Konto bestätigen, sonst wird Ihr Zugang gesperrt: https://sparkasse-de.kunden-login.ru/verify\n\nIhre Sparkasse",
      },
      {
        subject: "Glückwunsch!!! Sie haben ein iPhone 17 gewonnen",
        from: "Gewinnspiel <info@gewinn-sofort24.biz>",
        body: "Jetzt Gewinn sichern! Klicken Sie hier und geben Sie Ihre Kreditkartendaten ein, um die Versandkosten von 1 EUR zu zahlen.",
      },
    ]);
    const ctx = { sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id };
    for (const id of [meeting!, phishing!, prize!]) await analyseNewMessage(ctx, id);
    await applyCorrection(services.sql, owner.dataKey, owner.user.id, prize!, { spam: true });

    const list = async (params: Record<string, string>) =>
      (await listMessages(services.sql, owner.dataKey, owner.user.id, parseListQuery(params))).messages.map((message) => ({
        id: message.id,
        spam: message.analysis?.spam,
        phishing: message.analysis?.phishing,
      }));
    expect(await list({})).toEqual([{ id: meeting!, spam: false, phishing: false }]);
    expect(await list({ q: "Konto" })).toEqual([]);
    expect((await list({ spam: "yes" })).map((row) => row.id).sort()).toEqual([phishing!, prize!].sort());
    expect(await list({ spam: "yes", q: "Konto" })).toEqual([{ id: phishing!, spam: true, phishing: true }]);
    expect(await list({ spam: "all" })).toHaveLength(3);
    expect(await list({ folder: box.folders.INBOX.id })).toHaveLength(3);

    const counts = await dashboardCounts(services.sql, owner.user.id, { done: "open" });
    expect({ analysed: counts.analysed, spam: counts.spam, notAnalysed: counts.notAnalysed }).toEqual({ analysed: 1, spam: 2, notAnalysed: 0 });

    // "Kein Spam": back in the open list and the matrix at once.
    await applyCorrection(services.sql, owner.dataKey, owner.user.id, prize!, { spam: false });
    expect((await list({})).map((row) => row.id).sort()).toEqual([meeting!, prize!].sort());
    expect((await dashboardCounts(services.sql, owner.user.id, { done: "open" })).spam).toBe(1);
  });
});

test('a phishing suspicion the user overruled with "not spam" is listed again, without its warning', async () => {
  const owner = await createTestUser(services);
  const box = await createTestMailbox(services, owner);
  const [phishing] = await storeMails(services, owner, box, [
    { subject: "Wichtige Mitteilung zu Ihrem Konto", from: "Sparkasse <service@kundeninfo-sicher.com>", body: "Bitte Konto bestätigen: https://sparkasse-de.kunden-login.ru/verify\n\nIhre Sparkasse" },
  ]);
  await analyseNewMessage({ sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id }, phishing!);
  expect((await listMessages(services.sql, owner.dataKey, owner.user.id, parseListQuery({}))).messages).toHaveLength(0);
  await applyCorrection(services.sql, owner.dataKey, owner.user.id, phishing!, { spam: false });
  const [row] = (await listMessages(services.sql, owner.dataKey, owner.user.id, parseListQuery({}))).messages;
  expect(row).toMatchObject({ id: phishing!, analysis: { spam: false, phishing: false } });
});
