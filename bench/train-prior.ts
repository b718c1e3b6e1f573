/**
 * `bun run train:prior`: trains the shipped spam prior
 * (src/analysis/local/spam-prior.bin) on the TRAIN half of the SpamAssassin
 * corpus split (./spam-split.ts) only, never the test half that
 * `bench:classify` measures on. Deterministic: the same corpus gives the
 * same file, byte for byte.
 *
 * `bun run train:prior -- --cv` first prints 5-fold cross-validation on the
 * train half for a few training settings: how PRIOR_TRAINING
 * (src/analysis/local/spam-model.ts) was chosen.
 */
import { writeFileSync } from "node:fs";
import { messageFeatures } from "../src/analysis/local/analyse.ts";
import type { Features } from "../src/analysis/local/features.ts";
import { analysisInputFromParsed } from "../src/analysis/local/input.ts";
import { encodeSpamPrior, PRIOR_TRAINING, priorLogit, SPAM_PRIOR_PATH, trainSpamPrior, type TrainingOptions } from "../src/analysis/local/spam-model.ts";
import { closeParsePool, parseMessage } from "../src/mail/parse/parse-message.ts";
import type { SpamAssassinMessage } from "../test/support/spamassassin.ts";
import { spamAssassinSplit } from "./spam-split.ts";

export interface LabelledFeatures {
  features: Features;
  spam: boolean;
}

/** Parsed (through the worker pool) and turned into features as the analyser does. */
export async function labelledFeatures(messages: readonly SpamAssassinMessage[]): Promise<LabelledFeatures[]> {
  const parsed = await Promise.all(messages.map((message) => parseMessage(message.raw)));
  return parsed.map((message, index) => ({ features: messageFeatures(analysisInputFromParsed(message)).features, spam: messages[index]!.label === "spam" }));
}

function crossValidate(examples: LabelledFeatures[], options: TrainingOptions, folds = 5): { errors: number; hamFlagged: number } {
  let errors = 0;
  let hamFlagged = 0;
  for (let fold = 0; fold < folds; fold++) {
    const prior = trainSpamPrior(
      examples.filter((_, index) => index % folds !== fold),
      options,
    );
    examples.forEach((example, index) => {
      if (index % folds !== fold) return;
      const saysSpam = priorLogit(prior, example.features) >= 0;
      if (saysSpam !== example.spam) errors++;
      if (saysSpam && !example.spam) hamFlagged++;
    });
  }
  return { errors, hamFlagged };
}

if (import.meta.main) {
  const { train } = await spamAssassinSplit();
  const examples = await labelledFeatures(train);
  await closeParsePool();
  if (process.argv.includes("--cv")) {
    console.log(`5-fold cross-validation on the train half (${examples.length} messages):`);
    for (const hamWeight of [1, 2, 3]) {
      for (const [passes, rate] of [
        [5, 0.1],
        [10, 0.05],
      ] as const) {
        const { errors, hamFlagged } = crossValidate(examples, { seeds: PRIOR_TRAINING.seeds, passes, rate, hamWeight });
        console.log(`  ham weight ${hamWeight}, ${String(passes).padStart(2)} passes, rate ${rate}: ${errors} errors, ${hamFlagged} ham flagged`);
      }
    }
  }
  const bytes = encodeSpamPrior(trainSpamPrior(examples, PRIOR_TRAINING));
  writeFileSync(SPAM_PRIOR_PATH, bytes);
  const hasher = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  console.log(
    `spam prior: ${examples.length} train messages, ${PRIOR_TRAINING.seeds} × ${PRIOR_TRAINING.passes} passes, rate ${PRIOR_TRAINING.rate}, ham weight ${PRIOR_TRAINING.hamWeight} → ${SPAM_PRIOR_PATH} (${(bytes.byteLength / 1024).toFixed(0)} KiB, sha256 ${hasher.slice(0, 16)}…)`,
  );
}
