/** Sie or du (formal or casual in English): from the other side's own text and the user's earlier replies, with the reason shown. */
import { describe, expect, test } from "bun:test";
import { chooseAddressForm, firstName, formality } from "../../src/replies/address-form.ts";

const choose = (incoming: string, earlier: { text: string; sentAt: Date | null }[] = [], language: "de" | "en" = "de") =>
  chooseAddressForm({ incoming, language, earlier, senderName: "Anna Beispiel" });

describe("formality", () => {
  test("du: pronouns, Hallo <Vorname>, Liebe/r, LG", () => {
    expect(formality("Hallo Max,\nkannst du mir morgen helfen?\nLG Anna", "de")).toBeLessThan(0);
    expect(formality("Liebe Sabine,\nwie geht es dir?\nViele Grüße", "de")).toBeLessThan(0);
  });

  test("Sie: capitalised mid-sentence, Sehr geehrte, Mit freundlichen Grüßen", () => {
    expect(formality("Sehr geehrter Herr Weber,\nkönnten Sie mir das Angebot schicken?\nMit freundlichen Grüßen", "de")).toBeGreaterThan(0);
    expect(formality("Guten Tag,\nich danke Ihnen für die schnelle Antwort.", "de")).toBeGreaterThan(0);
  });

  test("a sentence starting with Sie (she/they) is no Sie", () => {
    expect(formality("Hallo Tom,\nSie hat gestern angerufen. Ihr Auto steht noch vor der Tür. Kommst du?", "de")).toBeLessThan(0);
    expect(formality("Sie hat gestern angerufen.", "de")).toBe(0);
  });

  test("Ihnen in the quoted part is someone else's: the own text decides", () => {
    const text =
      "Hallo Max,\nklar, mach ich.\n\nAm 3. März 2026 schrieb Max Muster <max@example.org>:\n> Sehr geehrte Frau Beispiel, darf ich Ihnen die Unterlagen schicken?\n> Mit freundlichen Grüßen";
    expect(formality(text, "de")).toBeLessThanOrEqual(0);
    expect(formality("Danke!\n\n-----Ursprüngliche Nachricht-----\nVon: Max\nGesendet: Montag\nKönnen Sie mir helfen? Ich danke Ihnen.", "de")).toBe(0);
  });

  test("English: register only", () => {
    expect(formality("Dear Mr Smith,\nwould you kindly send the report?\nKind regards", "en")).toBeGreaterThan(0);
    expect(formality("Hi Max, can't make it tomorrow, btw\nCheers", "en")).toBeLessThan(0);
  });
});

describe("chooseAddressForm", () => {
  test("the incoming text decides, with the sender's first name in the reason", () => {
    expect(choose("Hallo Max, kannst du am Freitag kommen?")).toEqual({ form: "du", reason: { code: "incoming", name: "Anna" } });
    expect(choose("Sehr geehrter Herr Muster, können Sie mir helfen?")).toEqual({ form: "sie", reason: { code: "incoming", name: "Anna" } });
  });

  test("no evidence: Sie, the safe default", () => {
    expect(choose("Termin am 12.03.")).toEqual({ form: "sie", reason: { code: "default", name: "Anna" } });
  });

  test("the user's earlier replies to that sender count, the latest most", () => {
    const older = { text: "Hallo Anna, kannst du …", sentAt: new Date("2026-01-01T10:00:00Z") };
    const latest = { text: "Sehr geehrte Frau Beispiel, vielen Dank für Ihre Nachricht. Mit freundlichen Grüßen", sentAt: new Date("2026-02-01T10:00:00Z") };
    expect(choose("Termin am 12.03.", [older, latest])).toEqual({ form: "sie", reason: { code: "earlier", name: "Anna" } });
    expect(choose("Termin am 12.03.", [{ ...older, sentAt: new Date("2026-03-01T10:00:00Z") }, latest])).toEqual({ form: "du", reason: { code: "earlier", name: "Anna" } });
  });

  test("the user's choice wins", () => {
    expect(chooseAddressForm({ incoming: "Hallo Max, kannst du …", language: "de", earlier: [], senderName: "Anna Beispiel", chosen: "sie" })).toEqual({
      form: "sie",
      reason: { code: "chosen", name: "Anna" },
    });
  });

  test("first names from display names", () => {
    expect(firstName("Anna Beispiel")).toBe("Anna");
    expect(firstName("Beispiel, Anna")).toBe("Anna");
    expect(firstName("Dr. Anna Beispiel")).toBe("Anna");
    expect(firstName("anna@example.org")).toBe("");
  });
});
