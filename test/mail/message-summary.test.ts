/** The encrypted subject-and-senders summary lists and threads show, and the fallback for messages stored before it. */
import { afterAll, expect, test } from "bun:test";
import { encrypt } from "../../src/crypto/aead.ts";
import { encryptSummary, readSummary } from "../../src/mail/message-summary.ts";
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
