/** The anonymiser on its own: every kind of personal data out, the same placeholder for the same value, and back again for the user. */
import { describe, expect, test } from "bun:test";
import { anonymise, createAnonymiser } from "../../../src/analysis/llm/anonymise.ts";
import { invoiceInput, PLANTED } from "./fixtures.ts";

const people = () => {
  const input = invoiceInput();
  return [...input.from, ...input.to, ...input.cc];
};

describe("createAnonymiser", () => {
  test("replaces every planted address, phone number, IBAN, URL and name, and restore brings each back", () => {
    const anonymiser = createAnonymiser(people());
    const text = invoiceInput().text;
    const out = anonymiser.text(text);
    for (const value of [...PLANTED.emails.slice(2), ...PLANTED.phones, ...PLANTED.ibans, ...PLANTED.urls, "Anna Schmidt", "Mustermann"]) {
      expect({ value, leaked: out.includes(value) }).toEqual({ value, leaked: false });
    }
    expect(out).toStartWith("Hallo «PERSON_2»,");
    expect(out).toContain("Herr «PERSON_2».");
    expect(out).toContain("auf «IBAN_1» (alternativ «IBAN_2»)");
    expect(out).toContain("unter «URL_1».");
    expect(out).toContain("unter «PHONE_1» oder mobil «PHONE_2», das Büro unter «PHONE_3»,");
    expect(out).toContain("«PHONE_4»");
    expect(anonymiser.counts()).toEqual({ EMAIL: 2, PHONE: 4, IBAN: 2, URL: 1, PERSON: 2 });
    // What is not personal stays as it was: dates, times, amounts, the invoice number.
    for (const kept of ["Rechnung 4711", "28.11.2026", "1.234,56 EUR", "05.12.2026 um 12:00", "München", "Viele Grüße"]) expect(out).toContain(kept);

    expect(anonymiser.restore("«PERSON_1» bittet «PERSON_2», «IBAN_1» zu nutzen; Rückfragen an «PHONE_1» oder «EMAIL_1», Link «URL_1».")).toBe(
      "Anna Schmidt bittet Max Mustermann, DE89 3704 0044 0532 0130 00 zu nutzen; Rückfragen an +49 30 1234567 oder buchhaltung@beispiel-firma.de, Link https://portal.beispiel-firma.de/rechnung/4711?kunde=42.",
    );
  });

  test("the same value gets the same placeholder across texts (message and thread), however it is spaced or cased", () => {
    const anonymiser = createAnonymiser(people());
    const first = anonymiser.text("IBAN DE89 3704 0044 0532 0130 00, mail Anna.Schmidt@Beispiel-Firma.de, Tel. +49 30 1234567");
    const second = anonymiser.text("IBAN DE89370400440532013000, mail anna.schmidt@beispiel-firma.de, Tel. +49 (30) 123 45 67, anna schmidt");
    expect(first).toBe("IBAN «IBAN_1», mail «EMAIL_1», Tel. «PHONE_1»");
    expect(second).toBe("IBAN «IBAN_1», mail «EMAIL_1», Tel. «PHONE_1», «PERSON_1»");
  });

  test("restore also takes placeholders a model wrote without guillemets, and leaves unknown ones", () => {
    const anonymiser = createAnonymiser(people());
    anonymiser.text("Schreib an anna.schmidt@beispiel-firma.de");
    expect(anonymiser.restore("Reply to EMAIL_1 and «EMAIL_9».")).toBe("Reply to anna.schmidt@beispiel-firma.de and «EMAIL_9».");
  });

  test("leaves dates, times, amounts, postcodes and version numbers alone", () => {
    const anonymiser = createAnonymiser([]);
    const text = "Termin 2026-01-05 08:30, Betrag 0,50 €, 10115 Berlin, Version 0.9.12, Zimmer 0.12, Bestellung vom 01.12.2026";
    expect(anonymiser.text(text)).toBe(text);
  });

  test("name parts that are ordinary words (Team, Service, GmbH) are not treated as names", () => {
    const anonymiser = createAnonymiser([{ name: "Service Team der Beispiel GmbH", address: "service@beispiel.de" }]);
    expect(anonymiser.text("Unser Team hilft gern. Service Team der Beispiel GmbH")).toBe("Unser Team hilft gern. «PERSON_1»");
  });

  test("anonymise(): texts and restore in one call", () => {
    const { texts, restore } = anonymise(["Ruf an: 0171 9876543", "Mail: max@example.org"], []);
    expect(texts).toEqual(["Ruf an: «PHONE_1»", "Mail: «EMAIL_1»"]);
    expect(restore("«PHONE_1» / «EMAIL_1»")).toBe("0171 9876543 / max@example.org");
  });
});
