/** A VIP the local analyser believed stays one after the LLM pass: not spam, not less important. */
import { describe, expect, test } from "bun:test";
import { keepVipSender } from "../../../src/analysis/llm/keep-vip.ts";
import type { Analysis } from "../../../src/analysis/types.ts";

const judged = <T>(value: T, code = "llm") => ({ value, confidence: 0.9, reason: { code } });

const llmSaysSpam: Analysis = {
  urgency: judged(2 as const),
  importance: judged(1 as const),
  category: judged("information" as const),
  spam: judged(true),
  newsletter: judged(false),
  summary: "Quartalszahlen im Anhang.",
  language: "de",
  tags: [],
};

describe("keepVipSender", () => {
  test("an LLM calling a VIP's mail spam or unimportant does not overrule the user", () => {
    const local: Analysis = { ...llmSaysSpam, spam: judged(false, "vip_sender"), phishing: judged(false, "vip_sender"), importance: judged(3 as const, "vip_sender") };
    const kept = keepVipSender(llmSaysSpam, local);
    expect(kept).toMatchObject({ spam: { value: false, reason: { code: "vip_sender" } }, importance: { value: 3 }, urgency: { value: 2 } });
    expect(kept.summary).toBe(llmSaysSpam.summary);
  });

  test("without a believed VIP (none listed, or a forged From) the LLM's answer stands", () => {
    expect(keepVipSender(llmSaysSpam, { ...llmSaysSpam, spam: judged(true, "auth_failed") })).toBe(llmSaysSpam);
  });
});
