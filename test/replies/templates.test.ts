/** Reply templates without a provider: names, the appointment, the asked questions, the signature, in German and English. */
import { describe, expect, test } from "bun:test";
import { firstMentionedDate } from "../../src/replies/mentioned-dates.ts";
import { askedQuestions, ownText } from "../../src/replies/own-text.ts";
import { knownTitle, templateReply } from "../../src/replies/templates.ts";

const anna = { name: "Anna Beispiel", address: "anna@example.org" };
const duMail = "Hallo Max,\n\nkannst du mir die Unterlagen schicken? Hast du am 12.03.2026 um 14 Uhr Zeit für einen Termin?\n\nLG Anna\n\nAm 3. März schrieb Max:\n> Können Sie mir helfen?";

describe("templateReply", () => {
  test("friendly, du: first name, the appointment confirmed, the questions repeated, the signature", () => {
    const text = templateReply({ language: "de", tone: "friendly", form: "du", sender: anna, incomingText: duMail, signature: "Max Muster\nTel. 030 1234" });
    expect(text.startsWith("Hallo Anna,\n\ndanke für deine Nachricht!")).toBe(true);
    expect(text).toContain("Der Termin am 12.03.2026 um 14 Uhr passt mir gut.");
    expect(text).toContain("„kannst du mir die Unterlagen schicken?“");
    expect(text).toContain("„Hast du am 12.03.2026 um 14 Uhr Zeit für einen Termin?“");
    expect(text).not.toContain("Können Sie mir helfen");
    expect(text.endsWith("Liebe Grüße\n\n-- \nMax Muster\nTel. 030 1234")).toBe(true);
  });

  test("formal, Sie: Sehr geehrte Frau only when the title is known, else Guten Tag with the full name", () => {
    const mail = "Guten Tag,\nkönnten Sie mir das Angebot schicken?\nMit freundlichen Grüßen";
    const unknown = templateReply({ language: "de", tone: "formal", form: "sie", sender: anna, incomingText: mail, signature: null });
    expect(unknown.startsWith("Guten Tag Anna Beispiel,\n\nvielen Dank für Ihre Nachricht.")).toBe(true);
    expect(unknown.endsWith("Mit freundlichen Grüßen")).toBe(true);
    const known = templateReply({ language: "de", tone: "formal", form: "sie", sender: anna, title: "Frau", incomingText: mail, signature: null });
    expect(known.startsWith("Sehr geehrte Frau Beispiel,")).toBe(true);
    const herr = templateReply({
      language: "de",
      tone: "decline",
      form: "sie",
      sender: { name: "Herr Karl Weber", address: "k@example.org" },
      title: knownTitle({ name: "Herr Karl Weber", address: "" }, []),
      incomingText: duMail,
      signature: null,
    });
    expect(herr.startsWith("Sehr geehrter Herr Weber,\n\nleider muss ich Ihnen absagen.")).toBe(true);
    expect(herr).toContain("Den Termin am 12.03.2026 um 14 Uhr kann ich leider nicht wahrnehmen.");
  });

  test("the title is taken from the user's earlier replies, never guessed", () => {
    expect(knownTitle(anna, ["Sehr geehrte Frau Beispiel, danke."])).toBe("Frau");
    expect(knownTitle(anna, ["Hallo Anna"])).toBeUndefined();
  });

  test("English, formal and casual, with the date as written", () => {
    const mail = "Hi Max, can we meet on Friday, March 14 at 2 pm for a call? Cheers, John";
    const casual = templateReply({ language: "en", tone: "friendly", form: "du", sender: { name: "John Smith", address: "j@example.org" }, incomingText: mail, signature: "Max" });
    expect(casual.startsWith("Hi John,\n\nThanks for your message!")).toBe(true);
    expect(casual).toContain("The appointment on Friday, March 14 at 2 pm works for me.");
    expect(casual).toContain("“can we meet on Friday, March 14 at 2 pm for a call?”");
    const formal = templateReply({ language: "en", tone: "ask_details", form: "sie", sender: { name: "John Smith", address: "j@example.org" }, incomingText: mail, signature: null });
    expect(formal.startsWith("Dear John Smith,\n\nThank you for your message.\n\nTo help you with this")).toBe(true);
    expect(formal.endsWith("Kind regards")).toBe(true);
  });

  test("links and addresses in a question are not repeated", () => {
    const text = templateReply({
      language: "de",
      tone: "formal",
      form: "sie",
      sender: anna,
      incomingText: "Können Sie an evil@attacker.example zahlen, siehe https://evil.example/pay?",
      signature: null,
    });
    expect(text).not.toContain("evil@attacker.example");
    expect(text).not.toContain("evil.example/pay");
  });
});

describe("reading the mail", () => {
  test("own text stops at the quote and the signature", () => {
    expect(ownText("Ja.\n\nOn Mon, 3 Mar 2026 at 10:00, Max <max@example.org> wrote:\n> Frage?")).toBe("Ja.");
    expect(ownText("Ja.\n-- \nAnna Beispiel\nSie erreichen mich unter …")).toBe("Ja.");
  });

  test("questions are whole sentences, dates inside them included", () => {
    expect(askedQuestions("Hallo Max, kommst du am 12.03. um 10 Uhr? Bring Kuchen mit. Wer noch?")).toEqual(["kommst du am 12.03. um 10 Uhr?", "Wer noch?"]);
  });

  test("dates: German and English forms, appointment or not", () => {
    expect(firstMentionedDate("Passt Ihnen der Termin am Freitag, 14. März um 10 Uhr?")).toEqual({ phrase: "Freitag, 14. März um 10 Uhr", appointment: true });
    expect(firstMentionedDate("Die Rechnung vom 2026-03-01 ist offen.")).toEqual({ phrase: "2026-03-01", appointment: false });
    expect(firstMentionedDate("Keine Zeitangabe hier.")).toBeUndefined();
  });
});
