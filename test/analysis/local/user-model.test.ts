import { describe, expect, test } from "bun:test";
import {
  analyseLocally,
  deserializeUserModel,
  emptyUserModel,
  featuresFromJson,
  featuresToJson,
  learnCorrection,
  learnedExamples,
  serializeUserModel,
  type UserModel,
} from "../../../src/analysis/local/index.ts";
import { message } from "./input.ts";

const report = (week: number) =>
  message({
    subject: `Wochenbericht Lager KW ${week}`,
    from: [{ name: "Lagerverwaltung", address: "lager@firma.example" }],
    text: `Hallo Anna,\n\nder Lagerbestand in Halle ${week % 3} liegt bei ${900 + week} Paletten, Wareneingang und Kommissionierung laufen planmäßig.\n\nGruß\nLager`,
  });
const unrelated = message({
  subject: "Grillfest",
  from: [{ name: "Bernd", address: "bernd@privat.example" }],
  text: "Hallo zusammen,\n\nam Samstag grillen wir im Garten, wer mag, bringt Salat mit.\n\nLiebe Grüße\nBernd",
});

describe("learning from corrections", () => {
  test("a category correction changes the next prediction for a similar message, not for an unrelated one", () => {
    const model = emptyUserModel();
    const first = analyseLocally(report(10), model);
    expect(first.analysis.category.value).toBe("personal");
    const unrelatedBefore = analyseLocally(unrelated, model).analysis.category;

    learnCorrection(model, first.features, "category", "action_required");
    const next = analyseLocally(report(11), model).analysis.category;
    expect(next.value).toBe("action_required");
    expect(next.reason.code).toBe("learned");
    expect(analyseLocally(unrelated, model).analysis.category.value).toBe(unrelatedBefore.value);
    expect(learnedExamples(model).category).toBe(1);
  });

  test("a spam correction changes the next prediction for a similar message", () => {
    const model = emptyUserModel();
    const first = analyseLocally(report(20), model);
    expect(first.analysis.spam.value).toBe(false);
    learnCorrection(model, first.features, "spam", true);
    const next = analyseLocally(report(21), model).analysis;
    expect(next.spam.value).toBe(true);
    expect(next.spam.reason.code).toBe("learned");
    expect(next.urgency.value).toBe(1);
    // And back: the user says it is not spam after all.
    learnCorrection(model, analyseLocally(report(22), model).features, "spam", false);
    expect(analyseLocally(report(23), model).analysis.spam.value).toBe(false);
  });

  test("urgency, importance and newsletter corrections are learned the same way", () => {
    const model = emptyUserModel();
    const { features, analysis } = analyseLocally(report(30), model);
    expect(analysis.urgency.value).toBe(1);
    expect(analysis.newsletter.value).toBe(false);
    learnCorrection(model, features, "urgency", 3);
    learnCorrection(model, features, "importance", 3);
    learnCorrection(model, features, "newsletter", true);
    const next = analyseLocally(report(31), model).analysis;
    expect([next.urgency.value, next.importance.value, next.newsletter.value]).toEqual([3, 3, true]);
  });

  test("a correction overrules the rule that something urgent to do is urgent", () => {
    const model = emptyUserModel();
    const dunning = (number: number) =>
      message({ subject: `Mahnung ${number}`, text: `Sehr geehrte Frau Beispiel,\n\ndie Rechnung ${number} ist überfällig. Bitte überweisen Sie den Betrag umgehend.` });
    const first = analyseLocally(dunning(1), model);
    expect(first.analysis.category.value).toBe("urgent");
    learnCorrection(model, first.features, "category", "action_required");
    expect(analyseLocally(dunning(2), model).analysis.category).toMatchObject({ value: "action_required", reason: { code: "learned" } });
  });

  test("a value that does not belong to the field is refused", () => {
    const { features } = analyseLocally(report(1), emptyUserModel());
    expect(() => learnCorrection(emptyUserModel(), features, "category", "later" as never)).toThrow();
  });
});

describe("serialisation", () => {
  function trained(): UserModel {
    const model = emptyUserModel();
    for (let week = 0; week < 5; week++) {
      const { features } = analyseLocally(report(week), model);
      learnCorrection(model, features, "category", week % 2 ? "urgent" : "action_required");
      learnCorrection(model, features, "spam", week === 3);
      learnCorrection(model, features, "urgency", 2);
    }
    return model;
  }

  test("a user model survives a round trip, and so do its predictions", () => {
    const model = trained();
    const bytes = serializeUserModel(model);
    const restored = deserializeUserModel(bytes);
    expect(restored).toEqual(model);
    expect(serializeUserModel(restored)).toEqual(bytes);
    expect(analyseLocally(report(40), restored)).toEqual(analyseLocally(report(40), model));
    expect(deserializeUserModel(serializeUserModel(emptyUserModel()))).toEqual(emptyUserModel());
  });

  test("an empty model is small, and damaged bytes are refused", () => {
    expect(serializeUserModel(emptyUserModel()).byteLength).toBeLessThan(100);
    const bytes = serializeUserModel(trained());
    expect(() => deserializeUserModel(bytes.subarray(0, bytes.byteLength - 3))).toThrow();
    expect(() => deserializeUserModel(new Uint8Array([1, 2, 3, 4, 5]))).toThrow();
  });

  test("features survive JSON, so a stored correction can be learned again without the message", () => {
    const { features } = analyseLocally(report(50), emptyUserModel());
    const json = featuresToJson(features);
    expect(featuresFromJson(JSON.parse(JSON.stringify(json)))).toEqual(features);
    expect(() => featuresFromJson("AAAAAA==")).not.toThrow();
    expect(() => featuresFromJson("AAAA")).toThrow(); // 3 bytes
    expect(() => featuresFromJson(featuresToJson(Uint32Array.of(5, 3)))).toThrow(); // not sorted

    const live = emptyUserModel();
    const rebuilt = emptyUserModel();
    learnCorrection(live, features, "category", "urgent");
    learnCorrection(rebuilt, featuresFromJson(json), "category", "urgent");
    expect(rebuilt).toEqual(live);
  });
});
