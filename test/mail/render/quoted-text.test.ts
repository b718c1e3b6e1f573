/** Quoted parts of a mail's text found by their line structure: ">" runs with their attribution, and tails after an attribution or an Outlook separator. */
import { describe, expect, test } from "bun:test";
import { splitQuotedText } from "../../../src/mail/render/quoted-text.ts";

describe("splitQuotedText", () => {
  test("a German reply: the attribution joins the > quote below it; text after the quote stays the writer's", () => {
    expect(splitQuotedText("Hallo Anna,\n\ndanke!\n\nAm 3. Dez. 2026 um 10:00 schrieb Anna <anna@example.org>:\n> Kommst du?\n> Gruß\n\nBis dann")).toEqual([
      { quoted: false, text: "Hallo Anna,\n\ndanke!" },
      { quoted: true, text: "Am 3. Dez. 2026 um 10:00 schrieb Anna <anna@example.org>:\n> Kommst du?\n> Gruß" },
      { quoted: false, text: "Bis dann" },
    ]);
  });

  test("an attribution wrapped onto two lines, and an English one", () => {
    expect(splitQuotedText("Ok\n\nAm 3. Dez. 2026 um 10:00 schrieb Anna\n<anna@example.org>:\n> x")).toEqual([
      { quoted: false, text: "Ok" },
      { quoted: true, text: "Am 3. Dez. 2026 um 10:00 schrieb Anna\n<anna@example.org>:\n> x" },
    ]);
    expect(splitQuotedText("Sure.\n\nOn Tue, Dec 3, 2026 at 10:00 AM Anna <anna@example.org> wrote:\n> Lunch?")).toEqual([
      { quoted: false, text: "Sure." },
      { quoted: true, text: "On Tue, Dec 3, 2026 at 10:00 AM Anna <anna@example.org> wrote:\n> Lunch?" },
    ]);
  });

  test("tails without >: after an attribution or an Outlook separator, the rest is the earlier mail", () => {
    expect(splitQuotedText("Yes.\n\nOn Tue, Dec 3, 2026 at 10:00 AM Anna <anna@example.org> wrote:\nOld text\nmore")).toEqual([
      { quoted: false, text: "Yes." },
      { quoted: true, text: "On Tue, Dec 3, 2026 at 10:00 AM Anna <anna@example.org> wrote:\nOld text\nmore" },
    ]);
    expect(splitQuotedText("Hi\n-----Ursprüngliche Nachricht-----\nVon: x\nAn: y")).toEqual([
      { quoted: false, text: "Hi" },
      { quoted: true, text: "-----Ursprüngliche Nachricht-----\nVon: x\nAn: y" },
    ]);
  });

  test("a loose 'X schrieb:' folds only above a > quote; text without quotes is one block", () => {
    expect(splitQuotedText("Anna schrieb:\nNicht zitiert")).toEqual([{ quoted: false, text: "Anna schrieb:\nNicht zitiert" }]);
    expect(splitQuotedText("Gut.\nAnna schrieb:\n> Zitat")).toEqual([
      { quoted: false, text: "Gut." },
      { quoted: true, text: "Anna schrieb:\n> Zitat" },
    ]);
    expect(splitQuotedText("Nur Text.\n\nZweiter Absatz.")).toEqual([{ quoted: false, text: "Nur Text.\n\nZweiter Absatz." }]);
    expect(splitQuotedText("")).toEqual([]);
  });
});

describe("splitQuotedText on hostile text", () => {
  test("long lines of spaces or near-attributions are not tested against the patterns", () => {
    const lines = [" ".repeat(500_000), `Am ${"x ".repeat(200_000)} schrieb:`, "> q"].join("\n");
    const blocks = splitQuotedText(lines);
    expect(blocks.map((block) => block.quoted)).toEqual([false, true]);
  });
});
