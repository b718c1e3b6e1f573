/**
 * Building the MIME: recipients parse to exactly one plain address, the
 * References chain keeps the root and the latest, and nothing a caller
 * passes can add a header (line breaks in the subject, names, attachment
 * file names or types). Read back with mailparser.
 */
import { describe, expect, test } from "bun:test";
import { simpleParser } from "mailparser";
import { MAX_REFERENCES } from "../../../src/limits.ts";
import { buildMime, newMessageId, parseRecipient, replyReferences } from "../../../src/mail/send/compose-mime.ts";

describe("recipients", () => {
  test("one mailbox with a plain address, nothing else", () => {
    expect(parseRecipient("Bob Beispiel <bob@example.org>")).toEqual({ name: "Bob Beispiel", address: "bob@example.org" });
    expect(parseRecipient('"Müller, Hans" <hans@example.de>')).toEqual({ name: "Müller, Hans", address: "hans@example.de" });
    expect(parseRecipient("bob@example.org")).toEqual({ name: "", address: "bob@example.org" });
    for (const bad of ["bob", "a@b, c@d", "Team: a@example.org, b@example.org;", "bob@localhost", "x\r\nBcc: y@example.org", ""]) expect(parseRecipient(bad)).toBeUndefined();
  });
});

describe("threading", () => {
  test("References: the replied message's chain plus its Message-ID, root and latest kept", () => {
    expect(replyReferences(["<a@x>", "<b@x>"], "<c@x>")).toEqual(["<a@x>", "<b@x>", "<c@x>"]);
    const long = Array.from({ length: 150 }, (_, index) => `<${index}@x>`);
    const kept = replyReferences(long, "<last@x>");
    expect(kept).toHaveLength(MAX_REFERENCES);
    expect(kept[0]).toBe("<0@x>");
    expect(kept.at(-1)).toBe("<last@x>");
    expect(newMessageId("anna@Example.ORG")).toMatch(/^<[0-9a-f-]{36}@example\.org>$/);
  });
});

describe("headers", () => {
  test("line breaks in the subject, names, file names and types add no header", async () => {
    const mime = await buildMime(
      {
        from: { address: "anna@example.org", name: "Anna\r\nBcc: evil@example.org" },
        to: [{ name: "Bob", address: "bob@example.org" }],
        cc: [],
        bcc: [{ name: "", address: "secret@example.org" }],
        subject: "Hallo\r\nBcc: evil@example.org",
        text: "Text",
        attachments: [{ filename: "a.txt\r\nX-Evil: 1", contentType: "text/plain\r\nX-Evil: 2", content: new TextEncoder().encode("Inhalt") }],
        date: new Date("2026-12-01T10:00:00Z"),
      },
      "<id@example.org>",
    );
    const text = mime.toString("utf8");
    expect(text).not.toMatch(/^Bcc:/im);
    expect(text).not.toMatch(/^X-Evil:/im);
    expect(text).not.toContain("secret@example.org");
    const mail = await simpleParser(mime);
    expect(mail.subject).toBe("Hallo Bcc: evil@example.org");
    expect(mail.messageId).toBe("<id@example.org>");
    expect(mail.attachments[0]!.contentType).toBe("application/octet-stream");
    expect(mail.attachments[0]!.content.toString("utf8")).toBe("Inhalt");
  });
});
