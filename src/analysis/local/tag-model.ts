/**
 * A user's tags learned from what they do: one small logistic model per
 * tag over hashed tag features (./tag-features.ts). Assigning a tag is a
 * positive example, removing or rejecting a suggestion a negative one.
 *
 * - No learned bias: the user's feedback is about the few messages they
 *   touched, not a sample of their mail, so a tag starts from a fixed prior
 *   (tags are rare) and only evidence that the message shares with earlier
 *   examples raises it.
 * - Each kind of evidence (sender, list, subject, body, mailbox) gets a
 *   fixed share of every step, spread over that group's tokens: a sender
 *   that always gets the tag is learned from two examples, body words
 *   only where they recur.
 * - An assignment takes one gradient step, so a sender or list becomes a
 *   suggestion after about two examples, and a tag set by mistake does not
 *   follow its sender for weeks (bench:tags: one wrong tag on a GitHub mail
 *   gave 55 wrong suggestions when positives stepped to a margin). A
 *   removal or rejection steps until this message is clearly off (as in
 *   ./online-linear.ts): the user said no to exactly this.
 * - A tag suggests nothing from learning until it has MIN_POSITIVES
 *   examples; until then only its name in the message can suggest it (the
 *   old name matching, ./tags.ts), and negatives already count against it.
 *
 * Bounded: at most MAX_WEIGHTS_PER_TAG weights per tag (the smallest are
 * pruned), 16-bit weights, compact bytes for the caller to encrypt.
 *
 * @example
 * const model = emptyTagModel();
 * learnTag(model, tagFeatures(input), { id: tagId, name: "Rechnungen" }, 1);
 * suggestFromModel(model, tagFeatures(next), [{ id: tagId, name: "Rechnungen" }], { exclude: new Set() });
 */
import type { Reason } from "../types.ts";
import { sigmoid } from "./online-linear.ts";
import { readVarint, writeVarint } from "./varint.ts";
import { GROUPS, type TagFeatures } from "./tag-features.ts";
import { suggestTags } from "./tags.ts";

export interface TagWeights {
  positives: number;
  negatives: number;
  /** Folded hash → weight. */
  weights: Map<number, number>;
}

export interface TagModel {
  tags: Map<string, TagWeights>;
}

export interface TagSuggestion {
  tagId: string;
  name: string;
  confidence: number;
  reason: Reason;
}

/** Reason codes of tag suggestions (i18n `reason.<code>`), with their placeholders. */
export const TAG_REASON_CODES = [
  "tag_sender", // {sender}
  "tag_list", // {list}
  "tag_words", // {words}
  "tag_name", // {tag}
] as const;

export const MAX_SUGGESTIONS = 3;
/** Below this a suggestion is not worth the user's attention (the bench's precision is measured at it). */
export const MIN_CONFIDENCE = 0.5;
/** Examples of a tag before learning alone may suggest it: one message is an anecdote. */
export const MIN_POSITIVES = 2;
/** About 5 bytes each when stored; 1,500 keep a tag's senders, lists and recurring words. */
export const MAX_WEIGHTS_PER_TAG = 1_500;

const KEY_BITS = 22;
const KEY_MASK = (1 << KEY_BITS) - 1;
/** A tag is on about one message in twenty: sigmoid(-3) ≈ 0.05. */
const PRIOR = -3;
const LEARNING_RATE = 2;
const MAX_STEPS = 8;
/** Learning a message stops once it is on the right side by this much. */
const TARGET_PROBABILITY = 0.8;
/** Share of a step per group (sender, list, subject, body, account), renormalised over the groups the message has. */
const GROUP_SHARE = [0.35, 0.3, 0.2, 0.12, 0.03];
/**
 * The tag's name in the subject (or only the body) adds this to the logit
 * of a tag with examples: in the subject alone it suggests (sigmoid(1) ≈
 * 0.73), in the body it needs learned evidence too. Strong on purpose: an
 * example the name already explains teaches its sender less, so a
 * colleague who writes about several projects does not become "Projekt
 * Alpha" (bench:tags, whole replay, assignments only: precision 72% with
 * 1.2 / 0.4, 77% with 4 / 1.5, recall 84% → 87%).
 */
const NAME_IN_SUBJECT = 4;
const NAME_IN_BODY = 1.5;
const WEIGHT_SCALE = 4096;
const WEIGHT_LIMIT = 32767 / WEIGHT_SCALE;
const MAGIC = 0x3154484d; // "MHT1"

const quantise = (weight: number) => Math.round(Math.max(-WEIGHT_LIMIT, Math.min(WEIGHT_LIMIT, weight)) * WEIGHT_SCALE) / WEIGHT_SCALE;
const logit = (p: number) => Math.log(p / (1 - p));

export function emptyTagModel(): TagModel {
  return { tags: new Map() };
}

