/** The tokeniser and the blind index: normalisation, spellings, per-user keys, query tokens. */
import { describe, expect, test } from "bun:test";
import { generateDataKey } from "../../src/crypto/data-key.ts";
import { messageTokens, queryTokens, searchKey, searchTokenizer, wordToken } from "../../src/search/blind-index.ts";
import { MAX_SEARCH_TOKENS } from "../../src/search/limits.ts";
import { spellings, words } from "../../src/search/tokenise.ts";

describe("words", () => {
  test("lower case, NFKC, split at everything but letters and digits, each once", () => {
    expect(words("Rechnung RECHNUNG rechnung, Nr. 2026-17!")).toEqual(["rechnung", "nr", "2026", "17"]);
    // NFKC: the ligature and the full-width letters become plain letters; a decomposed ü becomes one letter.
    expect(words("ﬁnanz ＡＢＣ mu\u0308ller")).toEqual(["finanz", "abc", "müller"]);
  });

  test("addresses fall apart into their parts; single letters and very long runs are left out", () => {
    expect(words("Anna Schmidt <anna.schmidt@uni-example.de>")).toEqual(["anna", "schmidt", "uni", "example", "de"]);
    expect(words(`a b ${"x".repeat(41)} ok`)).toEqual(["ok"]);
  });
});

describe("spellings", () => {
  test("umlauts as written, transliterated and stripped; ASCII words as they are", () => {
    expect(spellings("müller")).toEqual(["müller", "mueller", "muller"]);
    expect(spellings("straße")).toEqual(["straße", "strasse"]);
    expect(spellings("café")).toEqual(["café", "cafe"]);
    expect(spellings("rechnung")).toEqual(["rechnung"]);
  });
});

describe("tokens", () => {
  const alice = searchKey(generateDataKey());
  const bob = searchKey(generateDataKey());

  test("the same word gives the same token for one user, another for another user", () => {
    expect(wordToken(alice, "rechnung")).toBe(wordToken(alice, "rechnung"));
    expect(wordToken(alice, "rechnung")).not.toBe(wordToken(bob, "rechnung"));
    expect(wordToken(alice, "rechnung")).not.toBe(wordToken(alice, "rechnungen"));
    // A signed 64-bit value, as PostgreSQL's bigint holds it.
    const token = wordToken(alice, "rechnung");
    expect(token >= -(2n ** 63n) && token < 2n ** 63n).toBe(true);
  });

  test("the sender's and the recipients' words are also held by field, which from: and to: ask for", () => {
    const tokens = new Set(
      messageTokens(alice, {
        subject: "Rechnung",
        from: [{ name: "Jörg Müller", address: "joerg@example.org" }],
        to: [{ name: "", address: "anna@firma.de" }],
        cc: [{ name: "Bea Kurz", address: "bea@firma.de" }],
        text: "Grüße an Carla",
      }),
    );
    const holds = (query: string, field?: "from" | "to") => queryTokens(alice, query, field).every((token) => tokens.has(token));
    expect([holds("mueller", "from"), holds("Müll", "from"), holds("example.org", "from"), holds("anna@firma.de", "to"), holds("kurz", "to")]).toEqual([true, true, true, true, true]);
    // A word elsewhere is not the field's; the field's words are not plain words of the recipients.
    expect([holds("rechnung", "from"), holds("carla", "to"), holds("anna", "from"), holds("joerg", "to"), holds("anna")]).toEqual([false, false, false, false, false]);
  });

  test("a message's tokens cover subject, sender and body in every spelling; the query is tokenised the same way", () => {
    const tokens = new Set(messageTokens(alice, { subject: "Ihre Rechnung", from: [{ name: "Jörg Müller", address: "joerg@example.org" }], text: "Die Straße ist gesperrt." }));
    for (const query of ["rechnung", "RECHNUNG", "Müller", "mueller", "muller", "jörg", "joerg", "example.org", "strasse", "Straße gesperrt"]) {
      const wanted = queryTokens(alice, query);
      expect({ query, found: wanted.length > 0 && wanted.every((token) => tokens.has(token)) }).toEqual({ query, found: true });
    }
    expect(queryTokens(alice, "rechnungen").every((token) => tokens.has(token))).toBe(false);
    expect(queryTokens(bob, "rechnung").every((token) => tokens.has(token))).toBe(false);
  });

  test("a word of four letters or more finds the words it begins, German compounds included", () => {
    const tokens = new Set(messageTokens(alice, { subject: "Terminanfrage für die Nebenkostenabrechnung", from: [], text: "Ihre Rechnung Nr. 17 über 204,00 EUR" }));
    const finds = (query: string) => queryTokens(alice, query).every((token) => tokens.has(token));
    for (const query of ["Rech", "rechn", "Termin", "terminanfrage", "Nebenkosten", "nebenkostenabrechnung", "nr 17", "für"]) expect({ query, found: finds(query) }).toEqual({ query, found: true });
    // Not a prefix of any word, or a word longer than the message's.
    for (const query of ["echnung", "rechnungen", "Terminabsage", "re"]) expect({ query, found: finds(query) }).toEqual({ query, found: false });
    // Words beyond the longest prefix are cut to it: their inflections match, other words do not.
    expect(queryTokens(alice, "nebenkostenabrechnungen")).toEqual(queryTokens(alice, "nebenkosten"));
  });

  test("a query without a word of two letters has no tokens; duplicates count once", () => {
    expect(queryTokens(alice, "a . !")).toEqual([]);
    expect(queryTokens(alice, "Rechnung rechnung")).toHaveLength(1);
  });

  test("a huge body is capped, keeping subject and sender", () => {
    const text = Array.from({ length: 10_000 }, (_, index) => `wort${index}`).join(" ");
    const tokens = new Set(messageTokens(alice, { subject: "Betreff", from: [{ name: "", address: "x@example.org" }], text }));
    expect(tokens.size).toBeLessThanOrEqual(MAX_SEARCH_TOKENS + 2);
    expect(tokens.has(queryTokens(alice, "Betreff")[0]!)).toBe(true);
    expect(tokens.has(queryTokens(alice, "wort9999")[0]!)).toBe(false);
  });

  test("the tokenizer a sync stores with gives the same tokens as messageTokens, message after message, as an array literal", () => {
    const tokensOf = searchTokenizer(alice);
    const messages = [
      { subject: "Ihre Rechnung", from: [{ name: "Jörg Müller", address: "joerg@example.org" }], to: [{ name: "", address: "anna@firma.de" }], text: "Die Straße ist gesperrt." },
      { subject: "Re: Ihre Rechnung", from: [{ name: "Anna", address: "anna@firma.de" }], text: "Danke, Jörg. Die Rechnung ist bezahlt." },
      { subject: "Rechnung", from: [], text: "" },
    ];
    for (const message of messages) expect(tokensOf(message)).toBe(`{${messageTokens(alice, message).join(",")}}`);
    // Under another key, other tokens, though the terms were kept under Alice's.
    expect(searchTokenizer(bob)(messages[0]!)).toBe(`{${messageTokens(bob, messages[0]!).join(",")}}`);
  });
});
