import { describe, expect, test } from "bun:test";
import { tagFeatures } from "../../../src/analysis/local/tag-features.ts";
import {
  deserializeTagModel,
  emptyTagModel,
  learnTag,
  MAX_SUGGESTIONS,
  MAX_WEIGHTS_PER_TAG,
  MIN_CONFIDENCE,
  serializeTagModel,
  suggestFromModel,
  TAG_REASON_CODES,
  type TagModel,
} from "../../../src/analysis/local/tag-model.ts";
import { t } from "../../../src/i18n/messages.ts";
import { message } from "./input.ts";

const TAGS = [
  { id: "t-rechnung", name: "Rechnungen" },
  { id: "t-uni", name: "Uni" },
  { id: "t-familie", name: "Familie" },
];
const none = { exclude: new Set<string>() };
const [RECHNUNG, UNI] = TAGS as [(typeof TAGS)[0], (typeof TAGS)[0]];

const invoice = (month: string) =>
  tagFeatures(
    message({
      subject: `Ihre Abrechnung für ${month}`,
      from: [{ name: "Stadtwerke", address: "kundenservice@swm.example" }],
      text: `Sehr geehrter Herr Müller,\n\nder Abschlag für ${month} beträgt 84,00 €.\n\nSWM Kundenservice`,
    }),
    "account-1",
  );
const lecture = (n: number) =>
  tagFeatures(
    message({
      subject: `Vorlesung ${n} entfällt`,
      from: [{ name: "Fachschaft", address: "fs@uni.example" }],
      headers: { "list-id": "Studierende <studierende.uni.example>" },
      text: "Liebe Studierende, die Vorlesung entfällt diese Woche.",
    }),
    "account-2",
  );
const party = tagFeatures(message({ subject: "Grillfest", from: [{ name: "Bernd", address: "bernd@privat.example" }], text: "Hallo zusammen, am Samstag grillen wir im Garten." }), "account-1");

function confidenceOf(model: TagModel, features: ReturnType<typeof tagFeatures>, tagId: string, exclude = new Set<string>()): number {
  return suggestFromModel(model, features, TAGS, { exclude }).find((suggestion) => suggestion.tagId === tagId)?.confidence ?? 0;
}