function tagWeights(model: TagModel, tagId: string): TagWeights {
  let entry = model.tags.get(tagId);
  if (!entry) model.tags.set(tagId, (entry = { positives: 0, negatives: 0, weights: new Map() }));
  return entry;
}

function learnedScore(entry: TagWeights | undefined, features: TagFeatures): number {
  if (!entry) return 0;
  let score = 0;
  for (const hash of features.hashes) score += entry.weights.get(hash & KEY_MASK) ?? 0;
  return score;
}

/** Each feature's step size: its group's share over the group's size. */
function stepSizes(features: TagFeatures): Float64Array {
  const counts = new Array<number>(GROUPS.length).fill(0);
  for (const group of features.groups) counts[group]!++;
  const total = counts.reduce((sum, count, group) => sum + (count > 0 ? GROUP_SHARE[group]! : 0), 0);
  return Float64Array.from(features.groups, (group) => (LEARNING_RATE * GROUP_SHARE[group]!) / total / counts[group]!);
}

/**
 * Learns one piece of feedback: `label` 1 when the user assigned the tag,
 * -1 when they removed it or rejected the suggestion. `replaces` is the
 * label this message taught this tag before (assigned, later removed), so
 * the counts stay per message; the caller keeps it (tag_model_labels).
 */
export function learnTag(model: TagModel, features: TagFeatures, tag: { id: string; name: string }, label: 1 | -1, replaces?: 1 | -1): void {
  const entry = tagWeights(model, tag.id);
  if (replaces === 1) entry.positives = Math.max(0, entry.positives - 1);
  if (replaces === -1) entry.negatives = Math.max(0, entry.negatives - 1);
  if (label === 1) entry.positives++;
  else entry.negatives++;
  const target = label === 1 ? 1 : 0;
  const steps = stepSizes(features);
  const base = baseScore(entry, nameConfidenceOf(tag.name, features)).score;
  // A positive takes one step: a sender or list seen once (or a tag set by mistake) must not carry the tag alone.
  // A negative steps until this message is clearly off: the user said no to exactly this.
  for (let round = 0; round < (label === 1 ? 1 : MAX_STEPS); round++) {
    const probability = sigmoid(base + learnedScore(entry, features));
    const wanted = target === 1 ? probability : 1 - probability;
    if (round > 0 && wanted >= TARGET_PROBABILITY) break;
    const gradient = target - probability;
    features.hashes.forEach((hash, index) => {
      const key = hash & KEY_MASK;
      const weight = quantise((entry.weights.get(key) ?? 0) + steps[index]! * gradient);
      if (weight === 0) entry.weights.delete(key);
      else entry.weights.set(key, weight);
    });
  }
  if (entry.weights.size > MAX_WEIGHTS_PER_TAG) prune(entry);
}

/** Keeps the strongest weights, down to 80% of the cap so pruning is not needed on every step. */
function prune(entry: TagWeights): void {
  const kept = [...entry.weights].sort((a, b) => Math.abs(b[1]) - Math.abs(a[1])).slice(0, Math.floor(MAX_WEIGHTS_PER_TAG * 0.8));
  entry.weights = new Map(kept);
}

/** The tag is gone: its weights go too. */
export function forgetTag(model: TagModel, tagId: string): void {
  model.tags.delete(tagId);
}

/** The single strongest piece of evidence names the reason: a sender, a list, or the words (subject and body); the name when it weighs more. */
function reasonFor(entry: TagWeights | undefined, features: TagFeatures, name: string, nameBoost: number): Reason {
  let best = -1;
  let bestWeight = nameBoost;
  const words: { index: number; weight: number }[] = [];
  features.hashes.forEach((hash, index) => {
    const weight = entry?.weights.get(hash & KEY_MASK) ?? 0;
    const group = GROUPS[features.groups[index]!];
    if (group === "account" || weight <= 0) return;
    if (group === "subject" || group === "body") words.push({ index, weight });
    if (weight > bestWeight) {
      best = index;
      bestWeight = weight;
    }
  });
  if (best < 0) return { code: "tag_name", vars: { tag: name } };
  switch (GROUPS[features.groups[best]!]) {
    case "sender":
      return { code: "tag_sender", vars: { sender: features.tokens[0]! } };
    case "list":
      return { code: "tag_list", vars: { list: features.tokens[best]! } };
    default:
      words.sort((a, b) => b.weight - a.weight);
      return {
        code: "tag_words",
        vars: {
          words: words
            .slice(0, 3)
            .map(({ index }) => features.tokens[index]!)
            .join(", "),
        },
      };
  }
}

/**
 * What a tag scores before the learned weights: the prior, plus the tag's
 * name in the message once the tag has examples; with fewer than
 * MIN_POSITIVES the name alone, at the name matching's confidence (no
 * name: the prior, too low to suggest). Learning steps from the same base,
 * so a rejected name match is learned as strongly as it was suggested.
 */
