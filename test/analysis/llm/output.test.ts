/** The answer schema is closed: anything outside it is refused; what passes is mapped, restored and its tags filtered. */
import { describe, expect, test } from "bun:test";
import { createAnonymiser } from "../../../src/analysis/llm/anonymise.ts";
import { parseLlmAnswer } from "../../../src/analysis/llm/output.ts";

const answer = () => ({
  urgency: { value: 3, confidence: 0.9, reason: "«PERSON_1» needs it today." },
  importance: { value: 2, confidence: 0.6, reason: "Work." },
  category: { value: "urgent", confidence: 0.8, reason: "Deadline." },
  spam: { value: false, confidence: 0.95, reason: "Known sender." },
  newsletter: { value: false, confidence: 0.9, reason: "Personal." },
  summary: "«PERSON_1» asks you to call «PHONE_1» today.",
  language: "DE",
  tags: [
    { name: "rechnung", confidence: 0.7 },
    { name: "Invented", confidence: 0.9 },
    { name: "«PERSON_1»", confidence: 0.5 },
  ],
});

const context = () => {
  const anonymiser = createAnonymiser([{ name: "Anna Schmidt", address: "anna@example.org" }]);
  anonymiser.text("Anna Schmidt, 0171 9876543");
  return { userTags: ["Rechnung", "Anna Schmidt"], restore: anonymiser.restore };
};

describe("parseLlmAnswer", () => {
  test("names of tags the user does not have: restored, none of the user's, none with a placeholder left; absent is none", () => {
    const parsed = parseLlmAnswer(JSON.stringify({ ...answer(), newTags: ["  TSV   Eintracht ", "RECHNUNG"] }), context());
    expect(parsed.ok && parsed.newTagNames).toEqual(["TSV Eintracht"]);
    const unrestored = parseLlmAnswer(JSON.stringify({ ...answer(), newTags: ["«PERSON_7» privat"] }), context());
    expect(unrestored.ok && unrestored.newTagNames).toEqual([]);
    const without = parseLlmAnswer(JSON.stringify(answer()), context());
    expect(without.ok && without.newTagNames).toEqual([]);
    expect(parseLlmAnswer(JSON.stringify({ ...answer(), newTags: ["a", "b", "c"] }), context())).toEqual({ ok: false, problem: "schema" });
  });

  test("maps a valid answer: reasons and summary restored, tags only the user's own in their spelling", () => {
    const result = parseLlmAnswer(JSON.stringify(answer()), context());
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.analysis.urgency).toEqual({ value: 3, confidence: 0.9, reason: { code: "llm", vars: { text: "Anna Schmidt needs it today." } } });
    expect(result.analysis.summary).toBe("Anna Schmidt asks you to call 0171 9876543 today.");
    expect(result.analysis.language).toBe("de");
    expect(result.analysis.tags).toEqual([
      { name: "Rechnung", confidence: 0.7 },
      { name: "Anna Schmidt", confidence: 0.5 },
    ]);
  });

  test("accepts the JSON in a Markdown fence", () => {
    expect(parseLlmAnswer(`\`\`\`json\n${JSON.stringify(answer())}\n\`\`\``, context()).ok).toBe(true);
  });

  const broken: [string, unknown][] = [
    ["an extra key", { ...answer(), verdict: "safe" }],
    ["an extra key inside a judgement", { ...answer(), spam: { ...answer().spam, override: true } }],
    ["a missing key", (({ summary, ...rest }) => rest)(answer())],
    ["a level out of range", { ...answer(), urgency: { ...answer().urgency, value: 4 } }],
    ["a level as a string", { ...answer(), urgency: { ...answer().urgency, value: "3" } }],
    ["a confidence over 1", { ...answer(), spam: { ...answer().spam, confidence: 1.5 } }],
    ["an unknown category", { ...answer(), category: { ...answer().category, value: "phishing" } }],
    ["spam as a string", { ...answer(), spam: { ...answer().spam, value: "no" } }],
    ["six tags", { ...answer(), tags: Array.from({ length: 6 }, () => ({ name: "Rechnung", confidence: 0.5 })) }],
    ["a language that is not a code", { ...answer(), language: "German" }],
    ["an array", [answer()]],
  ];
  for (const [what, json] of broken) {
    test(`refuses ${what}`, () => expect(parseLlmAnswer(JSON.stringify(json), context())).toEqual({ ok: false, problem: "schema" }));
  }

  test("refuses text that is not JSON, or JSON with text around it", () => {
    expect(parseLlmAnswer(`Here you go: ${JSON.stringify(answer())}`, context())).toEqual({ ok: false, problem: "not_json" });
    expect(parseLlmAnswer("", context())).toEqual({ ok: false, problem: "not_json" });
  });
});
