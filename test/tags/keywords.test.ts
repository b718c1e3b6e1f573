/** Keywords made from tag names: readable, valid RFC 3501 atoms, never a registered `$` keyword. */
import { describe, expect, test } from "bun:test";
import { isSystemKeyword, keywordFromName } from "../../src/tags/keywords.ts";
import { KEYWORD_MAX_CHARS } from "../../src/tags/limits.ts";
import { cleanTagName } from "../../src/tags/tag-name.ts";

const ATOM = /^(?:(?![(){%*"\\\]])[\x21-\x7e])+$/;

describe("keywordFromName", () => {
  test.each([
    ["Rechnungen 2026", "Rechnungen_2026"],
    ["Übersetzung (Fr.)", "Uebersetzung_Fr."],
    ["Straße & Maß", "Strasse_&_Mass"],
    ["Café déjà-vu", "Cafe_deja-vu"],
    ['Quote"d\\ 100% [x]* {y}', "Quoted_100_[x_y}"],
    ["$label1", "label1"],
    ["日本語", ""],
  ])("%p → %p", (name, keyword) => {
    expect(keywordFromName(name)).toBe(keyword);
    if (keyword) expect(keyword).toMatch(ATOM);
  });

  test("cut to what servers keep", () => {
    expect(keywordFromName("Sehr langer Schlagwortname ".repeat(5)).length).toBe(KEYWORD_MAX_CHARS);
  });
});

describe("isSystemKeyword", () => {
  test("registered and junk keywords are not tags; a user's keyword is", () => {
    for (const keyword of ["$Forwarded", "$MDNSent", "$label1", "Junk", "NonJunk", "notjunk", "\\Seen"]) expect({ keyword, system: isSystemKeyword(keyword) }).toEqual({ keyword, system: true });
    for (const keyword of ["Projekt_Alpha", "Rechnungen", "todo"]) expect({ keyword, system: isSystemKeyword(keyword) }).toEqual({ keyword, system: false });
  });
});

describe("cleanTagName", () => {
  test("trims, collapses white space and drops invisible characters", () => {
    expect(cleanTagName("  Steuer\u200b 2026 \n")).toBe("Steuer 2026");
  });
});
