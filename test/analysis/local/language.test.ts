import { describe, expect, test } from "bun:test";
import { detectLanguage } from "../../../src/analysis/local/language.ts";

// Written for the project: subjects and short bodies as they arrive in a German user's inbox.
const GERMAN = [
  ["Ihre Bestellung wurde versandt", ""],
  ["Rechnung für März", ""],
  ["Einladung zum Jour fixe am Donnerstag", ""],
  ["Erinnerung: Termin morgen um 10 Uhr", ""],
  ["Kündigung Ihres Vertrags", ""],
  ["Neue Nachricht von Ihrer Hausverwaltung", ""],
  ["Frage zur Nebenkostenabrechnung", "Hallo Frau Beispiel, ist die Nachzahlung schon überwiesen? Danke und viele Grüße"],
  ["Projekt", "Hallo Anna,\n\nanbei der aktuelle Stand. Die Arbeiten laufen wie geplant weiter.\n\nViele Grüße\nBernd"],
  ["", "Sehr geehrte Damen und Herren, wir haben Ihre Zahlung erhalten und bedanken uns für Ihr Vertrauen."],
  ["Sicherheitshinweis zu Ihrem Kundenkonto", ""],
] as const;

const DUTCH = [
  ["Uw bestelling is verzonden", ""],
  ["Factuur voor maart", ""],
  ["Uitnodiging voor de vergadering van donderdag", ""],
  ["Herinnering: afspraak morgen om 10 uur", ""],
  ["Nieuw bericht van uw verhuurder", ""],
  ["Vraag over de rekening", "Hallo Anna, is de betaling al gedaan? Bedankt en vriendelijke groeten"],
  ["", "Beste klant, wij hebben uw betaling ontvangen en danken u voor het vertrouwen."],
  ["Project", "Hoi Anna,\n\nhierbij de huidige stand van het project. Het werk loopt zoals gepland verder.\n\nGroeten\nBernd"],
] as const;

const ENGLISH = [
  ["Your order has shipped", ""],
  ["Invoice for March", ""],
  ["Reminder: meeting tomorrow at 10", ""],
  ["Please confirm your account", ""],
  ["New sign-in to your account", ""],
  ["Question about the report", "Hi Anna, could you send me the figures by Friday? Thanks"],
  ["Status", "Hi Anna,\n\nthe build is green again and we can ship it on Monday. Thanks for your help with the tests.\n\nBest regards,\nBob"],
  ["", "Dear customer, we have received your payment and thank you for your trust."],
] as const;

describe("detectLanguage", () => {
  test.each(GERMAN)("German: %p", (subject, text) => {
    expect(detectLanguage(subject, text)).toBe("de");
  });

  test.each(DUTCH)("Dutch, never German: %p", (subject, text) => {
    expect(detectLanguage(subject, text)).toBe("nl");
  });

  test.each(ENGLISH)("English: %p", (subject, text) => {
    expect(detectLanguage(subject, text)).toBe("en");
  });

  test("too little text, numbers or another language is no answer", () => {
    expect(detectLanguage("", "12345")).toBeNull();
    expect(detectLanguage("Re: 4711", "")).toBeNull();
    expect(detectLanguage("OK", "")).toBeNull();
    expect(detectLanguage("Votre commande", "Bonjour, votre commande a été expédiée aujourd'hui.")).toBeNull();
  });

  test("words German and Dutch share count for neither", () => {
    // "die", "als", "morgen" and "alle" are German and Dutch alike.
    expect(detectLanguage("morgen", "")).toBeNull();
    expect(detectLanguage("alle", "die als")).toBeNull();
  });

  test("a declared Content-Language tips a short, unclear text", () => {
    expect(detectLanguage("Status", "", "de-DE")).toBe("de");
    expect(detectLanguage("Status", "", "nl")).toBe("nl");
    // …but does not outvote the text itself.
    expect(detectLanguage("", "Hallo Anna, anbei die Unterlagen für die Besprechung. Viele Grüße und bis morgen, Bernd", "en")).toBe("de");
  });

  test("German mixed with English loan words is still German", () => {
    expect(detectLanguage("Meeting-Einladung: Kick-off für das neue Feature", "")).toBe("de");
    expect(detectLanguage("Dein Update ist da", "Das neue Release bringt viele Verbesserungen für dein Team.")).toBe("de");
  });
});
