/**
 * `bun run train:prior`: trains the shipped spam prior
 * (src/analysis/local/spam-prior.bin) on the TRAIN half of the SpamAssassin
 * corpus split (./spam-split.ts), never the test half that `bench:classify`
 * measures on, plus the synthetic modern set (./train-modern/, see its
 * README), each of whose messages counts MODERN_WEIGHT times.
 * Deterministic: the same corpus gives the same file, byte for byte.
 *
 * `bun run train:prior -- --cv` first prints 5-fold cross-validation on the
 * train half for a few training settings: how PRIOR_TRAINING
 * (src/analysis/local/spam-model.ts) was chosen; then on the train half and
 * the modern set together for a few modern weights: how MODERN_WEIGHT was.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  weight?: number;
}

/** How much each message of the modern set counts against one SpamAssassin message, chosen by `--cv`. */
export const MODERN_WEIGHT = 1;
const MODERN_DIR = join(import.meta.dir, "train-modern");

/** The synthetic modern set (./train-modern/ham, ./train-modern/spam), in file-name order. */
export function modernMessages(): SpamAssassinMessage[] {
  return (["ham", "spam"] as const).flatMap((label) =>
    readdirSync(join(MODERN_DIR, label))
      .filter((name) => name.endsWith(".eml"))
      .sort()
      .map((name) => ({ id: `train-modern/${label}/${name}`, label, raw: new Uint8Array(readFileSync(join(MODERN_DIR, label, name))) }) as SpamAssassinMessage),
  );
}

/** Parsed (through the worker pool) and turned into features as the analyser does. */
export async function labelledFeatures(messages: readonly SpamAssassinMessage[]): Promise<LabelledFeatures[]> {
  const parsed = await Promise.all(messages.map((message) => parseMessage(message.raw)));
  return parsed.map((message, index) => ({ features: messageFeatures(analysisInputFromParsed(message)).features, spam: messages[index]!.label === "spam" }));
}

/** Errors and ham flagged per group (`group(index)`, 0 when not given) of held-out predictions. */
function crossValidate(examples: LabelledFeatures[], options: TrainingOptions, folds = 5, group: (index: number) => number = () => 0): { errors: number; hamFlagged: number }[] {
  const counts: { errors: number; hamFlagged: number }[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const prior = trainSpamPrior(
      examples.filter((_, index) => index % folds !== fold),
      options,
    );
    examples.forEach((example, index) => {
      if (index % folds !== fold) return;
      const count = (counts[group(index)] ??= { errors: 0, hamFlagged: 0 });
      const saysSpam = priorLogit(prior, example.features) >= 0;
      if (saysSpam !== example.spam) count.errors++;
      if (saysSpam && !example.spam) count.hamFlagged++;
    });
  }
  return counts;
}

if (import.meta.main) {
  const { train } = await spamAssassinSplit();
  const examples = await labelledFeatures(train);
  const modern = await labelledFeatures(modernMessages());
  await closeParsePool();
  if (process.argv.includes("--cv") && !process.argv.includes("--modern-only")) {
    console.log(`5-fold cross-validation on the train half (${examples.length} messages):`);
    for (const hamWeight of [1, 2, 3]) {
      for (const [passes, rate] of [
        [5, 0.1],
        [10, 0.05],
      ] as const) {
        const { errors, hamFlagged } = crossValidate(examples, { seeds: PRIOR_TRAINING.seeds, passes, rate, hamWeight })[0]!;
        console.log(`  ham weight ${hamWeight}, ${String(passes).padStart(2)} passes, rate ${rate}: ${errors} errors, ${hamFlagged} ham flagged`);
      }
    }
  }
  if (process.argv.includes("--cv")) {
    // Interleaved so every fold holds a fifth of each; scored on each part separately.
    const both: LabelledFeatures[] = [];
    const isModern: boolean[] = [];
    for (let index = 0; index < Math.max(examples.length, modern.length); index++) {
      if (index < examples.length) {
        both.push(examples[index]!);
        isModern.push(false);
      }
      if (index < modern.length) {
        both.push(modern[index]!);
        isModern.push(true);
      }
    }
    const modernHam = modern.filter((example) => !example.spam).length;
    console.log(
      `5-fold cross-validation on the train half and the modern set together (${examples.length} + ${modern.length}: ${modernHam} ham, ${modern.length - modernHam} spam), PRIOR_TRAINING, by modern weight:`,
    );
    for (const weight of [0, 0.5, 1, 2, 4]) {
      const weighted = both.map((example, index) => (isModern[index] ? { ...example, weight } : example));
      const [old, fresh] = crossValidate(weighted, PRIOR_TRAINING, 5, (index) => (isModern[index] ? 1 : 0)) as [{ errors: number; hamFlagged: number }, { errors: number; hamFlagged: number }];
      console.log(`  modern weight ${weight}: SpamAssassin ${old.errors} errors, ${old.hamFlagged} ham flagged; modern ${fresh.errors} errors, ${fresh.hamFlagged} ham flagged`);
    }
  }
  const bytes = encodeSpamPrior(trainSpamPrior([...examples, ...modern.map((example) => ({ ...example, weight: MODERN_WEIGHT }))], PRIOR_TRAINING));
  writeFileSync(SPAM_PRIOR_PATH, bytes);
  const hasher = new Bun.CryptoHasher("sha256").update(bytes).digest("hex");
  console.log(
    `spam prior: ${examples.length} train messages + ${modern.length} modern (weight ${MODERN_WEIGHT}), ${PRIOR_TRAINING.seeds} × ${PRIOR_TRAINING.passes} passes, rate ${PRIOR_TRAINING.rate}, ham weight ${PRIOR_TRAINING.hamWeight} → ${SPAM_PRIOR_PATH} (${(bytes.byteLength / 1024).toFixed(0)} KiB, sha256 ${hasher.slice(0, 16)}…)`,
  );
}
