import { afterAll, describe, expect, test } from "bun:test";
import { MAX_ATTACHMENT_STORE_BYTES, MAX_ATTACHMENTS, MAX_HTML_TO_TEXT_DEPTH, MAX_MESSAGE_BYTES, MAX_TEXT_CHARS } from "../../../src/limits.ts";
import { closeParsePool, parseMessage, type ParsedMessage } from "../../../src/mail/parse/parse-message.ts";
import { base64Lines, mime, multipart } from "./messages.ts";
import { expectWellFormed, sha256Hex } from "./shape.ts";

afterAll(closeParsePool);

const HEAD = ["From: Anna Beispiel <anna@example.org>", "To: bob@example.com", "Date: Fri, 14 Mar 2025 10:30:00 +0100", "MIME-Version: 1.0"];

function bytes(message: string | Uint8Array): Uint8Array {
  return typeof message === "string" ? new TextEncoder().encode(message) : message;
}

async function parse(message: string | Uint8Array, options?: Parameters<typeof parseMessage>[1]): Promise<ParsedMessage> {
  const raw = bytes(message);
  const parsed = await parseMessage(raw, options);
  expectWellFormed(parsed, raw);
  return parsed;
}

function concat(...parts: (string | Uint8Array)[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === "string" ? Buffer.from(part, "latin1") : part))));
}

