/** The search box taken apart: words, phrases, operators in English and German, and input that is not meant kindly. */
import { describe, expect, test } from "bun:test";
import { parseListQuery } from "../../src/inbox/list-query.ts";
import { isEmptySearch, parseSearch } from "../../src/inbox/search-query.ts";
import { MAX_SEARCH_QUERY_CHARS } from "../../src/search/limits.ts";

describe("parseSearch", () => {
  test("words and quoted phrases are text; a phrase stays one piece", () => {
    const query = parseSearch('Termin "Rechnung März" Büro');
    expect(query.text).toEqual(["Termin", "Rechnung März", "Büro"]);
    expect(query.operators).toBe(0);
  });

  test("every operator, in English", () => {
    const query = parseSearch('from:anna to:"Bob Meier" has:attachment in:archive in:Projekte is:unread is:flagged is:done rechnung');
    expect(query).toEqual({
      text: ["rechnung"],
      from: ["anna"],
      to: ["Bob Meier"],
      folderRoles: ["archive"],
      folderNames: ["projekte"],
      hasAttachment: true,
      tags: [],
      read: false,
      flagged: true,
      done: true,
      operators: 8,
    });
  });

  test("the German spellings mean the same", () => {
    const query = parseSearch("von:anna an:bob hat:anhang in:archiv in:papierkorb in:posteingang in:gesendet ist:ungelesen ist:markiert ist:erledigt");
    expect(query).toMatchObject({ from: ["anna"], to: ["bob"], folderRoles: ["archive", "trash", "inbox", "sent"], hasAttachment: true, read: false, flagged: true, done: true, operators: 10 });
    expect(parseSearch("VON:Anna IST:GELESEN in:Spam").read).toBe(true);
    expect(parseSearch("in:Spam").folderRoles).toEqual(["junk"]);
  });

  test("what is not an operator is searched as text: unknown names, times, links, unknown values", () => {
    expect(parseSearch("foo:bar 10:30 https://example.org/x Re:Angebot").text).toEqual(["foo:bar", "10:30", "https://example.org/x", "Re:Angebot"]);
    const odd = parseSearch("is:wichtig has:kuchen");
    expect(odd.text).toEqual(["is:wichtig", "has:kuchen"]);
    expect(odd.operators).toBe(0);
  });

  test("an operator without a value is dropped; a box of only that asks for nothing", () => {
    const query = parseSearch('from: to:"" in:');
    expect(query.from).toEqual([]);
    expect(query.to).toEqual([]);
    expect(isEmptySearch(query)).toBe(true);
    expect(isEmptySearch(parseSearch('"'))).toBe(true);
    expect(isEmptySearch(parseSearch("   "))).toBe(true);
    expect(isEmptySearch(parseSearch("is:unread"))).toBe(false);
  });

  test("unbalanced quotes run to the end instead of failing", () => {
    expect(parseSearch('Angebot "Rechnung März').text).toEqual(["Angebot", "Rechnung März"]);
    expect(parseSearch('von:"Anna Schmidt').from).toEqual(["Anna Schmidt"]);
    expect(parseSearch('"""').text).toEqual([]);
  });

  test("very long and unusual input: bounded by the list's limit, unicode kept, no throw", () => {
    const long = `${"von:x ".repeat(80)}${'"'.repeat(50)}${"ä".repeat(300)}`.slice(0, MAX_SEARCH_QUERY_CHARS);
    expect(() => parseSearch(long)).not.toThrow();
    expect(parseSearch(long).from.length).toBeGreaterThan(50);
    expect(() => parseListQuery({ q: "x".repeat(MAX_SEARCH_QUERY_CHARS + 1) })).toThrow();
    // NFKC: full-width letters and a ligature become plain letters, so the operator is still one.
    expect(parseSearch("ｆｒｏｍ:anna ﬁnanz").from).toEqual(["anna"]);
    expect(parseSearch("von:Jörg 😀 中文").text).toEqual(["😀", "中文"]);
    expect(parseSearch("\u0000from:anna\u200b").from.length).toBe(1);
  });
});

describe("parseListQuery with a search", () => {
  test("a search covers done mail unless the done filter is chosen; the list without one stays open", () => {
    expect(parseListQuery({}).filters.done).toBe("open");
    expect(parseListQuery({ q: "rechnung" }).filters.done).toBe("all");
    expect(parseListQuery({ q: "rechnung", done: "open" }).filters.done).toBe("open");
    expect(parseListQuery({ q: "rechnung ist:erledigt" }).filters.done).toBe("done");
    // A box that asks for nothing is no search.
    expect(parseListQuery({ q: "von:" }).filters).toMatchObject({ done: "open", q: undefined, search: undefined });
  });

  test("is: and has: become the list's own filters, over the form's", () => {
    expect(parseListQuery({ q: "ist:ungelesen hat:anhang ist:markiert", read: "yes" }).filters).toMatchObject({ read: false, attachments: true, flagged: true });
    expect(parseListQuery({ q: "rechnung", read: "yes" }).filters.read).toBe(true);
  });
});
