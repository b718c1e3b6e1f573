/** The encrypted subject-and-senders summary lists and threads show, and the fallback for messages stored before it. */
import { afterAll, expect, test } from "bun:test";
import { encrypt } from "../../src/crypto/aead.ts";
import { encryptSummary, PREVIEW_CHARS, previewLine, readSummary } from "../../src/mail/message-summary.ts";
import { openTestApp } from "../support/test-app.ts";
import { createTestUser } from "../support/users.ts";

const { db, services } = await openTestApp();
afterAll(() => db.drop());
const alice = await createTestUser(services);
const bob = await createTestUser(services);
const messageId = crypto.randomUUID();
const from = [{ name: 'Zoë "Z" Weber', address: "zoe@example.org" }];

test("reads back what was sealed, and nothing under another message or key", () => {
  const sealed = encryptSummary(alice.dataKey, alice.user.id, messageId, { subject: 'Re: "Angebot" Ümläut 🙂', from });
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: sealed, legacy: false })).toEqual({ subject: 'Re: "Angebot" Ümläut 🙂', from });
  expect(readSummary(alice.dataKey, alice.user.id, crypto.randomUUID(), { summary: sealed, legacy: false })).toBeNull();
  expect(readSummary(bob.dataKey, alice.user.id, messageId, { summary: sealed, legacy: false })).toBeNull();
  // A summary is not a header document: read as one, it does not open.
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: sealed, legacy: true })).toBeNull();
});

test("a message stored before summaries existed is read from its header document", () => {
  const headers = encrypt(alice.dataKey, JSON.stringify({ subject: "Alt", from, to: [], references: ["a@b"] }), { owner: alice.user.id, purpose: `message-headers:${messageId}` });
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: headers, legacy: true })).toEqual({ subject: "Alt", from });
  const broken = encrypt(alice.dataKey, "not json", { owner: alice.user.id, purpose: `message-headers:${messageId}` });
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: broken, legacy: true })).toBeNull();
});

test("the preview: the text's first words on one line, without quotes, signature or the quoted mail", () => {
  const text = "Hallo Anna,\r\n\r\nanbei die Rechnung für März.\n> alte Zeile\nViele Grüße\n-- \nBjörn Weiß\nTel. 0123";
  expect(previewLine(text)).toBe("Hallo Anna, anbei die Rechnung für März. Viele Grüße");
  expect(previewLine("Kurz.\n\nAm 3. März 2026 um 10:00 schrieb Anna <anna@example.org>:\n> Frage")).toBe("Kurz.");
  expect(previewLine("Yes.\nOn Tue, 3 Mar 2026 at 10:00, Anna wrote:\n> question")).toBe("Yes.");
  expect(previewLine("")).toBe("");
  expect(previewLine(null)).toBe("");
  const long = previewLine("Wort ".repeat(100));
  expect(long.length).toBeLessThanOrEqual(PREVIEW_CHARS + 1);
  expect(long.endsWith("Wort…")).toBe(true);
  // One endless word is cut, not dropped.
  expect(previewLine("x".repeat(500))).toBe(`${"x".repeat(PREVIEW_CHARS)}…`);
});

test("the preview is sealed with the summary; summaries without one read as before", () => {
  const sealed = encryptSummary(alice.dataKey, alice.user.id, messageId, { subject: "Rechnung", from, text: "Anbei die Rechnung.\n> zitiert" });
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: sealed, legacy: false })).toEqual({ subject: "Rechnung", from, preview: "Anbei die Rechnung." });
  const withoutText = encryptSummary(alice.dataKey, alice.user.id, messageId, { subject: "Leer", from, text: null });
  expect(readSummary(alice.dataKey, alice.user.id, messageId, { summary: withoutText, legacy: false })).toEqual({ subject: "Leer", from });
});