describe("tag model", () => {
  test("learns a sender-driven tag after a few examples, with the sender as reason, and leaves other mail alone", () => {
    const model = emptyTagModel();
    learnTag(model, invoice("Juni"), RECHNUNG, 1);
    learnTag(model, invoice("Juli"), RECHNUNG, 1);
    const [suggestion] = suggestFromModel(model, invoice("August"), TAGS, none);
    expect(suggestion).toMatchObject({ tagId: "t-rechnung", name: "Rechnungen", reason: { code: "tag_sender", vars: { sender: "kundenservice@swm.example" } } });
    expect(suggestion!.confidence).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(suggestFromModel(model, party, TAGS, none)).toEqual([]);
  });

  test("a list-driven tag gives the list as reason", () => {
    const model = emptyTagModel();
    for (let n = 1; n <= 3; n++) learnTag(model, lecture(n), UNI, 1);
    const [suggestion] = suggestFromModel(model, lecture(4), TAGS, none);
    expect(suggestion).toMatchObject({ tagId: "t-uni", reason: { code: "tag_list", vars: { list: "studierende.uni.example" } } });
  });

  test("cold start: one example suggests nothing", () => {
    const model = emptyTagModel();
    learnTag(model, invoice("Juni"), RECHNUNG, 1);
    expect(suggestFromModel(model, invoice("Juli"), TAGS, none)).toEqual([]);
  });

  test("a rejection lowers the confidence, and a tag excluded for the message is not suggested", () => {
    const model = emptyTagModel();
    for (const month of ["Juni", "Juli", "August"]) learnTag(model, invoice(month), RECHNUNG, 1);
    const before = confidenceOf(model, invoice("September"), "t-rechnung");
    expect(before).toBeGreaterThanOrEqual(MIN_CONFIDENCE);
    expect(confidenceOf(model, invoice("September"), "t-rechnung", new Set(["t-rechnung"]))).toBe(0);
    learnTag(model, invoice("September"), RECHNUNG, -1);
    expect(confidenceOf(model, invoice("Oktober"), "t-rechnung")).toBeLessThan(before);
    expect(model.tags.get("t-rechnung")).toMatchObject({ positives: 3, negatives: 1 });
  });

  test("removal is negative, and replacing a label keeps one example per message", () => {
    const model = emptyTagModel();
    for (const month of ["Juni", "Juli"]) learnTag(model, invoice(month), RECHNUNG, 1);
    const before = confidenceOf(model, invoice("August"), "t-rechnung");
    learnTag(model, invoice("Juli"), RECHNUNG, -1, 1);
    expect(model.tags.get("t-rechnung")).toMatchObject({ positives: 1, negatives: 1 });
    expect(confidenceOf(model, invoice("August"), "t-rechnung")).toBeLessThan(before);
  });

  test("with no examples the tag's name still suggests it, and a rejection silences the name match", () => {
    const model = emptyTagModel();
    const mention = tagFeatures(message({ subject: "Rechnung Nr. 4711", text: "Anbei die Rechnung." }));
    const [byName] = suggestFromModel(model, mention, TAGS, none);
    expect(byName).toMatchObject({ tagId: "t-rechnung", reason: { code: "tag_name", vars: { tag: "Rechnungen" } } });
    learnTag(model, mention, RECHNUNG, -1);
    expect(suggestFromModel(model, mention, TAGS, none)).toEqual([]);
  });

  test("at most three suggestions", () => {
    const model = emptyTagModel();
    const tags = Array.from({ length: 6 }, (_, index) => ({ id: `t${index}`, name: `Tag ${index}` }));
    for (const tag of tags) for (const month of ["Juni", "Juli"]) learnTag(model, invoice(month), tag, 1);
    expect(suggestFromModel(model, invoice("August"), tags, none)).toHaveLength(MAX_SUGGESTIONS);
  });

  test("serialises and reads back the same model", () => {
    const model = emptyTagModel();
    for (const month of ["Juni", "Juli"]) learnTag(model, invoice(month), RECHNUNG, 1);
    learnTag(model, lecture(1), UNI, 1);
    learnTag(model, party, RECHNUNG, -1);
    const bytes = serializeTagModel(model);
    const read = deserializeTagModel(bytes);
    expect(read).toEqual(model);
    expect(suggestFromModel(read, invoice("August"), TAGS, none)).toEqual(suggestFromModel(model, invoice("August"), TAGS, none));
    expect(() => deserializeTagModel(bytes.subarray(0, bytes.length - 1))).toThrow();
    expect(() => deserializeTagModel(new Uint8Array([1, 2, 3, 4]))).toThrow();
  });

  test("stays bounded however much it learns", () => {
    const model = emptyTagModel();
    for (let n = 0; n < 400; n++) {
      const words = Array.from({ length: 60 }, (_, index) => `wort${n}x${index}`).join(" ");
      learnTag(model, tagFeatures(message({ subject: `Betreff ${n} ${words.slice(0, 40)}`, from: [{ name: "", address: `a${n}@s${n}.example` }], text: words })), RECHNUNG, 1);
    }
    expect(model.tags.get("t-rechnung")!.weights.size).toBeLessThanOrEqual(MAX_WEIGHTS_PER_TAG);
    expect(serializeTagModel(model).byteLength).toBeLessThan(MAX_WEIGHTS_PER_TAG * 6);
  });
});

test("every tag reason code has a German and an English text with its placeholders filled", () => {
  for (const code of TAG_REASON_CODES) {
    for (const lang of ["de", "en"] as const) {
      const text = t(lang, `reason.${code}` as Parameters<typeof t>[1], { sender: "a@b.example", list: "l.example", words: "alpha", tag: "Uni" });
      expect(text).not.toContain(`reason.${code}`);
      expect(text).not.toContain("{");
    }
  }
});
