import { afterAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { analyseLocally, emptyUserModel, LOCAL_REASON_CODES } from "../../../src/analysis/local/index.ts";
import { analysisInputFromParsed } from "../../../src/analysis/local/input.ts";
import { decodeSpamPrior, loadSpamPrior, SPAM_PRIOR_PATH } from "../../../src/analysis/local/spam-model.ts";
import { t } from "../../../src/i18n/messages.ts";
import { closeParsePool, parseMessage } from "../../../src/mail/parse/parse-message.ts";
import { spamAssassinSplit } from "../../../bench/spam-split.ts";

afterAll(closeParsePool);

describe("the shipped spam prior", () => {
  test("loads, is small, and is a trained model", () => {
    const bytes = readFileSync(SPAM_PRIOR_PATH);
    expect(bytes.byteLength).toBeLessThanOrEqual(3 * 2 ** 20);
    const prior = loadSpamPrior();
    expect(prior.weights.filter((weight) => weight !== 0).length).toBeGreaterThan(50_000);
    expect(prior.weights.some((weight) => weight > 0.3)).toBe(true);
    expect(prior.weights.some((weight) => weight < -0.3)).toBe(true);
    expect(() => decodeSpamPrior(bytes.subarray(0, bytes.byteLength - 4))).toThrow();
  });

  test("the split is the documented one", async () => {
    const { train, test: testHalf } = await spamAssassinSplit();
    const count = (messages: typeof train, spam: boolean) => messages.filter((message) => (message.label === "spam") === spam).length;
    expect([count(train, false), count(train, true), count(testHalf, false), count(testHalf, true)]).toEqual([2074, 949, 2076, 947]);
  });

  test("tells spam from ham on 300 messages of the test half it was not trained on", async () => {
    const { test: testHalf } = await spamAssassinSplit();
    const sample = testHalf.slice(0, 300);
    const model = emptyUserModel();
    const parsed = await Promise.all(sample.map((message) => parseMessage(message.raw)));
    let right = 0;
    let hamFlagged = 0;
    parsed.forEach((message, index) => {
      const saysSpam = analyseLocally(analysisInputFromParsed(message), model).analysis.spam.value;
      const isSpam = sample[index]!.label === "spam";
      if (saysSpam === isSpam) right++;
      if (saysSpam && !isSpam) hamFlagged++;
    });
    expect(sample.filter((message) => message.label === "spam").length).toBeGreaterThan(50);
    expect(right / sample.length).toBeGreaterThanOrEqual(0.95);
    expect(hamFlagged).toBeLessThanOrEqual(3);
  });
});

test("every local reason code has a German and an English text", () => {
  for (const code of LOCAL_REASON_CODES) {
    for (const lang of ["de", "en"] as const) {
      const text = t(lang, `reason.${code}` as Parameters<typeof t>[1], {
        phrase: "x",
        value: "x",
        address: "x",
        percent: "1",
        header: "x",
        domain: "x",
        brand: "x",
        shown: "x",
        target: "x",
        result: "x",
        name: "x",
        sender: "x",
        word: "x",
      });
      expect(text).not.toContain("reason.");
      expect(text).not.toMatch(/\{\w+\}/);
    }
  }
});
