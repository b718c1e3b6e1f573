/** A local phishing suspicion survives the LLM pass: no colour, no urgency, still spam. */
import { describe, expect, test } from "bun:test";
import { keepPhishingSuspicion } from "../../../src/analysis/llm/keep-phishing.ts";
import type { Analysis } from "../../../src/analysis/types.ts";

const judged = <T>(value: T, code = "llm") => ({ value, confidence: 0.9, reason: { code } });

const believing: Analysis = {
  urgency: judged(3 as const),
  importance: judged(3 as const),
  category: judged("action_required" as const),
  spam: judged(false),
  newsletter: judged(false),
  summary: "Die Bank bittet, das Konto zu bestätigen.",
  language: "de",
  tags: [],
};

describe("keepPhishingSuspicion", () => {
  test("an LLM that believes the scam makes it neither urgent nor ham", () => {
    const local: Analysis = {
      ...believing,
      urgency: judged(1 as const, "spam"),
      importance: judged(1 as const, "spam"),
      spam: judged(true, "brand_impersonation"),
      phishing: judged(true, "brand_impersonation"),
    };
    const kept = keepPhishingSuspicion(believing, local);
    expect(kept).toMatchObject({ urgency: { value: 1 }, importance: { value: 1 }, spam: { value: true, reason: { code: "brand_impersonation" } }, phishing: { value: true } });
    expect(kept.summary).toBe(believing.summary);
  });

  test("without a local suspicion the LLM's answer stands", () => {
    expect(keepPhishingSuspicion(believing, { ...believing, urgency: judged(1 as const) })).toBe(believing);
  });
});
