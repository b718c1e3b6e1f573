/**
 * Generated German mail for the Sieve equivalence test: umlauts composed
 * and decomposed, ß and SS, subjects and names as RFC 2047 encoded words
 * (B and Q), raw UTF-8 headers, list headers, multipart with attachments,
 * HTML-only bodies. Fixed (a seeded sequence), so every run tests the same
 * messages; each has a name that says what it is.
 */

export interface GeneratedMail {
  name: string;
  raw: string;
}

function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENDERS = [
  { name: "Hausverwaltung Müller", address: "rechnung@hausverwaltung-mueller.de" },
  { name: "Jörg Öztürk", address: "joerg.oeztuerk@firma.example" },
  { name: "STADTWERKE KÖLN", address: "Kundenservice@Stadtwerke-Koeln.de" },
  { name: "Prof. Dr. Weiß", address: "weiss@uni-koeln.de" },
  { name: "", address: "newsletter@shop.example" },
  { name: "Straßenbahn Verein e.V.", address: "vorstand@strassenbahn-verein.example" },
];
const SUBJECTS = [
  "Ihre Rechnung Nr. 2026-0042",
  "IHRE RECHNUNG FÜR MÄRZ",
  "Grüße aus der Hauptstraße",
  "GRÜSSE AUS DER HAUPTSTRASSE",
  "Einladung: Sitzung am Freitag",
  "Newsletter März – Angebote",
  "Prüfungsanmeldung Sommersemester",
  "Re: Kündigung Ihres Vertrags",
  "Mahnung – letzte Frist",
  "Ihr Kontoauszug ist da",
];
const BODIES = [
  "Sehr geehrte Frau Weiß,\nanbei die Rechnung Nr. 2026-0042 über 120,00 €.\nMit freundlichen Grüßen",
  "Hallo zusammen,\ndie Sitzung findet in der Hauptstrasse 5 statt.\nGRÜSSE AUS KÖLN",
  "Liebe Mitglieder,\nunser Rundbrief für März ist da. Zur Abmeldung klicken Sie hier.",
  "Guten Tag,\nIhre Kündigung ist eingegangen. Bitte überweisen Sie den Betrag bis zur Frist.",
  "Moin,\nPrüfung bestanden! Anhang: Zeugnis.\nJörg",
];
const DECOMPOSE = (text: string) => text.normalize("NFD");

const b64Word = (text: string) => `=?UTF-8?B?${Buffer.from(text).toString("base64")}?=`;
const qWord = (text: string) =>
  `=?UTF-8?Q?${[...Buffer.from(text)].map((byte) => (byte === 0x20 ? "_" : /[A-Za-z0-9]/.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`)).join("")}?=`;

/** How a header's non-ASCII text is written. */
type HeaderStyle = "utf8" | "b" | "q";
function headerText(text: string, style: HeaderStyle): string {
  if (/^[\x20-\x7e]*$/.test(text) || style === "utf8") return text;
  return style === "b" ? b64Word(text) : qWord(text);
}

function mailbox(sender: { name: string; address: string }, style: HeaderStyle, quoted: boolean): string {
  if (!sender.name) return sender.address;
  const name = headerText(sender.name, style);
  return `${quoted && name === sender.name ? `"${name}"` : name} <${sender.address}>`;
}

/** `count` messages, the same every run. */
export function germanMail(count = 60): GeneratedMail[] {
  const rand = random(2026);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const mails: GeneratedMail[] = [];
  for (let index = 0; index < count; index++) {
    const style: HeaderStyle = pick(["utf8", "b", "q"] as const);
    const sender = pick(SENDERS);
    let subject = pick(SUBJECTS);
    let body = pick(BODIES);
    const decomposed = rand() < 0.2;
    if (decomposed) {
      subject = DECOMPOSE(subject);
      body = DECOMPOSE(body);
    }
    const list = sender.address.startsWith("newsletter") || rand() < 0.15;
    const kind = pick(["plain", "plain", "attachment", "html"] as const);
    const day = 1 + Math.floor(rand() * 28);
    const date = new Date(Date.UTC(2026, 2, day, Math.floor(rand() * 24), 15));
    const headers = [
      `From: ${mailbox(sender, style, rand() < 0.3)}`,
      `To: ${rand() < 0.5 ? "Anna Schäfer <anna@example.org>" : "anna@example.org, Büro <buero@example.org>"}`,
      ...(rand() < 0.3 ? [`Cc: ${headerText("Jürgen Groß", style)} <juergen.gross@example.org>`] : []),
      ...(rand() < 0.2 ? ["Reply-To: noreply@shop.example"] : []),
      `Subject: ${headerText(subject, style)}`,
      `Date: ${date.toUTCString().replace("GMT", "+0000")}`,
      `Message-ID: <german-${index}@mailhelper.test>`,
      ...(list ? ["List-Id: Rundbrief des Vereins <rundbrief.verein.example>", "List-Unsubscribe: <mailto:leave@verein.example>"] : []),
      ...(rand() < 0.3 ? [`X-Spam-Flag: ${rand() < 0.5 ? "YES" : "NO"}`] : []),
      ...(rand() < 0.3 ? [`X-Kategorie: ${headerText(pick(["Rechnung", "Grüße", "Straße"]), style)}`] : []),
      "MIME-Version: 1.0",
    ];
    const boundary = `grenze-${index}`;
    let content: string[];
    if (kind === "plain") content = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", body];
    else if (kind === "html") content = ["Content-Type: text/html; charset=utf-8", "Content-Transfer-Encoding: 8bit", "", `<html><body><p>${body.replace(/\n/g, "<br>")}</p></body></html>`];
    else
      content = [
        `Content-Type: multipart/mixed; boundary="${boundary}"`,
        "",
        `--${boundary}`,
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        body.replace(/[^\x20-\x7e\n]/gu, (char) => [...Buffer.from(char)].map((byte) => `=${byte.toString(16).toUpperCase()}`).join("")),
        `--${boundary}`,
        `Content-Type: application/pdf; name="${headerText("Rechnung-März.pdf", "b")}"`,
        `Content-Disposition: attachment; filename="${headerText("Rechnung-März.pdf", "b")}"`,
        "Content-Transfer-Encoding: base64",
        "",
        Buffer.from(`%PDF-1.4 Rechnung ${index}`).toString("base64"),
        `--${boundary}--`,
      ];
    const name = `german-${String(index).padStart(2, "0")}-${kind}-${style}${decomposed ? "-nfd" : ""}${list ? "-list" : ""}`;
    mails.push({ name, raw: `${[...headers, ...content].join("\r\n").replace(/\r?\n/g, "\r\n")}\r\n` });
  }
  return mails;
}
