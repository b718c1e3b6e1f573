/**
 * The spam text model: logistic regression over hashed tokens (see
 * ./features.ts). The shipped prior (`spam-prior.bin`, made by `bun run
 * train:prior` from the train half of the SpamAssassin corpus and the
 * synthetic modern set bench/train-modern/, see its README) gives
 * every user a working filter on day one; the user's own corrections add a
 * sparse delta on top (./online-linear.ts), so `learnSpam` changes the very
 * next prediction without retraining.
 *
 * Training: AdaGrad, a few passes in fixed (seeded) orders, five such
 * models averaged, ham mistakes
 * weighted double, since flagging a real message costs the user more than
 * letting a spam through. The passes, rate and ham weight were chosen by
 * 5-fold cross-validation on the train half (bench/train-prior.ts).
 *
 * @example
 * const prior = loadSpamPrior();
 * spamProbability(prior, model.spam, features); // 0–1
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Features } from "./features.ts";
import { learnedScores, learnOnline, sigmoid, type OnlineLinear } from "./online-linear.ts";

export const PRIOR_BITS = 20;
const PRIOR_MASK = (1 << PRIOR_BITS) - 1;
const MAGIC = 0x3150484d; // "MHP1"
export const SPAM_PRIOR_PATH = join(import.meta.dir, "spam-prior.bin");
/** At or above this probability a message is spam. */
export const SPAM_THRESHOLD = 0.5;
/**
 * …and only when its spam-leaning tokens the prior knows add up to this
 * much (or the user taught so): a message in words the prior has hardly
 * seen (short German mail, say) sits near 0.5 by chance, and flagging real
 * mail costs more than missing a spam. Every spam the prior catches in the
 * SpamAssassin corpus has more than this.
 */
export const MIN_SPAM_EVIDENCE = 3;

export interface SpamPrior {
  bias: number;
  /** Dense, 2^PRIOR_BITS weights (4 MiB in memory, sparse on disk). */
  weights: Float32Array;
}

export interface TrainingOptions {
  /** Models trained on differently shuffled orders, averaged: one order alone varies by a third in errors. */
  seeds: number;
  passes: number;
  rate: number;
  hamWeight: number;
}

export const PRIOR_TRAINING: TrainingOptions = { seeds: 5, passes: 5, rate: 0.1, hamWeight: 2 };

/** One labelled message; `weight` (default 1) scales its gradient, e.g. for the synthetic modern set (bench/train-modern/). */
export interface TrainingExample {
  features: Features;
  spam: boolean;
  weight?: number;
}

let loaded: SpamPrior | undefined;

/** The shipped prior, read once per process. */
export function loadSpamPrior(): SpamPrior {
  loaded ??= decodeSpamPrior(readFileSync(SPAM_PRIOR_PATH));
  return loaded;
}

export function priorLogit(prior: SpamPrior, features: Features): number {
  let logit = prior.bias;
  // Indexed: a typed array's iterator costs more than the sum itself.
  for (let index = 0; index < features.length; index++) logit += prior.weights[features[index]! & PRIOR_MASK]!;
  return logit;
}

/** The sum of the positive (spam-leaning) prior weights of the message's tokens. */
export function spamEvidence(prior: SpamPrior, features: Features): number {
  let evidence = 0;
  for (let index = 0; index < features.length; index++) {
    const weight = prior.weights[features[index]! & PRIOR_MASK]!;
    if (weight > 0) evidence += weight;
  }
  return evidence;
}

/** The probability that the message is spam, prior and the user's delta together. */
export function spamProbability(prior: SpamPrior, delta: OnlineLinear, features: Features): number {
  return sigmoid(priorLogit(prior, features) + learnedScores(delta, features)[0]!);
}

/** One correction (or confirmed label) of the user: the next prediction already includes it. */
export function learnSpam(prior: SpamPrior, delta: OnlineLinear, features: Features, isSpam: boolean): void {
  learnOnline(delta, features, [priorLogit(prior, features)], isSpam ? 1 : 0);
}

/** Deterministic: the same examples in the same order give the same prior, byte for byte. */
export function trainSpamPrior(examples: TrainingExample[], options: TrainingOptions = PRIOR_TRAINING): SpamPrior {
  const averaged: SpamPrior = { bias: 0, weights: new Float32Array(1 << PRIOR_BITS) };
  for (let seed = 0; seed < options.seeds; seed++) {
    const one = trainOnce(examples, options, 1000 * seed + 7);
    averaged.bias += one.bias / options.seeds;
    for (let index = 0; index < one.weights.length; index++) if (one.weights[index] !== 0) averaged.weights[index]! += one.weights[index]! / options.seeds;
  }
  return averaged;
}

/** AdaGrad logistic regression over `passes` shuffled passes. */
function trainOnce(examples: TrainingExample[], options: TrainingOptions, seed: number): SpamPrior {
  const weights = new Float32Array(1 << PRIOR_BITS);
  const squares = new Float32Array(1 << PRIOR_BITS);
  let bias = 0;
  const order = examples.map((_, index) => index);
  for (let pass = 0; pass < options.passes; pass++) {
    shuffle(order, seed + pass);
    for (const index of order) {
      const { features, spam, weight = 1 } = examples[index]!;
      let logit = bias;
      for (const hash of features) logit += weights[hash & PRIOR_MASK]!;
      const gradient = (sigmoid(logit) - (spam ? 1 : 0)) * (spam ? 1 : options.hamWeight) * weight;
      for (const hash of features) {
        const key = hash & PRIOR_MASK;
        squares[key]! += gradient * gradient;
        weights[key]! -= (options.rate * gradient) / Math.sqrt(squares[key]! + 1e-8);
      }
      bias -= 0.01 * gradient;
    }
  }
  return { bias, weights };
}

/** Fisher–Yates driven by a seeded LCG (no Math.random), so training is reproducible. */
function shuffle(order: number[], seed: number): void {
  let state = seed;
  for (let index = order.length - 1; index > 0; index--) {
    state = (Math.imul(state, 1103515245) + 12345) & 0x7fffffff;
    const other = state % (index + 1);
    [order[index], order[other]] = [order[other]!, order[index]!];
  }
}

/** magic u32, bits u32, bias f32, n u32, n × index u32, n × weight f32 (little-endian); zero weights left out. */
export function encodeSpamPrior(prior: SpamPrior): Uint8Array {
  const indices: number[] = [];
  prior.weights.forEach((weight, index) => {
    if (weight !== 0) indices.push(index);
  });
  const bytes = new Uint8Array(16 + indices.length * 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, PRIOR_BITS, true);
  view.setFloat32(8, prior.bias, true);
  view.setUint32(12, indices.length, true);
  indices.forEach((index, position) => {
    view.setUint32(16 + position * 4, index, true);
    view.setFloat32(16 + indices.length * 4 + position * 4, prior.weights[index]!, true);
  });
  return bytes;
}

export function decodeSpamPrior(bytes: Uint8Array): SpamPrior {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 16 || view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== PRIOR_BITS) throw new Error("not a spam prior of this version");
  const count = view.getUint32(12, true);
  if (bytes.byteLength !== 16 + count * 8) throw new Error("spam prior truncated");
  const weights = new Float32Array(1 << PRIOR_BITS);
  for (let position = 0; position < count; position++) {
    weights[view.getUint32(16 + position * 4, true) & PRIOR_MASK] = view.getFloat32(16 + count * 4 + position * 4, true);
  }
  return { bias: view.getFloat32(8, true), weights };
}
