/** Messages for the parse tests and benchmark, built in code (CRLF line ends). */

/** Joins header lines and a body into a message with CRLF line ends. */
export function mime(headers: string[], body: string): string {
  return `${headers.join("\r\n")}\r\n\r\n${body.replace(/\r?\n/g, "\r\n")}`;
}

/** A multipart body from [headers, body] parts, with a closing delimiter. */
export function multipart(boundary: string, parts: [string[], string][]): string {
  return `${parts.map(([headers, body]) => `--${boundary}\r\n${mime(headers, body)}\r\n`).join("")}--${boundary}--\r\n`;
}

/** Base64 in 76-character lines, as mail clients write it. */
export function base64Lines(content: Uint8Array | string): string {
  return (
    Buffer.from(content)
      .toString("base64")
      .match(/.{1,76}/g) ?? []
  ).join("\r\n");
}

function envelope(index: number, subject: string, extra: string[] = []): string[] {
  return [
    `Return-Path: <sender${index % 50}@example.org>`,
    `Received: from mx${index % 7}.example.org (mx${index % 7}.example.org [192.0.2.${index % 250}]) by mail.mailhelper.test with ESMTPS id ${index.toString(36)}; Mon, 3 Mar 2025 10:${String(index % 60).padStart(2, "0")}:00 +0100`,
    `Received: from localhost (localhost [127.0.0.1]) by mx${index % 7}.example.org (Postfix) with ESMTP id ${(index * 7919).toString(36)}; Mon, 3 Mar 2025 10:00:00 +0100`,
    `DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.org; s=mail; h=from:to:subject:date:message-id; bh=${"a".repeat(44)}; b=${"B".repeat(340)}`,
    `From: "Sender ${index % 50}" <sender${index % 50}@example.org>`,
    `To: "Anna Beispiel" <anna@mailhelper.test>`,
    `Subject: ${subject}`,
    `Date: Mon, 3 Mar 2025 10:${String(index % 60).padStart(2, "0")}:00 +0100`,
    `Message-ID: <${index}.${(index * 104729).toString(36)}@example.org>`,
    "MIME-Version: 1.0",
    ...extra,
  ];
}

const SENTENCES = [
  "Vielen Dank für Ihre Nachricht vom Freitag.",
  "Anbei finden Sie die überarbeitete Fassung des Angebots.",
  "Could we move the meeting to Thursday afternoon?",
  "Die Rechnung ist bis zum 15. des Monats fällig.",
  "Please find the minutes of yesterday's call below.",
  "Bei Rückfragen stehe ich Ihnen gerne zur Verfügung.",
];

/** A plain-text message of about 3–4 KB, like most person-to-person mail. */
export function plainMessage(index: number): string {
  const lines = Array.from({ length: 20 + (index % 20) }, (_, line) => SENTENCES[(index + line) % SENTENCES.length]!);
  return mime(
    envelope(index, `Re: Projekt ${index}`, ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit"]),
    `Hallo Anna,\n\n${lines.join("\n")}\n\nViele Grüße\nSender ${index % 50}\n`,
  );
}

/** A newsletter: multipart/alternative, about 100 KB of table HTML in base64, and its text version. */
export function htmlHeavyMessage(index: number): string {
  const block = (item: number) =>
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse"><tr><td style="padding:16px;font-family:Arial,sans-serif;font-size:14px;color:#333">` +
    `<h2 style="margin:0 0 8px">Angebot ${item}</h2><p>${SENTENCES[item % SENTENCES.length]} <a href="https://news.example.org/click?u=${index}&amp;i=${item}&amp;t=abcdef0123456789">Mehr erfahren</a></p>` +
    `<img src="https://news.example.org/img/${item}.png" width="560" alt="Bild ${item}"></td></tr></table>\n`;
  const html = `<!doctype html><html><head><style>td{font-family:Arial}</style></head><body>${Array.from({ length: 180 }, (_, item) => block(item)).join("")}</body></html>`;
  const text = Array.from({ length: 180 }, (_, item) => `Angebot ${item}\n${SENTENCES[item % SENTENCES.length]} https://news.example.org/click?u=${index}&i=${item}`).join("\n\n");
  return mime(
    envelope(index, `Newsletter ${index}: Angebote der Woche`, [
      `List-Unsubscribe: <https://news.example.org/unsubscribe/${index}>, <mailto:unsubscribe@example.org>`,
      "List-Id: Newsletter <news.example.org>",
      "Precedence: bulk",
      'Content-Type: multipart/alternative; boundary="alt"',
    ]),
    multipart("alt", [
      [["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64"], base64Lines(text)],
      [["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: base64"], base64Lines(html)],
    ]),
  );
}

/**
 * A large message (about `bytes` in all): a short text part, an HTML part,
 * and two attachments in base64 (a PDF-like 3/4 of the size, a small image),
 * like a scanned contract mailed as is.
 */
export function largeMessage(bytes: number, index = 0): string {
  const pdf = new Uint8Array(Math.floor((bytes * 3) / 4) - 40_000).map((_, i) => (i * 2654435761) >>> 24);
  const png = new Uint8Array(20_000).map((_, i) => (i * 40503) >>> 8);
  return mime(
    envelope(index, `Vertrag ${index} (Scan)`, ['Content-Type: multipart/mixed; boundary="outer"']),
    multipart("outer", [
      [
        ['Content-Type: multipart/alternative; boundary="alt"'],
        multipart("alt", [
          [["Content-Type: text/plain; charset=utf-8"], `Hallo Anna,\n\nanbei der unterschriebene Vertrag ${index}.\n\nViele Grüße`],
          [["Content-Type: text/html; charset=utf-8"], `<p>Hallo Anna,</p><p>anbei der unterschriebene Vertrag ${index}.</p><p>Viele Grüße</p>`],
        ]),
      ],
      [['Content-Type: application/pdf; name="vertrag.pdf"', 'Content-Disposition: attachment; filename="vertrag.pdf"', "Content-Transfer-Encoding: base64"], base64Lines(pdf)],
      [['Content-Type: image/png; name="stempel.png"', 'Content-Disposition: attachment; filename="stempel.png"', "Content-Transfer-Encoding: base64"], base64Lines(png)],
    ]),
  );
}
