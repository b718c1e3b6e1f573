/** Raw 8-bit header lines without an encoded-word: UTF-8 stays UTF-8, other bytes are read in the message's charset or Windows-1252, never as U+FFFD. */
import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { closeParsePool, parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { parseHeadersOnly } from "../../../src/mail/parse/header-only.ts";
import { mimeTortureDir } from "../../support/corpora.ts";

afterAll(closeParsePool);

/** A message from byte strings: `latin1` parts are written byte for byte, so "\xfc" is the single byte 0xFC. */
const raw = (...parts: (string | Buffer)[]) => new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : part))));
const utf8 = (text: string) => Buffer.from(text, "utf8");

describe("8-bit headers without a charset", () => {
  test("Latin-1 / Windows-1252 bytes are read as such, in the subject and the sender's name", async () => {
    const parsed = await parseMessage(
      raw("From: J\xfcrgen M\xfcller <j@example.org>\r\nTo: b@example.org\r\nSubject: Gr\xfc\xdfe und 100 \x80 \x96 bis Fr.\r\nMessage-ID: <l1@example.org>\r\n\r\nHallo\r\n"),
    );
    expect(parsed.subject).toBe("Grüße und 100 € – bis Fr.");
    expect(parsed.from).toEqual([{ name: "Jürgen Müller", address: "j@example.org" }]);
    expect(parsed.text.trim()).toBe("Hallo");
  });

  test("valid UTF-8 stays UTF-8, also beside a Latin-1 line in the same message", async () => {
    const parsed = await parseMessage(raw(utf8("From: Jürgen Müller <j@example.org>\r\n"), "To: b@example.org\r\nSubject: Stra\xdfenfest\r\n\r\nHallo\r\n"));
    expect(parsed.from[0]!.name).toBe("Jürgen Müller");
    expect(parsed.subject).toBe("Straßenfest");
    expect((await parseMessage(raw(utf8("From: a@example.org\r\nSubject: Grüße 🎉 €\r\n\r\nx\r\n")))).subject).toBe("Grüße 🎉 €");
  });

  test("encoded-words still decode; a folded subject is read across its lines", async () => {
    const parsed = await parseMessage(raw("From: =?ISO-8859-1?Q?Maril=F9?= <m@example.org>\r\nSubject: Einladung zum\r\n Sommerfest f\xfcr alle\r\n\r\nx\r\n"));
    expect(parsed.from[0]!.name).toBe("Marilù");
    expect(parsed.subject).toBe("Einladung zum Sommerfest für alle");
  });

  test("the message's own charset is used when it names one", async () => {
    const koi8 = Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]); // "Привет" in KOI8-R
    const parsed = await parseMessage(raw("From: a@example.org\r\nSubject: ", koi8, "\r\nContent-Type: text/plain; charset=koi8-r\r\n\r\n", koi8, "\r\n"));
    expect(parsed.subject).toBe("Привет");
    expect(parsed.text.trim()).toBe("Привет");
  });

  test("size and content hash stay those of the bytes as fetched", async () => {
    const bytes = raw("From: a@example.org\r\nSubject: \xc4rger\r\n\r\nx\r\n");
    const parsed = await parseMessage(bytes);
    expect(parsed.subject).toBe("Ärger");
    expect(parsed.size).toBe(bytes.byteLength);
    expect(parsed.contentHash).toBe(new Bun.CryptoHasher("sha256").update(bytes).digest("hex"));
  });

  test("the headers-only path (too large, parse failed) reads them the same way", async () => {
    const parsed = await parseHeadersOnly(raw("From: Ren\xe9 <r@example.org>\r\nSubject: R\xe9sum\xe9\r\n\r\nbody\r\n"), ["too_large"]);
    expect(parsed.subject).toBe("Résumé");
    expect(parsed.from[0]!.name).toBe("René");
    expect(parsed.rawHeaders).toContain("Subject: Résumé");
  });

  test("torture messages: a Portuguese Latin-1 subject, RFC 6532 UTF-8 headers and a GB2312 one", async () => {
    const file = (name: string) => new Uint8Array(readFileSync(join(mimeTortureDir(), name)));
    const latin = await parseMessage(file("mikel-mail/error_emails_invalid_subject_characters.eml"));
    expect(latin.subject).toBe("Formação FrenetikPolis: Mega Campanha Final Verão | Cursos de Setembro");
    const rfc6532 = await parseMessage(file("mikel-mail/rfc6532_utf8_headers.eml"));
    expect(rfc6532.subject).toBe("Säying Hello");
    expect(rfc6532.from[0]!.name).toBe("Jöhn Doe");
    const chinese = await parseMessage(file("spamassassin-tdata/nice_cjk_gb2312.1"));
    expect(chinese.subject).not.toContain("\ufffd");
    expect(chinese.subject).toStartWith("全新原装进口");
  });
});
