/** Checks that a ParsedMessage is well formed, whatever the input was. */
import { expect } from "bun:test";
import { createHash } from "node:crypto";
import { MAX_ATTACHMENT_STORE_BYTES, MAX_HTML_CHARS, MAX_REFERENCES, MAX_TEXT_CHARS } from "../../../src/limits.ts";
import type { MailAddress, ParsedMessage, ParseProblem } from "../../../src/mail/parse/parse-message.ts";
import { SELECTED_HEADER_NAMES } from "../../../src/mail/parse/types.ts";

export const PROBLEM_CODES: readonly ParseProblem[] = [
  "text_truncated",
  "html_truncated",
  "too_large",
  "timeout",
  "parse_failed",
  "worker_failed",
  "no_headers",
  "no_body",
  "bad_date",
  "charset_fallback",
  "broken_multipart",
  "html_to_text_failed",
  "too_many_attachments",
  "attachments_not_kept",
];
const HEADER_ONLY: readonly ParseProblem[] = ["too_large", "timeout", "parse_failed", "worker_failed"];

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const isNullableString = (value: unknown) => value === null || typeof value === "string";

function expectAddresses(list: MailAddress[]): void {
  expect(Array.isArray(list)).toBe(true);
  for (const entry of list) {
    expect(Object.keys(entry).sort()).toEqual(["address", "name"]);
    expect(typeof entry.name).toBe("string");
    expect(typeof entry.address).toBe("string");
    expect(entry.address).toBe(entry.address.trim());
  }
}

export function expectWellFormed(parsed: ParsedMessage, raw: Uint8Array): void {
  expect(Object.keys(parsed).sort()).toEqual(
    [
      "messageId",
      "inReplyTo",
      "references",
      "subject",
      "date",
      "from",
      "to",
      "cc",
      "bcc",
      "replyTo",
      "headers",
      "rawHeaders",
      "text",
      "html",
      "textTruncated",
      "htmlTruncated",
      "attachments",
      "calendar",
      "size",
      "contentHash",
      "problems",
    ].sort(),
  );
  for (const id of [parsed.messageId, parsed.inReplyTo]) {
    expect(isNullableString(id)).toBe(true);
    if (id !== null) expect(id).not.toMatch(/^<|>$|^\s|\s$/);
  }
  expect(parsed.references.length).toBeLessThanOrEqual(MAX_REFERENCES);
  expect(new Set(parsed.references).size).toBe(parsed.references.length);
  for (const id of parsed.references) expect(id).not.toMatch(/^<|>$|^$/);
  expect(typeof parsed.subject).toBe("string");
  if (parsed.date !== null) expect(new Date(parsed.date).toISOString()).toBe(parsed.date);
  for (const list of [parsed.from, parsed.to, parsed.cc, parsed.bcc, parsed.replyTo]) expectAddresses(list);
  for (const [name, value] of Object.entries(parsed.headers)) {
    expect(SELECTED_HEADER_NAMES as readonly string[]).toContain(name);
    expect(typeof value).toBe("string");
  }
  expect(typeof parsed.text).toBe("string");
  expect(parsed.text.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  expect(isNullableString(parsed.html)).toBe(true);
  expect((parsed.html ?? "").length).toBeLessThanOrEqual(MAX_HTML_CHARS);
  expect(typeof parsed.textTruncated).toBe("boolean");
  expect(typeof parsed.htmlTruncated).toBe("boolean");
  for (const attachment of parsed.attachments) {
    expect(isNullableString(attachment.filename)).toBe(true);
    expect(attachment.contentType).toBe(attachment.contentType.toLowerCase());
    expect(Number.isInteger(attachment.size) && attachment.size >= 0).toBe(true);
    expect(isNullableString(attachment.contentId)).toBe(true);
    expect(typeof attachment.inline).toBe("boolean");
    expect(attachment.checksum).toMatch(/^[0-9a-f]{64}$/);
    if (attachment.content !== null) {
      expect(attachment.content).toBeInstanceOf(Uint8Array);
      expect(attachment.content.byteLength).toBe(attachment.size);
      expect(attachment.size).toBeLessThanOrEqual(MAX_ATTACHMENT_STORE_BYTES);
      expect(sha256Hex(attachment.content)).toBe(attachment.checksum);
    }
  }
  if (parsed.calendar !== null) {
    expect(Object.keys(parsed.calendar).sort()).toEqual(["end", "method", "organizer", "start", "summary", "uid"]);
    for (const value of Object.values(parsed.calendar)) expect(isNullableString(value)).toBe(true);
  }
  expect(parsed.size).toBe(raw.byteLength);
  expect(parsed.contentHash).toBe(sha256Hex(raw));
  for (const problem of parsed.problems) expect(PROBLEM_CODES).toContain(problem);
  expect(new Set(parsed.problems).size).toBe(parsed.problems.length);
  if (parsed.problems.some((problem) => HEADER_ONLY.includes(problem))) {
    expect(parsed.text).toBe("");
    expect(parsed.html).toBeNull();
    expect(parsed.attachments).toEqual([]);
    expect(parsed.calendar).toBeNull();
  }
  // Plain data: survives JSON (attachment bytes aside).
  const { attachments, ...rest } = parsed;
  expect(JSON.parse(JSON.stringify(rest))).toEqual(rest);
  expect(attachments.length).toBeGreaterThanOrEqual(0);
}