describe("parseMessage", () => {
  test("a plain message", async () => {
    const message = mime([...HEAD, "Subject: Hello", "Message-ID: <plain-1@example.org>", "Content-Type: text/plain; charset=utf-8"], "Hi Bob,\nsee you soon.\n");
    const parsed = await parse(message);
    expect(parsed).toMatchObject({
      messageId: "plain-1@example.org",
      inReplyTo: null,
      references: [],
      subject: "Hello",
      date: "2025-03-14T09:30:00.000Z",
      from: [{ name: "Anna Beispiel", address: "anna@example.org" }],
      to: [{ name: "", address: "bob@example.com" }],
      cc: [],
      bcc: [],
      replyTo: [],
      headers: {},
      html: null,
      textTruncated: false,
      htmlTruncated: false,
      attachments: [],
      calendar: null,
      problems: [],
    });
    expect(parsed.text).toBe("Hi Bob,\nsee you soon.\n");
  });

  test("size and content hash are those of the raw bytes, which stay usable", async () => {
    const raw = bytes(mime([...HEAD, "Subject: Hash"], "body\n"));
    const copy = raw.slice();
    const parsed = await parseMessage(raw);
    expect(parsed.size).toBe(raw.byteLength);
    expect(parsed.contentHash).toBe(sha256Hex(copy));
    expect(raw).toEqual(copy); // not detached by the transfer to the worker
    const buffer = Buffer.from(copy); // a Buffer, whose slice() would share memory
    await parseMessage(buffer);
    expect(buffer.byteLength).toBe(copy.byteLength);
    expect(new Uint8Array(buffer)).toEqual(copy);
  });

  test("multipart/alternative: text from the text part, HTML from the HTML part", async () => {
    const message = mime(
      [...HEAD, "Subject: Alt", 'Content-Type: multipart/alternative; boundary="alt"'],
      multipart("alt", [
        [["Content-Type: text/plain; charset=utf-8"], "Plain version"],
        [["Content-Type: text/html; charset=utf-8"], "<p>HTML <b>version</b></p>"],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.text.trim()).toBe("Plain version");
    expect(parsed.html).toBe("<p>HTML <b>version</b></p>");
    expect(parsed.problems).toEqual([]);
  });

  test("HTML only: text is derived from the HTML, the HTML is kept as sent (not sanitised)", async () => {
    const html = '<div><h1>Willkommen</h1><p>Ihr Konto ist <a href="https://example.org/x">bereit</a>.</p><script>alert(1)</script></div>';
    const parsed = await parse(mime([...HEAD, "Subject: HTML", "Content-Type: text/html; charset=utf-8"], html));
    expect(parsed.html).toContain("<script>alert(1)</script>");
    expect(parsed.text).toContain("WILLKOMMEN");
    expect(parsed.text).toContain("Ihr Konto ist bereit");
    expect(parsed.problems).toEqual([]);
  });

  test("attachments: files, an inline image referenced by cid, RFC 2231 and RFC 2047 file names", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
    const pdf = new TextEncoder().encode("%PDF-1.4 not really a pdf\n");
    const message = mime(
      [...HEAD, "Subject: Files", 'Content-Type: multipart/mixed; boundary="mix"'],
      multipart("mix", [
        [
          ['Content-Type: multipart/related; boundary="rel"'],
          multipart("rel", [
            [["Content-Type: text/html; charset=utf-8"], '<p>Logo:</p><img src="cid:logo.123@example.org">'],
            [["Content-Type: image/png", "Content-ID: <logo.123@example.org>", "Content-Transfer-Encoding: base64"], base64Lines(png)],
          ]),
        ],
        [["Content-Type: application/pdf", "Content-Disposition: attachment; filename*=utf-8''%C3%9Cbersicht%202025.pdf", "Content-Transfer-Encoding: base64"], base64Lines(pdf)],
        [
          ['Content-Type: application/octet-stream; name="=?UTF-8?B?UmVjaG51bmcgTsKwIDQyLnR4dA==?="', "Content-Disposition: attachment", "Content-Transfer-Encoding: base64"],
          base64Lines("total 42\n"),
        ],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.attachments).toHaveLength(3);
    const [logo, overview, invoice] = parsed.attachments;
    expect(logo).toMatchObject({ filename: null, contentType: "image/png", size: png.length, contentId: "logo.123@example.org", inline: true, checksum: sha256Hex(png) });
    expect(logo!.content).toEqual(png);
    expect(overview).toMatchObject({ filename: "Übersicht 2025.pdf", contentType: "application/pdf", size: pdf.length, contentId: null, inline: false });
    expect(overview!.content).toEqual(pdf);
    expect(invoice).toMatchObject({ filename: "Rechnung N° 42.txt", contentType: "text/plain", inline: false });
    // The HTML keeps its cid: link; text comes from the HTML inside multipart/related.
    expect(parsed.html).toContain('src="cid:logo.123@example.org"');
    expect(parsed.text).toContain("Logo:");
  });

  test("an inline disposition makes an attachment inline even without a cid reference", async () => {
    const message = mime(
      [...HEAD, "Subject: Inline", 'Content-Type: multipart/mixed; boundary="b"'],
      multipart("b", [
        [["Content-Type: text/plain"], "see picture"],
        [['Content-Type: image/jpeg; name="photo.jpg"', "Content-Disposition: inline", "Content-Transfer-Encoding: base64"], base64Lines("jpegdata")],
      ]),
    );
    const [photo] = (await parse(message)).attachments;
    expect(photo).toMatchObject({ filename: "photo.jpg", contentType: "image/jpeg", inline: true, contentId: null });
  });

  test("a forwarded message/rfc822 attachment stays one attachment with the whole message", async () => {
    const inner = mime(["From: carol@example.net", "Subject: Original", "Message-ID: <inner@example.net>"], "Original text\n");
    const message = mime(
      [...HEAD, "Subject: Fwd: Original", 'Content-Type: multipart/mixed; boundary="fwd"'],
      multipart("fwd", [
        [["Content-Type: text/plain"], "Forwarding this."],
        [["Content-Type: message/rfc822", "Content-Disposition: attachment"], inner],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.messageId).toBeNull();
    expect(parsed.text).toContain("Forwarding this.");
    expect(parsed.attachments).toHaveLength(1);
    expect(parsed.attachments[0]).toMatchObject({ contentType: "message/rfc822", inline: false });
    expect(new TextDecoder().decode(parsed.attachments[0]!.content!)).toContain("Subject: Original");
  });

  test("RFC 2047 subjects: B and Q encodings, other charsets, adjacent words joined", async () => {
    const cases: [string, string][] = [
      ["=?UTF-8?B?w4RwZmVsIHVuZCBCaXJuZW4=?=", "Äpfel und Birnen"],
      ["=?ISO-8859-1?Q?Gr=FC=DFe_aus_K=F6ln?=", "Grüße aus Köln"],
      ["=?UTF-8?Q?Caf=C3=A9?= =?UTF-8?Q?_cr=C3=A8me?=", "Café crème"],
      ["Re: =?utf-8?b?5pel5pys6Kqe?= meeting", "Re: 日本語 meeting"],
    ];
    for (const [encoded, decoded] of cases) {
      const parsed = await parse(mime([...HEAD, `Subject: ${encoded}`], "x"));
      expect(parsed.subject).toBe(decoded);
    }
  });

  test("an ISO-8859-1 body, quoted-printable and 8-bit", async () => {
    const qp = await parse(mime([...HEAD, "Subject: QP", "Content-Type: text/plain; charset=iso-8859-1", "Content-Transfer-Encoding: quoted-printable"], "Gr=FC=DFe aus K=F6ln\n"));
    expect(qp.text.trim()).toBe("Grüße aus Köln");
    const eightBit = concat(
      mime([...HEAD, "Subject: 8bit", "Content-Type: text/plain; charset=ISO-8859-1", "Content-Transfer-Encoding: 8bit"], ""),
      Buffer.from("4772fcdf6520617573204bf66c6e0d0a", "hex"),
    );
    const parsed = await parse(eightBit);
    expect(parsed.text.trim()).toBe("Grüße aus Köln");
    expect(parsed.problems).toEqual([]);
  });

  test("a Shift-JIS body", async () => {
    const raw = concat(mime([...HEAD, "Subject: SJIS", "Content-Type: text/plain; charset=Shift_JIS", "Content-Transfer-Encoding: 8bit"], ""), Buffer.from("93fa967b8cea82cc8365834c83588367", "hex"));
    const parsed = await parse(raw);
    expect(parsed.text.trim()).toBe("日本語のテキスト");
    expect(parsed.problems).toEqual([]);
  });

  test("an unknown charset is read as UTF-8 and reported", async () => {
    const parsed = await parse(mime([...HEAD, "Subject: odd", "Content-Type: text/plain; charset=x-made-up"], "plain ascii"));
    expect(parsed.text.trim()).toBe("plain ascii");
    expect(parsed.problems).toEqual(["charset_fallback"]);
    const undeclared = await parse(concat(mime([...HEAD, "Subject: latin1 as utf-8", "Content-Type: text/plain"], ""), Buffer.from("4772fcdf650d0a", "hex")));
    expect(undeclared.text).toContain("\uFFFD");
    expect(undeclared.problems).toEqual(["charset_fallback"]);
  });

  test("a calendar invitation (REQUEST) in a text/calendar part", async () => {
    const ics = [
      "BEGIN:VCALENDAR",
      "PRODID:-//Example//EN",
      "VERSION:2.0",
      "METHOD:REQUEST",
      "BEGIN:VTIMEZONE",
      "TZID:Europe/Berlin",
      "END:VTIMEZONE",
      "BEGIN:VEVENT",
      "UID:040000008200E00074C5B7101A82E008@example.org",
      "SUMMARY;LANGUAGE=de:Projektbesprechung\\, Raum 3 \\;",
      "  zweiter Teil",
      'ORGANIZER;CN="Beispiel, Anna":mailto:anna@example.org',
      "DTSTART;TZID=Europe/Berlin:20250314T100000",
      "DTEND;TZID=Europe/Berlin:20250314T113000",
      "BEGIN:VALARM",
      "ACTION:DISPLAY",
      "SUMMARY:Reminder",
      "TRIGGER:-PT15M",
      "END:VALARM",
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    const message = mime(
      [...HEAD, "Subject: Einladung: Projektbesprechung", 'Content-Type: multipart/alternative; boundary="inv"'],
      multipart("inv", [
        [["Content-Type: text/plain; charset=utf-8"], "Projektbesprechung am Freitag"],
        [["Content-Type: text/calendar; charset=utf-8; method=REQUEST", "Content-Transfer-Encoding: base64"], base64Lines(ics)],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.calendar).toEqual({
      method: "REQUEST",
      uid: "040000008200E00074C5B7101A82E008@example.org",
      summary: "Projektbesprechung, Raum 3 ; zweiter Teil",
      start: "2025-03-14T09:00:00.000Z",
      end: "2025-03-14T10:30:00.000Z",
      organizer: "anna@example.org",
    });
    expect(parsed.text).toContain("Projektbesprechung am Freitag");
  });

  test("a cancelled event in an .ics attachment, UTC and all-day times", async () => {
    const ics =
      "BEGIN:VCALENDAR\r\nMETHOD:CANCEL\r\nBEGIN:VEVENT\r\nUID:abc-1\r\nSUMMARY:Standup\r\nDTSTART:20250701T070000Z\r\nDTEND;VALUE=DATE:20250702\r\nORGANIZER:MAILTO:lead@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    const message = mime(
      [...HEAD, "Subject: Abgesagt", 'Content-Type: multipart/mixed; boundary="c"'],
      multipart("c", [
        [["Content-Type: text/plain"], "Abgesagt."],
        [['Content-Type: application/octet-stream; name="invite.ics"', "Content-Disposition: attachment; filename=invite.ics"], ics],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.calendar).toEqual({ method: "CANCEL", uid: "abc-1", summary: "Standup", start: "2025-07-01T07:00:00.000Z", end: "2025-07-02", organizer: "lead@example.org" });
    expect(parsed.attachments[0]).toMatchObject({ filename: "invite.ics", contentType: "text/calendar" });
  });

  test("threading headers are normalised: brackets stripped, trimmed, deduplicated, in order", async () => {
    const message = mime(
      [
        ...HEAD,
        "Subject: Re: Re: Thread",
        "Message-ID:   < spaced-id@example.org >  ",
        "In-Reply-To: <parent@example.org> (Anna's message of Friday)",
        "References: <root@example.org> <a@example.org>",
        " <parent@example.org>\t<a@example.org>",
        "  <root@example.org>",
      ],
      "reply",
    );
    const parsed = await parse(message);
    expect(parsed.messageId).toBe("spaced-id@example.org");
    expect(parsed.inReplyTo).toBe("parent@example.org");
    expect(parsed.references).toEqual(["root@example.org", "a@example.org", "parent@example.org"]);
    const bare = await parse(mime([...HEAD, "Subject: bare", "Message-ID: bare-id@example.org", "In-Reply-To: other@example.org", "References: one@x two@x"], "x"));
    expect(bare).toMatchObject({ messageId: "bare-id@example.org", inReplyTo: "other@example.org", references: ["one@x", "two@x"] });
  });

  test("group addresses are flattened; names and encoded names decoded", async () => {
    const message = mime(
      [
        "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>",
        'To: Projektteam: "Doe, Jane" <jane@example.org>, bob@example.com;, carol@example.net',
        "Cc: undisclosed-recipients:;",
        "Bcc: Hidden <hidden@example.org>",
        "Reply-To: list@example.org",
        "Subject: Groups",
      ],
      "x",
    );
    const parsed = await parse(message);
    expect(parsed.from).toEqual([{ name: "Jürgen Müller", address: "juergen@example.de" }]);
    expect(parsed.to).toEqual([
      { name: "Doe, Jane", address: "jane@example.org" },
      { name: "", address: "bob@example.com" },
      { name: "", address: "carol@example.net" },
    ]);
    expect(parsed.cc).toEqual([]);
    expect(parsed.bcc).toEqual([{ name: "Hidden", address: "hidden@example.org" }]);
    expect(parsed.replyTo).toEqual([{ name: "", address: "list@example.org" }]);
  });

  test("a display name with an unquoted comma stays one sender with its name; a name-only entry followed by a named address stays two", async () => {
    const message = mime(["From: ADAC Kundenservice, <service@stayfriends.example>", "To: Team Nord, Anna <anna@example.org>, bob@example.com", "Subject: Split names"], "x");
    const parsed = await parse(message);
    expect(parsed.from).toEqual([{ name: "ADAC Kundenservice", address: "service@stayfriends.example" }]);
    expect(parsed.to).toEqual([
      { name: "Team Nord, Anna", address: "anna@example.org" },
      { name: "", address: "bob@example.com" },
    ]);
  });

  test("a message without Message-ID or Date", async () => {
    const parsed = await parse(mime(["From: a@example.org", "Subject: none"], "x"));
    expect(parsed.messageId).toBeNull();
    expect(parsed.date).toBeNull();
    expect(parsed.problems).toEqual([]);
  });

  test("an unreadable Date header gives null and bad_date", async () => {
    const parsed = await parse(mime(["From: a@example.org", "Date: sometime last week", "Subject: when"], "x"));
    expect(parsed.date).toBeNull();
    expect(parsed.problems).toEqual(["bad_date"]);
  });

  test("the headers analysis needs, unfolded, only when present", async () => {
    const message = mime(
      [
        ...HEAD,
        "Return-Path: <bounce-123@news.example.org>",
        "Subject: News",
        "List-Unsubscribe: <https://news.example.org/u/123>,",
        " <mailto:unsubscribe@news.example.org>",
        "List-Unsubscribe-Post: List-Unsubscribe=One-Click",
        "List-Id: =?UTF-8?Q?Neuigkeiten_f=C3=BCr_Kunden?= <kunden.news.example.org>",
        "Precedence: bulk",
        "Auto-Submitted: auto-generated",
        "X-Priority: 1 (Highest)",
        "Importance: high",
        "Content-Language: de-DE",
      ],
      "x",
    );
    const parsed = await parse(message);
    expect(parsed.headers).toEqual({
      "list-unsubscribe": "<https://news.example.org/u/123>, <mailto:unsubscribe@news.example.org>",
      "list-id": "Neuigkeiten für Kunden <kunden.news.example.org>",
      precedence: "bulk",
      "auto-submitted": "auto-generated",
      "x-priority": "1 (Highest)",
      importance: "high",
      "content-language": "de-DE",
      "return-path": "<bounce-123@news.example.org>",
    });
    const bare = await parse(mime([...HEAD, "Subject: bare"], "x"));
    expect(bare.headers).toEqual({});
  });

  test("a message over maxBytes keeps its headers only (too_large)", async () => {
    const message = mime([...HEAD, "Subject: Big one", "Message-ID: <big@example.org>"], "x".repeat(5000));
    const parsed = await parse(message, { maxBytes: 1000 });
    expect(parsed).toMatchObject({ subject: "Big one", messageId: "big@example.org", text: "", html: null, attachments: [], problems: ["too_large"] });
  });

  test(`a message over MAX_MESSAGE_BYTES (${MAX_MESSAGE_BYTES / 1024 / 1024} MiB) keeps its headers only`, async () => {
    const head = Buffer.from(mime([...HEAD, "Subject: Huge", "Message-ID: <huge@example.org>", "Content-Type: text/plain"], ""));
    const raw = new Uint8Array(MAX_MESSAGE_BYTES + 1).fill(0x61);
    raw.set(head);
    const parsed = await parse(raw);
    expect(parsed).toMatchObject({ subject: "Huge", messageId: "huge@example.org", text: "", problems: ["too_large"], size: MAX_MESSAGE_BYTES + 1 });
  });

  test("an attachment over the store cap keeps size and checksum, not its content", async () => {
    const big = new Uint8Array(MAX_ATTACHMENT_STORE_BYTES + 1).map((_, index) => index % 251);
    const small = new Uint8Array([1, 2, 3]);
    const message = mime(
      [...HEAD, "Subject: Large file", 'Content-Type: multipart/mixed; boundary="big"'],
      multipart("big", [
        [["Content-Type: text/plain"], "two files"],
        [["Content-Type: application/zip; name=big.zip", "Content-Disposition: attachment; filename=big.zip", "Content-Transfer-Encoding: base64"], base64Lines(big)],
        [["Content-Type: application/octet-stream; name=small.bin", "Content-Disposition: attachment; filename=small.bin", "Content-Transfer-Encoding: base64"], base64Lines(small)],
      ]),
    );
    const parsed = await parse(message);
    expect(parsed.attachments[0]).toMatchObject({ filename: "big.zip", size: big.length, checksum: sha256Hex(big), content: null });
    expect(parsed.attachments[1]).toMatchObject({ filename: "small.bin", size: 3, content: small });
    expect(parsed.problems).toEqual([]);
  });

  test(`past MAX_ATTACHMENTS (${MAX_ATTACHMENTS}) attachments keep their metadata only`, async () => {
    const files = Array.from({ length: MAX_ATTACHMENTS + 2 }, (_, index): [string[], string] => [[`Content-Type: text/csv; name=f${index}.csv`, "Content-Disposition: attachment"], `row ${index}`]);
    const parsed = await parse(mime([...HEAD, "Subject: Many", 'Content-Type: multipart/mixed; boundary="m"'], multipart("m", [[["Content-Type: text/plain"], "many files"], ...files])));
    expect(parsed.attachments).toHaveLength(MAX_ATTACHMENTS + 2);
    expect(parsed.attachments[MAX_ATTACHMENTS - 1]!.content).not.toBeNull();
    expect(parsed.attachments[MAX_ATTACHMENTS]).toMatchObject({ filename: `f${MAX_ATTACHMENTS}.csv`, size: `row ${MAX_ATTACHMENTS}`.length, content: null });
    expect(parsed.problems).toEqual(["too_many_attachments"]);
  });

  test("HTML nested too deep to convert is kept, its text left empty, and reported", async () => {
    const depth = MAX_HTML_TO_TEXT_DEPTH * 20;
    const html = `${"<div>".repeat(depth)}deep${"</div>".repeat(depth)}`;
    const message = mime([...HEAD, "Subject: Deep", 'Content-Type: multipart/related; boundary="d"'], multipart("d", [[["Content-Type: text/html"], html]]));
    const parsed = await parse(message);
    expect(parsed.html!.length).toBe(html.length);
    expect(parsed.text).toBe("");
    expect(parsed.problems).toEqual(["html_to_text_failed"]);
    const shallow = await parse(mime([...HEAD, "Subject: Shallow", 'Content-Type: multipart/related; boundary="d"'], multipart("d", [[["Content-Type: text/html"], `${"<div><p>".repeat(500)}fine`]])));
    expect(shallow.text.trim()).toBe("fine");
  });

  test("text over MAX_TEXT_CHARS is cut and flagged", async () => {
    const parsed = await parse(mime([...HEAD, "Subject: Long"], `${"Zeile mit Text\n".repeat(Math.ceil(MAX_TEXT_CHARS / 15) + 10)}`));
    expect(parsed.textTruncated).toBe(true);
    expect(parsed.text.length).toBe(MAX_TEXT_CHARS);
    expect(parsed.htmlTruncated).toBe(false);
    expect(parsed.problems).toContain("text_truncated");
  });

  test("a truncated multipart keeps what arrived and says so", async () => {
    const full = mime(
      [...HEAD, "Subject: Cut", 'Content-Type: multipart/mixed; boundary="cut"'],
      multipart("cut", [
        [["Content-Type: text/plain"], "first part arrived"],
        [["Content-Type: application/pdf; name=a.pdf", "Content-Transfer-Encoding: base64"], base64Lines("x".repeat(3000))],
      ]),
    );
    const parsed = await parse(full.slice(0, full.length - 1500));
    expect(parsed.text).toContain("first part arrived");
    expect(parsed.problems).toContain("broken_multipart");
    const noBoundary = await parse(mime([...HEAD, "Subject: nb", "Content-Type: multipart/mixed"], "just text"));
    expect(noBoundary.problems).toContain("broken_multipart");
  });

  test("a multipart whose boundary matches nothing: the raw body becomes the text", async () => {
    const parsed = await parse(
      mime([...HEAD, "Subject: Wrong boundary", 'Content-Type: multipart/alternative; boundary="declared"'], "--other\nContent-Type: text/plain\n\nStill readable.\n--other--\n"),
    );
    expect(parsed.text).toContain("Still readable.");
    expect(parsed.problems).toEqual(["broken_multipart"]);
  });

  test("empty input, a header without body, and binary garbage do not throw", async () => {
    const empty = await parse(new Uint8Array(0));
    expect(empty.problems).toEqual(["no_headers", "no_body"]);
    const headerOnly = await parse("Subject: only a header\r\n");
    expect(headerOnly.subject).toBe("only a header");
    expect(headerOnly.problems).toEqual(["no_body"]);
    let seed = 42;
    const garbage = new Uint8Array(200_000).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    await parse(garbage);
  });
});
