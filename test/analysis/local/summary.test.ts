import { describe, expect, test } from "bun:test";
import { extractSummary, SUMMARY_CHARS } from "../../../src/analysis/local/summary.ts";

/**
 * Messages written for the project, each with the summary a reader would
 * want: its first sentence(s), whole. They carry what cut the old summaries
 * short: dates, ordinals, amounts, abbreviations, URLs, e-mail addresses,
 * quotes, signatures, and HTML newsletters as html-to-text renders them.
 */
const GERMAN: { name: string; text: string; summary: string }[] = [
  {
    name: "a date with an ordinal",
    text: "Hallo Frau Beispiel,\n\nam 11. Dezember ist die Nebenkostennachzahlung fällig. Bitte überweisen Sie den Betrag rechtzeitig.\n\nMit freundlichen Grüßen\nHausverwaltung Sonnenhof",
    summary: "Am 11. Dezember ist die Nebenkostennachzahlung fällig. Bitte überweisen Sie den Betrag rechtzeitig.",
  },
  {
    name: "an amount with a thousands dot",
    text: "Sehr geehrter Herr Meier,\n\nder Rechnungsbetrag von 1.204,00 EUR wird am 15. 1. von Ihrem Konto abgebucht. Gegen die Rechnung können Sie binnen 14 Tagen Einspruch einlegen.\n\nIhre Stadtwerke",
    summary: "Der Rechnungsbetrag von 1.204,00 EUR wird am 15. 1. von Ihrem Konto abgebucht. Gegen die Rechnung können Sie binnen 14 Tagen Einspruch einlegen.",
  },
  {
    name: "an amount ending a sentence",
    text: "Guten Tag,\n\ndie Rechnung Nr. 2025-118 beträgt 204,00 EUR. Gegen Vorlage der Quittung erstatten wir Ihnen den Betrag.\n\nFreundliche Grüße\nPraxis Dr. Hansen",
    summary: "Die Rechnung Nr. 2025-118 beträgt 204,00 EUR. Gegen Vorlage der Quittung erstatten wir Ihnen den Betrag.",
  },
  {
    name: "abbreviations z. B., bzw. and ggf.",
    text: "Hallo Anna,\n\nkannst du z. B. die Folien von Dr. Schulz bzw. die Zahlen aus dem Q3-Bericht ggf. noch ergänzen? Das wäre super.\n\nLG\nTim",
    summary: "Kannst du z. B. die Folien von Dr. Schulz bzw. die Zahlen aus dem Q3-Bericht ggf. noch ergänzen?",
  },
  {
    name: "a URL with a query string",
    text: "Hallo zusammen,\n\ndie Umfrage läuft unter https://umfrage.example.de/s?id=42&lang=de. Bitte bis Freitag ausfüllen.\n\nDanke!\nJana",
    summary: "Die Umfrage läuft unter https://umfrage.example.de/s?id=42&lang=de. Bitte bis Freitag ausfüllen.",
  },
  {
    name: "an e-mail address with dots",
    text: "Hallo Anna,\n\nbitte schick die Unterlagen an max.Mustermann@firma.example.de. Er kümmert sich ab Montag darum.\n\nViele Grüße\nBernd",
    summary: "Bitte schick die Unterlagen an max.Mustermann@firma.example.de. Er kümmert sich ab Montag darum.",
  },
  {
    name: "an address with Str. and Nr.",
    text: "Liebe Nachbarn,\n\nunser Sommerfest findet am Sa. 14. Juni im Hof der Lindenstr. 12 statt. Für Getränke ist gesorgt, Salate sind willkommen.\n\nHerzliche Grüße\nFamilie Kaya",
    summary: "Unser Sommerfest findet am Sa. 14. Juni im Hof der Lindenstr. 12 statt. Für Getränke ist gesorgt, Salate sind willkommen.",
  },
  {
    name: "a dotted date",
    text: "Hallo Herr Yilmaz,\n\nIhr Termin am 03.12.2025 um 10:30 Uhr ist bestätigt. Bitte bringen Sie Ihre Versichertenkarte mit.\n\nIhr Praxisteam",
    summary: "Ihr Termin am 03.12.2025 um 10:30 Uhr ist bestätigt. Bitte bringen Sie Ihre Versichertenkarte mit.",
  },
  {
    name: "an ordinal before a noun",
    text: "Hallo Anna,\n\nwir treffen uns zum 2. Mal im 3. Stock, Raum 301. Kaffee gibt es vor Ort.\n\nGruß\nOle",
    summary: "Wir treffen uns zum 2. Mal im 3. Stock, Raum 301. Kaffee gibt es vor Ort.",
  },
  {
    name: "a quoted reply below the answer",
    text: "Passt, ich bin dabei. Ich bringe den Beamer mit.\n\nAm 12.03.2025 um 09:14 schrieb Anna Beispiel <anna@example.org>:\n> Hallo Tim,\n> hast du am Donnerstag Zeit für die Probe?",
    summary: "Passt, ich bin dabei. Ich bringe den Beamer mit.",
  },
  {
    name: "a signature after the text",
    text: "Die Lieferung kommt erst am Mittwoch. Der Spediteur hat sich verspätet.\n\n-- \nKarl Lehmann\nLehmann & Söhne GmbH, Hauptstr. 5, 12345 Musterstadt\nTel. 0123 45678",
    summary: "Die Lieferung kommt erst am Mittwoch. Der Spediteur hat sich verspätet.",
  },
  {
    name: "a top-posted forward",
    text: "Zur Info, siehe unten.\n\n-----Ursprüngliche Nachricht-----\nVon: IT-Service <it@firma.example>\nGesendet: Montag, 3. März 2025 08:00\nBetreff: Wartung\n\nAm Wochenende werden die Server gewartet.",
    summary: "Zur Info, siehe unten.",
  },
  {
    name: "a thank-you that opens a notification",
    text: "Hallo Anna,\n\nvielen Dank für Ihre Bestellung Nr. 40-1177. Ihr Paket wird voraussichtlich am Do. 5. Juni geliefert.\n\nIhr Team von Beispielshop",
    summary: "Vielen Dank für Ihre Bestellung Nr. 40-1177. Ihr Paket wird voraussichtlich am Do. 5. Juni geliefert.",
  },
  {
    name: "u. a. and d. h.",
    text: "Liebe Kolleginnen und Kollegen,\n\nab Januar gelten neue Reiseregeln, u. a. für Bahnreisen, d. h. die 1. Klasse wird nur noch ab 4 Stunden erstattet. Details stehen im Intranet.\n\nViele Grüße\nPersonalabteilung",
    summary: "Ab Januar gelten neue Reiseregeln, u. a. für Bahnreisen, d. h. die 1. Klasse wird nur noch ab 4 Stunden erstattet.",
  },
  {
    name: "an amount with the euro sign and inkl./zzgl.",
    text: "Guten Tag Frau Beispiel,\n\ndas Angebot beläuft sich auf ca. 1.234,56 € inkl. MwSt. zzgl. Versand. Es ist bis zum 30. 6. gültig.\n\nMit besten Grüßen\nMöbel Schmidt",
    summary: "Das Angebot beläuft sich auf ca. 1.234,56 € inkl. MwSt. zzgl. Versand. Es ist bis zum 30. 6. gültig.",
  },
  {
    name: "HTML newsletter with links, images and an upper-cased heading",
    text: "Die neue Herbstkollektion ist da – jetzt 20 % sparen.\u200c \u200c \u200c\n\nIm Browser ansehen [https://news.shop.example/v?id=1]Shop\n[https://shop.example/logo.png]\n\n\nHERBST-SALE\n\nHallo Max,\n\nunsere Herbstkollektion ist da. Bis zum 3. 11. sparen Sie 20 % auf alle Jacken,\nz. B. auf die Modelle der Serie Nr. 5.\n\nJetzt entdecken [https://shop.example/herbst?utm_source=nl]\n\nSie erhalten diese E-Mail, weil Sie sich angemeldet haben. Abmelden\n[https://shop.example/u]",
    summary: "Die neue Herbstkollektion ist da – jetzt 20 % sparen. Unsere Herbstkollektion ist da.",
  },
  {
    name: "HTML newsletter with a long navigation bar first",
    text: `${["Damen", "Herren", "Kinder", "Sale", "Marken"].map((item) => `${item.toUpperCase()} [https://shop.example/${item}?utm_source=newsletter&utm_medium=email&utm_campaign=herbst-2025&uid=${"x".repeat(200)}]`).join("\n")}\n\nWOCHENANGEBOTE\n\nLiebe Kundin, lieber Kunde,\n\ndiese Woche erhalten Sie auf ausgewählte Winterjacken 30 % Rabatt. Das Angebot gilt nur online und solange der Vorrat reicht.\n\nZum Angebot [https://shop.example/a]`,
    summary: "Diese Woche erhalten Sie auf ausgewählte Winterjacken 30 % Rabatt. Das Angebot gilt nur online und solange der Vorrat reicht.",
  },
  {
    name: "a newsletter that opens with 'wird nicht richtig angezeigt'",
    text: "Wird diese E-Mail nicht richtig angezeigt? Online ansehen [https://verein.example/nl/7]\n\nNEWSLETTER APRIL\n\nLiebe Mitglieder,\n\ndie Jahreshauptversammlung findet am 25. April um 19 Uhr im Vereinsheim statt. Anträge bitte bis zum 10. April einreichen.",
    summary: "Die Jahreshauptversammlung findet am 25. April um 19 Uhr im Vereinsheim statt. Anträge bitte bis zum 10. April einreichen.",
  },
  {
    name: "opening hours with weekday abbreviations",
    text: "Hallo,\n\nunsere Filiale ist ab sofort Mo. bis Fr. von 9 bis 18 Uhr geöffnet. Samstags bleibt sie geschlossen.\n\nIhr Fahrradladen",
    summary: "Unsere Filiale ist ab sofort Mo. bis Fr. von 9 bis 18 Uhr geöffnet. Samstags bleibt sie geschlossen.",
  },
  {
    name: "a greeting in the first sentence",
    text: "Hallo Anna, ist die Nachzahlung schon überwiesen? Der Vermieter hat nachgefragt.\n\nViele Grüße\nBernd",
    summary: "Ist die Nachzahlung schon überwiesen? Der Vermieter hat nachgefragt.",
  },
  {
    name: "a month abbreviation in a date",
    text: "Sehr geehrte Damen und Herren,\n\nder Vertrag endet zum 31. Jan. 2026 und verlängert sich nicht automatisch. Eine Kündigung ist daher nicht nötig.\n\nMit freundlichen Grüßen\nVersicherung AG",
    summary: "Der Vertrag endet zum 31. Jan. 2026 und verlängert sich nicht automatisch. Eine Kündigung ist daher nicht nötig.",
  },
];

const ENGLISH: { name: string; text: string; summary: string }[] = [
  {
    name: "a request with a greeting in the first sentence",
    text: "Hi Anna, could you send me the figures by Friday? Thanks a lot.\n\nBest regards,\nBob",
    summary: "Could you send me the figures by Friday? Thanks a lot.",
  },
  {
    name: "e.g. and i.e.",
    text: "Hello team,\n\nplease update the docs, e.g. the install guide, i.e. the part on Docker. It is out of date since v2.3.\n\nCheers,\nSam",
    summary: "Please update the docs, e.g. the install guide, i.e. the part on Docker. It is out of date since v2.3.",
  },
  {
    name: "titles and an initial",
    text: "Dear Ms. Brown,\n\nDr. Patel and John F. Miller will join the call at 3 p.m. on Tuesday. The agenda is attached.\n\nKind regards,\nLinda",
    summary: "Dr. Patel and John F. Miller will join the call at 3 p.m. on Tuesday. The agenda is attached.",
  },
  {
    name: "an amount and an order number",
    text: "Hello,\n\nyour order No. 112-4477 of $1,234.56 has shipped. It should arrive on Monday.\n\nThe Example Store team",
    summary: "Your order No. 112-4477 of $1,234.56 has shipped. It should arrive on Monday.",
  },
  {
    name: "a URL and an address",
    text: "Hi,\n\nthe slides are at https://files.example.com/deck.pdf?dl=1. Questions go to events@conf.example.org.\n\nThanks,\nMia",
    summary: "The slides are at https://files.example.com/deck.pdf?dl=1. Questions go to events@conf.example.org.",
  },
  {
    name: "a quoted reply",
    text: "Sounds good, see you there.\n\nOn Mon, Mar 3, 2025 at 9:14 AM Anna <anna@example.org> wrote:\n> Shall we meet at the station?",
    summary: "Sounds good, see you there.",
  },
  {
    name: "a signature",
    text: "The contract is signed and filed. No further action is needed from your side.\n\n--\nJane Doe\nLegal, Example Inc.\n+1 555 0100",
    summary: "The contract is signed and filed. No further action is needed from your side.",
  },
  {
    name: "an HTML newsletter",
    text: "View this email in your browser [https://news.example.com/w/1]\n\nTHE WEEKLY DIGEST\n\nHi there,\n\nthis week we look at three ways to speed up your build. Plus: our new CLI is out.\n\nRead more [https://blog.example.com/speed]\n\nUnsubscribe [https://news.example.com/u] from this list.",
    summary: "This week we look at three ways to speed up your build. Plus: our new CLI is out.",
  },
  {
    name: "a writer's newsletter whose first line points to the web version",
    text: "View this post on the web at https://slowbuild.substack.com/p/mornings\n\nFor three years I planned my mornings to the minute. Then I stopped.\n\nUnsubscribe https://slowbuild.substack.com/action/disable_email",
    summary: "For three years I planned my mornings to the minute. Then I stopped.",
  },
  {
    name: "a thank-you notification",
    text: "Thank you for your payment of €49.00. Your receipt is attached.\n\nThanks,\nThe Billing Team",
    summary: "Thank you for your payment of €49.00. Your receipt is attached.",
  },
  {
    name: "a sent-from-my-phone footer",
    text: "Running 10 min late, start without me.\n\nSent from my iPhone",
    summary: "Running 10 min late, start without me.",
  },
];

describe("extractSummary", () => {
  test.each(GERMAN.map((entry) => [entry.name, entry] as const))("German: %s", (_, entry) => {
    expect(extractSummary(entry.text)).toBe(entry.summary);
    expect(extractSummary(entry.text, "de")).toBe(entry.summary);
  });

  test.each(ENGLISH.map((entry) => [entry.name, entry] as const))("English: %s", (_, entry) => {
    expect(extractSummary(entry.text)).toBe(entry.summary);
    expect(extractSummary(entry.text, "en")).toBe(entry.summary);
  });

  test("a very long sentence is cut at a word, never inside a URL", () => {
    const text = `Bitte beachten Sie ${"die folgenden Hinweise zur Nutzung unseres Portals ".repeat(4)}unter https://portal.example.de/hinweise/nutzung/2025 und danach.`;
    const summary = extractSummary(text);
    expect(summary.length).toBeLessThanOrEqual(SUMMARY_CHARS);
    expect(summary.endsWith("…")).toBe(true);
    expect(summary).not.toContain("https://portal.example.de/hin");
  });

  test("nothing readable gives an empty summary", () => {
    expect(extractSummary("")).toBe("");
    expect(extractSummary("https://example.com/only-a-link\n\n[image]\n\nUnsubscribe")).toBe("");
    expect(extractSummary("> only quoted\n> text")).toBe("");
  });
});
