/**
 * A list row like a mail client's (issue 15 item 11): the sender's name,
 * the text's first words under the subject, the conversation's size, and
 * the verdict as a marker (phishing warns, spam says so, a newsletter is
 * one), in German and English.
 */
import { afterAll, expect, test } from "bun:test";
import { createTestMailbox, storeMails } from "../search/fixtures.ts";
import { openTestApp } from "../support/test-app.ts";
import { client, createTestUser } from "../support/users.ts";

const { db, services, app } = await openTestApp();
afterAll(() => db.drop());

const user = await createTestUser(services);
const box = await createTestMailbox(services, user);
const [reply, question, scam, news] = await storeMails(services, user, box, [
  { subject: "Re: Rechnung März", from: "Björn Weiß <bjoern@example.org>", body: "Hallo Anna,\n\nanbei die Rechnung für März.\n\nAm 2. März 2026 schrieb Anna:\n> Wo bleibt die Rechnung?" },
  { subject: "Rechnung März", body: "Wo bleibt die Rechnung?" },
  { subject: "Konto gesperrt", body: "Bestätigen Sie Ihr Konto sofort." },
  { subject: "Wochenpost", body: "Die Neuigkeiten dieser Woche." },
]);
// The reply and its question are one conversation.
await db.sql`update messages set thread_id = (select thread_id from messages where id = ${question!}) where id = ${reply!}`;
const analyse = (id: string, verdict: { spam?: boolean; phishing?: boolean; newsletter?: boolean }) => db.sql`
  insert into analyses (message_id, user_id, urgency, importance, category, spam, phishing, newsletter, language, provider, detail_encrypted)
  values (${id}, ${user.user.id}, 1, 1, 'information', ${verdict.spam ?? false}, ${verdict.phishing ?? false}, ${verdict.newsletter ?? false}, 'de', 'local', '\\x00')`;
await analyse(scam!, { spam: true, phishing: true });
await analyse(news!, { newsletter: true });

/** The row of one message, as the page renders it. */
async function row(lang: "de" | "en", id: string): Promise<string> {
  const response = await client(app, { cookie: `${user.cookie}; lang=${lang}` }).get("/messages?spam=all&done=all");
  expect(response.status).toBe(200);
  const html = await response.text();
  const start = html.indexOf(`data-message-id="${id}"`);
  expect(start).toBeGreaterThan(-1);
  return html.slice(start, html.indexOf("</tr>", start));
}

test("the sender's name and the text's first words under the subject, quotes left out", async () => {
  const html = await row("de", reply!);
  expect(html).toContain(">Björn Weiß</td>");
  expect(html).toContain('<span class="preview">Hallo Anna, anbei die Rechnung für März.</span>');
  expect(html).not.toContain("Wo bleibt");
});

test("the conversation's size beside the subject, said in words for screen readers", async () => {
  expect(await row("de", reply!)).toContain("2 Nachrichten in diesem Gespräch");
  expect(await row("en", question!)).toContain("2 messages in this conversation");
  expect(await row("de", news!)).not.toContain("thread-size");
});

test("suspected phishing warns, a newsletter is marked as one, in either language", async () => {
  expect(await row("de", scam!)).toContain("Betrugsverdacht");
  expect(await row("en", scam!)).toContain("Suspected phishing");
  expect(await row("de", news!)).toContain('class="badge newsletter">Newsletter<');
  expect(await row("de", reply!)).not.toMatch(/badge (spam|phishing|newsletter)/);
});

test("the JSON list carries the preview and the thread size", async () => {
  const response = await client(app, { cookie: user.cookie }).json("/api/v1/messages?done=all");
  const body = (await response.json()) as { messages: { id: string; preview: string; threadSize: number }[] };
  const listed = body.messages.find((message) => message.id === reply);
  expect(listed).toMatchObject({ preview: "Hallo Anna, anbei die Rechnung für März.", threadSize: 2 });
});
