/**
 * The readers on their own: mbox (mboxrd and mboxo quoting, CRLF, chunks
 * split anywhere, Content-Length ignored), Maildir (flags from ":2,", new/
 * unseen, Maildir++ subfolders, symbolic links not followed) and a
 * directory of per-folder mbox files as the export writes them.
 */
import { describe, expect, test } from "bun:test";
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { maildirFlags, readMaildir } from "../../../src/mail/import/maildir.ts";
import { countMbox, mboxStatusFlags, readMbox } from "../../../src/mail/import/mbox.ts";
import { detectFormat, readSource } from "../../../src/mail/import/source.ts";
import { tempDir } from "../../support/temp.ts";

async function* chunks(text: string, size: number): AsyncGenerator<Uint8Array> {
  const bytes = Buffer.from(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const MBOX = [
  "From alice@example.org Mon Dec  7 01:46:59 2026",
  "From: alice@example.org",
  "Subject: eins",
  "Content-Length: 3",
  "",
  ">From the start, a quoted line",
  ">>From twice quoted",
  "> From not quoted by the writer",
  "",
  "From bob@example.org Tue Dec  8 10:00:00 2026",
  "From: bob@example.org",
  "Subject: zwei",
  "",
  "Hallo",
  "",
].join("\n");

const text = (raw: Uint8Array) => Buffer.from(raw).toString("utf8");

describe("readMbox", () => {
  for (const size of [1, 7, 64, 1 << 16])
    test(`splits on "From " lines and unquotes one ">" (chunks of ${size} bytes)`, async () => {
      const messages = [];
      for await (const message of readMbox(chunks(MBOX, size))) messages.push(message);
      expect(messages.map((message) => text(message.raw))).toEqual([
        "From: alice@example.org\nSubject: eins\nContent-Length: 3\n\nFrom the start, a quoted line\n>From twice quoted\n> From not quoted by the writer\n",
        "From: bob@example.org\nSubject: zwei\n\nHallo\n",
      ]);
      expect(messages[1]!.date?.getDate()).toBe(8);
    });

  test("CRLF line ends are kept; text before the first From line is no message", async () => {
    const crlf = `garbage\r\n${MBOX.replaceAll("\n", "\r\n")}`;
    const messages = [];
    for await (const message of readMbox(chunks(crlf, 5))) messages.push(text(message.raw));
    expect(messages).toHaveLength(2);
    expect(messages[1]).toBe("From: bob@example.org\r\nSubject: zwei\r\n\r\nHallo\r\n");
    expect(await countMbox(chunks(crlf, 3))).toBe(2);
  });

  test("flags from Status and X-Status headers, and only from the header block", () => {
    const flags = (text: string) => mboxStatusFlags(Buffer.from(text));
    expect(flags("Subject: a\nStatus: RO\nX-Status: AF\n\nbody")).toEqual(["\\Answered", "\\Flagged", "\\Seen"]);
    expect(flags("Subject: a\r\nStatus: O\r\n\r\nStatus: R\r\n")).toEqual([]);
    expect(flags("Subject: a\n\nX-Status: F\n")).toEqual([]);
  });

  test("an empty file has no messages", async () => {
    expect(await countMbox(chunks("", 10))).toBe(0);
  });
});

describe("readMaildir", () => {
  test("flags from the :2, suffix; new/ is unseen", () => {
    expect(maildirFlags("1700000000.M1P2.host:2,FRS", false)).toEqual(["\\Answered", "\\Flagged", "\\Seen"]);
    expect(maildirFlags("1700000000.M1P2.host:2,T", false)).toEqual(["\\Deleted"]);
    expect(maildirFlags("1700000000.M1P2.host:2,S", true)).toEqual([]);
    expect(maildirFlags("1700000000.M1P2.host", false)).toEqual([]);
  });

  test("INBOX and Maildir++ subfolders, in a stable order, symbolic links not followed", async () => {
    const root = tempDir("maildir");
    const outside = tempDir("outside");
    writeFileSync(join(outside, "secret"), "Subject: secret\n\nnot yours\n");
    for (const dir of ["cur", "new", "tmp", ".Archiv.2024/cur", ".Archiv.2024/new", ".Sent/cur"]) mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, "cur", "1700000001.a.host:2,S"), "Subject: gelesen\n\nx\n");
    writeFileSync(join(root, "new", "1700000002.b.host"), "Subject: neu\n\nx\n");
    writeFileSync(join(root, ".Archiv.2024", "cur", "1700000003.c.host:2,RF"), "Subject: alt\n\nx\n");
    writeFileSync(join(root, ".Sent", "cur", "1700000004.d.host:2,S"), "Subject: gesendet\n\nx\n");
    symlinkSync(join(outside, "secret"), join(root, "cur", "1700000005.e.host:2,S"));
    symlinkSync(outside, join(root, ".Elsewhere"));
    const read = [];
    for await (const message of readMaildir(root)) read.push({ folder: message.folder, flags: message.flags, subject: text(message.raw).split("\n")[0] });
    expect(read).toEqual([
      { folder: "INBOX", flags: ["\\Seen"], subject: "Subject: gelesen" },
      { folder: "INBOX", flags: [], subject: "Subject: neu" },
      { folder: "Archiv/2024", flags: ["\\Answered", "\\Flagged"], subject: "Subject: alt" },
      { folder: "Sent", flags: ["\\Seen"], subject: "Subject: gesendet" },
    ]);
    expect(await detectFormat(root)).toBe("maildir");
  });
});

describe("a directory of mbox files (the export's layout)", () => {
  test("each file is a folder, subdirectories are levels, .eml files join their directory's folder", async () => {
    const root = tempDir("mboxes");
    mkdirSync(join(root, "Projekte"));
    writeFileSync(join(root, "INBOX.mbox"), MBOX);
    writeFileSync(join(root, "Projekte", "Bau.mbox"), MBOX);
    writeFileSync(join(root, "Projekte", "single.eml"), "Subject: einzeln\n\nx\n");
    writeFileSync(join(root, "notes.txt"), "not mail");
    expect(await detectFormat(root)).toBe("directory");
    expect(await detectFormat(join(root, "INBOX.mbox"))).toBe("mbox");
    expect(await detectFormat(join(root, "Projekte", "single.eml"))).toBe("eml");
    const folders = [];
    for await (const entry of readSource(root, "directory", "export")) folders.push(entry.folder);
    expect(folders).toEqual(["INBOX", "INBOX", "Projekte/Bau", "Projekte/Bau", "Projekte"]);
  });
});