function baseScore(entry: TagWeights | undefined, nameConfidence: number | undefined): { score: number; nameBoost: number } {
  if (entry && entry.positives >= MIN_POSITIVES) {
    const nameBoost = nameConfidence === undefined ? 0 : nameConfidence >= 0.8 ? NAME_IN_SUBJECT : NAME_IN_BODY;
    return { score: PRIOR + nameBoost, nameBoost };
  }
  if (nameConfidence !== undefined) return { score: logit(nameConfidence), nameBoost: Number.POSITIVE_INFINITY };
  return { score: PRIOR, nameBoost: 0 };
}

const nameConfidenceOf = (name: string, features: TagFeatures) => suggestTags([name], features.subject, features.text)[0]?.confidence;

/**
 * Up to MAX_SUGGESTIONS of the user's tags for a message, most likely
 * first, each at MIN_CONFIDENCE or more. `exclude`: tags already on the
 * message or rejected for it.
 */
export function suggestFromModel(model: TagModel, features: TagFeatures, tags: readonly { id: string; name: string }[], options: { exclude: ReadonlySet<string> }): TagSuggestion[] {
  const candidates = tags.filter((tag) => !options.exclude.has(tag.id));
  if (candidates.length === 0) return [];
  const named = new Map(
    suggestTags(
      candidates.map((tag) => tag.name),
      features.subject,
      features.text,
    ).map((match) => [match.name, match.confidence]),
  );
  const suggestions: TagSuggestion[] = [];
  for (const tag of candidates) {
    const entry = model.tags.get(tag.id);
    const nameConfidence = named.get(tag.name);
    if (!(entry && entry.positives >= MIN_POSITIVES) && nameConfidence === undefined) continue;
    const base = baseScore(entry, nameConfidence);
    const confidence = Math.round(sigmoid(base.score + learnedScore(entry, features)) * 100) / 100;
    if (confidence < MIN_CONFIDENCE) continue;
    suggestions.push({ tagId: tag.id, name: tag.name, confidence, reason: reasonFor(entry, features, tag.name, base.nameBoost) });
  }
  return suggestions.sort((a, b) => b.confidence - a.confidence).slice(0, MAX_SUGGESTIONS);
}

/**
 * Bytes: magic (u32), tags (varint); per tag: id length (u8) and UTF-8 id,
 * positives, negatives, entries (varints), then per entry in key order the
 * key's distance from the previous (varint) and the weight (i16, in
 * 1/4096); little-endian. About 4 bytes per weight.
 */
export function serializeTagModel(model: TagModel): Uint8Array {
  const out: number[] = [MAGIC & 0xff, (MAGIC >>> 8) & 0xff, (MAGIC >>> 16) & 0xff, MAGIC >>> 24];
  writeVarint(out, model.tags.size);
  const encoder = new TextEncoder();
  for (const [tagId, entry] of model.tags) {
    const id = encoder.encode(tagId);
    if (id.length > 255) throw new Error("tag model: tag id too long");
    out.push(id.length, ...id);
    writeVarint(out, entry.positives);
    writeVarint(out, entry.negatives);
    const weights = [...entry.weights].sort((a, b) => a[0] - b[0]);
    writeVarint(out, weights.length);
    let previous = 0;
    for (const [key, weight] of weights) {
      writeVarint(out, key - previous);
      previous = key;
      const fixed = Math.round(weight * WEIGHT_SCALE) & 0xffff;
      out.push(fixed & 0xff, fixed >>> 8);
    }
  }
  return Uint8Array.from(out);
}

/** Throws on bytes that are not a serialised tag model of this version. */
export function deserializeTagModel(bytes: Uint8Array): TagModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4 || view.getUint32(0, true) !== MAGIC) throw new Error("not a tag model of this version");
  const reader = { offset: 4 };
  const decoder = new TextDecoder();
  const model = emptyTagModel();
  const count = readVarint(bytes, reader, "tag model");
  for (let tag = 0; tag < count; tag++) {
    const length = bytes[reader.offset++];
    if (length === undefined || reader.offset + length > bytes.byteLength) throw new Error("tag model: truncated");
    const tagId = decoder.decode(bytes.subarray(reader.offset, reader.offset + length));
    reader.offset += length;
    const entry: TagWeights = { positives: readVarint(bytes, reader, "tag model"), negatives: readVarint(bytes, reader, "tag model"), weights: new Map() };
    const entries = readVarint(bytes, reader, "tag model");
    let key = 0;
    for (let index = 0; index < entries; index++) {
      key += readVarint(bytes, reader, "tag model");
      if (reader.offset + 2 > bytes.byteLength) throw new Error("tag model: truncated");
      entry.weights.set(key, view.getInt16(reader.offset, true) / WEIGHT_SCALE);
      reader.offset += 2;
    }
    model.tags.set(tagId, entry);
  }
  if (reader.offset !== bytes.byteLength) throw new Error("tag model: trailing bytes");
  return model;
}
