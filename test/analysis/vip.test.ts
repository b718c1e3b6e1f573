/**
 * A VIP sender's mail is not spam and is of high importance, with a reason
 * the user can read; a From address forged onto a VIP (the receiving server
 * says authentication failed) is judged as if no VIP were listed, so
 * phishing detection stays on. Adding a VIP re-judges the mail already in the box.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { analyseNewMessage } from "../../src/analysis/analyse-message.ts";
import { readAnalysis } from "../../src/analysis/analysis-store.ts";
import { addVipSender } from "../../src/senders/vip.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser, type TestUser } from "../support/users.ts";
import { createTestMailbox, storeMails, type TestMail } from "../search/fixtures.ts";
import { runQueuedRuns } from "./support.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());

const verified = { "Authentication-Results": "mx.provider.example; spf=pass smtp.mailfrom=firma.example; dkim=pass header.d=firma.example; dmarc=pass header.from=firma.example" };
const forged = { "Authentication-Results": "mx.provider.example; spf=fail smtp.mailfrom=firma.example; dkim=none; dmarc=fail (p=reject) header.from=firma.example" };

/** Judged spam by the receiving server, from a verified sender. */
const serverSaysSpam: TestMail = {
  subject: "Quartalszahlen",
  from: "Chefin <chefin@firma.example>",
  body: "Hallo,\n\nanbei die Quartalszahlen zur Durchsicht.\n\nGruß",
  headers: { ...verified, "X-Spam-Flag": "YES", "X-Spam-Status": "Yes, score=7.1" },
};

const credentialPhish = (headers: Record<string, string>): TestMail => ({
  subject: "Ihr Konto wird gesperrt",
  from: "Chefin <chefin@firma.example>",
  body: "Sehr geehrte Kundin,\n\nbitte Konto bestätigen, sonst wird Ihr Zugang gesperrt: https://sparkasse-de.kunden-login.ru/verify\n\nIhre Sparkasse",
  headers,
});

async function analysed(owner: TestUser, mails: TestMail[]) {
  const box = await createTestMailbox(services, owner);
  const ids = await storeMails(services, owner, box, mails);
  const ctx = { sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id };
  for (const id of ids) await analyseNewMessage(ctx, id);
  return await Promise.all(ids.map(async (id) => (await readAnalysis(services.sql, owner.dataKey, owner.user.id, id))!.analysis));
}

describe("a VIP sender in the analysis", () => {
  test("mail the analyser would call spam is not spam, and is of high importance, saying why", async () => {
    const plain = await createTestUser(services);
    const [withoutVip] = await analysed(plain, [serverSaysSpam]);
    expect(withoutVip!.spam.value).toBe(true);
    expect(withoutVip!.importance.value).toBe(1);

    const owner = await createTestUser(services);
    await addVipSender(services.sql, owner.dataKey, owner.user.id, "firma.example");
    const [analysis] = await analysed(owner, [serverSaysSpam]);
    expect(analysis!.spam).toEqual({ value: false, confidence: 1, reason: { code: "vip_sender" } });
    expect(analysis!.importance).toMatchObject({ value: 3, reason: { code: "vip_sender" } });
    const [row] = await db.sql`select spam, importance from analyses where user_id = ${owner.user.id}`;
    expect(row).toEqual({ spam: false, importance: 3 });
  });

  test("a spoofed VIP (authentication failed) keeps its phishing verdict", async () => {
    const owner = await createTestUser(services);
    await addVipSender(services.sql, owner.dataKey, owner.user.id, "chefin@firma.example");
    const [spoofed] = await analysed(owner, [credentialPhish(forged)]);
    expect(spoofed!.phishing?.value).toBe(true);
    expect(spoofed!.spam.value).toBe(true);
    expect(JSON.stringify(spoofed)).not.toContain("vip_sender");
  });

  test("a phishing suspicion is only cleared for a sender the server verified", async () => {
    const owner = await createTestUser(services);
    await addVipSender(services.sql, owner.dataKey, owner.user.id, "chefin@firma.example");
    const [unverified, verifiedVip] = await analysed(owner, [credentialPhish({}), credentialPhish(verified)]);
    expect(unverified!.phishing?.value).toBe(true);
    expect(verifiedVip!.phishing?.value).toBe(false);
    expect(verifiedVip!.spam.reason.code).toBe("vip_sender");
  });

  test("adding a VIP re-judges the sender's mail already analysed", async () => {
    const owner = await createTestUser(services);
    const box = await createTestMailbox(services, owner);
    const [id] = await storeMails(services, owner, box, [serverSaysSpam]);
    await analyseNewMessage({ sql: services.sql, dataKey: owner.dataKey, userId: owner.user.id }, id!);
    const spamNow = async () => (await readAnalysis(services.sql, owner.dataKey, owner.user.id, id!))!.analysis.spam.value;
    expect(await spamNow()).toBe(true);
    await addVipSender(services.sql, owner.dataKey, owner.user.id, "Chefin@Firma.example");
    await runQueuedRuns(services, owner.user.id);
    expect(await spamNow()).toBe(false);
  });
});
