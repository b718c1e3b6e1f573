/**
 * A small linear model learned online from the user's corrections: one
 * weight per (hashed feature, output), added to a base score (the shipped
 * spam prior, or the rules' scores for category, urgency, importance and
 * newsletter). Sparse, so a user who corrected little stores little.
 *
 * Binary fields have one output (a logit); the others one per class
 * (softmax). Learning a correction steps the weights until this very
 * message gets the corrected answer with a margin (at most a few steps), so
 * the next similar message moves the same way; each step moves this
 * message's score by about LEARNING_RATE however many tokens it has.
 */
import type { Features } from "./features.ts";
import { readVarint, writeVarint } from "./varint.ts";

/** Weights are keyed by the feature hash folded to this many bits. */
export const DELTA_BITS = 20;
const DELTA_MASK = (1 << DELTA_BITS) - 1;
const LEARNING_RATE = 1.5;
const MAX_STEPS = 12;
/** A learned answer must win by this probability before learning stops. */
const TARGET_PROBABILITY = 0.75;
/**
 * Weights live on a grid of 1/4096 within ±8, so they serialise as exact
 * 16-bit integers (half of a float32; a step is about 1/1000, so the grid
 * loses nothing that matters).
 */
const WEIGHT_SCALE = 4096;
const WEIGHT_LIMIT = 32767 / WEIGHT_SCALE;
const quantise = (weight: number) => Math.round(Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, weight)) * WEIGHT_SCALE) / WEIGHT_SCALE;

export interface OnlineLinear {
  /** 1 for a binary field (logit), else the number of classes. */
  readonly outputs: number;
  /** Corrections learned. */
  examples: number;
  bias: Float32Array;
  weights: Map<number, Float32Array>;
}

export function emptyOnlineLinear(outputs: number): OnlineLinear {
  return { outputs, examples: 0, bias: new Float32Array(outputs), weights: new Map() };
}

/** The learned part of the score, per output. */
export function learnedScores(model: OnlineLinear, features: Features): Float64Array {
  const scores = Float64Array.from(model.bias);
  if (model.weights.size === 0) return scores;
  for (let index = 0; index < features.length; index++) {
    const weights = model.weights.get(features[index]! & DELTA_MASK);
    if (!weights) continue;
    for (let output = 0; output < model.outputs; output++) scores[output]! += weights[output]!;
  }
  return scores;
}

export const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export function softmax(scores: ArrayLike<number>): number[] {
  const max = Math.max(...Array.from(scores));
  const exps = Array.from(scores, (score) => Math.exp(score - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}

/**
 * Learns that `features` have the answer `target` (0/1 for binary, the class
 * index otherwise), given the score the rest of the analyser adds (`base`:
 * the prior's logit, or the rules' scores).
 */
export function learnOnline(model: OnlineLinear, features: Features, base: ArrayLike<number>, target: number): void {
  model.examples++;
  const folded = [...new Set(Array.from(features, (hash) => hash & DELTA_MASK))];
  const step = LEARNING_RATE / Math.max(1, folded.length);
  for (let round = 0; round < MAX_STEPS; round++) {
    const learned = learnedScores(model, features);
    const gradient = new Float64Array(model.outputs);
    if (model.outputs === 1) {
      const probability = sigmoid(base[0]! + learned[0]!);
      const wanted = target === 1 ? probability : 1 - probability;
      if (round > 0 && wanted >= TARGET_PROBABILITY) return;
      gradient[0] = target - probability;
    } else {
      const probabilities = softmax(Array.from(learned, (score, index) => score + base[index]!));
      if (round > 0 && probabilities[target]! >= TARGET_PROBABILITY) return;
      for (let output = 0; output < model.outputs; output++) gradient[output] = (output === target ? 1 : 0) - probabilities[output]!;
    }
    for (let output = 0; output < model.outputs; output++) model.bias[output]! += 0.05 * step * gradient[output]!;
    for (const key of folded) {
      let weights = model.weights.get(key);
      if (!weights) model.weights.set(key, (weights = new Float32Array(model.outputs)));
      for (let output = 0; output < model.outputs; output++) weights[output] = quantise(weights[output]! + step * gradient[output]!);
    }
  }
}

/**
 * Bytes: examples (varint), outputs (u8), bias (f32 × outputs), entries
 * (varint), then per entry in key order: the key's distance from the
 * previous key (varint) and its weights (i16 × outputs, in 1/4096);
 * little-endian. About 5 bytes per weight of a binary field.
 */
export function encodeOnlineLinear(model: OnlineLinear, out: number[]): void {
  writeVarint(out, model.examples);
  out.push(model.outputs);
  const floats = new DataView(new ArrayBuffer(4));
  for (const value of model.bias) {
    floats.setFloat32(0, value, true);
    for (let index = 0; index < 4; index++) out.push(floats.getUint8(index));
  }
  const entries = [...model.weights].sort((a, b) => a[0] - b[0]);
  writeVarint(out, entries.length);
  let previous = 0;
  for (const [key, weights] of entries) {
    writeVarint(out, key - previous);
    previous = key;
    for (const weight of weights) {
      const fixed = Math.round(weight * WEIGHT_SCALE) & 0xffff;
      out.push(fixed & 0xff, fixed >>> 8);
    }
  }
}

export function decodeOnlineLinear(bytes: Uint8Array, start: number, outputs: number): { model: OnlineLinear; offset: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const reader = { offset: start };
  const model = emptyOnlineLinear(outputs);
  model.examples = readVarint(bytes, reader, "user model");
  if (bytes[reader.offset] !== outputs) throw new Error("user model: unexpected number of outputs");
  reader.offset++;
  for (let output = 0; output < outputs; output++, reader.offset += 4) {
    if (reader.offset + 4 > bytes.byteLength) throw new Error("user model: truncated");
    model.bias[output] = view.getFloat32(reader.offset, true);
  }
  const entries = readVarint(bytes, reader, "user model");
  let key = 0;
  for (let entry = 0; entry < entries; entry++) {
    key += readVarint(bytes, reader, "user model");
    if (reader.offset + 2 * outputs > bytes.byteLength) throw new Error("user model: truncated");
    const weights = new Float32Array(outputs);
    for (let output = 0; output < outputs; output++, reader.offset += 2) weights[output] = view.getInt16(reader.offset, true) / WEIGHT_SCALE;
    model.weights.set(key, weights);
  }
  return { model, offset: reader.offset };
}
