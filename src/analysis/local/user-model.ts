/**
 * What the local analyser has learned from one user's corrections: the
 * spam delta on top of the shipped prior, and small online models for
 * newsletter, category, urgency and importance that add to the rules'
 * scores. With no corrections the rules decide alone; each correction moves
 * the learned weights until that message gets the corrected answer, so
 * learned evidence takes over as corrections accumulate. Those four learn
 * from content and sender tokens only: envelope headers (To, Received…) are
 * the same on most of a user's mail and would carry one correction over to
 * everything.
 *
 * Serialised compactly for the caller to encrypt and store (`user_models`).
 *
 * @example
 * const model = emptyUserModel();
 * learnCorrection(model, features, "category", "action_required");
 * const bytes = serializeUserModel(model); // encrypt, store
 * deserializeUserModel(bytes); // equal to model
 */
import { ATTENTION_CATEGORIES, type Category, type Level } from "../types.ts";
import { attentionIndex } from "./category.ts";
import { contentFeatures, type Features } from "./features.ts";
import { decodeOnlineLinear, emptyOnlineLinear, encodeOnlineLinear, learnOnline, type OnlineLinear } from "./online-linear.ts";
import { handScores } from "./hand-weights.ts";
import { learnSpam, loadSpamPrior } from "./spam-model.ts";

export const LEARNED_FIELDS = ["spam", "newsletter", "category", "urgency", "importance"] as const;
export type LearnedField = (typeof LEARNED_FIELDS)[number];

export type UserModel = Record<LearnedField, OnlineLinear>;

/** The value a correction sets, per field. */
export interface CorrectionValues {
  spam: boolean;
  newsletter: boolean;
  category: Category;
  urgency: Level;
  importance: Level;
}

/** Category learns how much a message asks (stored models have three outputs); the kinds of information are set by refineCategory. */
const OUTPUTS: Record<LearnedField, number> = { spam: 1, newsletter: 1, category: ATTENTION_CATEGORIES.length, urgency: 3, importance: 3 };
const MAGIC = 0x3255484d; // "MHU2": varint keys, 16-bit weights

export function emptyUserModel(): UserModel {
  return Object.fromEntries(LEARNED_FIELDS.map((field) => [field, emptyOnlineLinear(OUTPUTS[field])])) as UserModel;
}

/** The output index a value is learned as. */
export function targetIndex(field: LearnedField, value: CorrectionValues[LearnedField]): number {
  switch (field) {
    case "spam":
    case "newsletter":
      return value === true ? 1 : 0;
    case "category":
      return attentionIndex(value as Category);
    default:
      return (value as Level) - 1;
  }
}

/**
 * Learns one correction of the user; the next `analyseLocally` with this
 * model already reflects it. `features` are the ones `analyseLocally`
 * returned for the corrected message (or `featuresFromJson` of the stored copy).
 *
 * @example
 * learnCorrection(model, features, "urgency", 3);
 */
export function learnCorrection<F extends LearnedField>(model: UserModel, features: Features, field: F, value: CorrectionValues[F]): void {
  const target = targetIndex(field, value);
  if (target < 0 || target >= Math.max(2, OUTPUTS[field])) throw new Error(`not a value for ${field}: ${String(value)}`);
  if (field === "spam") {
    learnSpam(loadSpamPrior(), model.spam, features, value === true);
    return;
  }
  const base = handScores(features)[field as Exclude<LearnedField, "spam">];
  learnOnline(model[field], contentFeatures(features), base, target);
}

/** How many corrections each field has learned. */
export function learnedExamples(model: UserModel): Record<LearnedField, number> {
  return Object.fromEntries(LEARNED_FIELDS.map((field) => [field, model[field].examples])) as Record<LearnedField, number>;
}

export function serializeUserModel(model: UserModel): Uint8Array {
  const out = [MAGIC & 0xff, (MAGIC >>> 8) & 0xff, (MAGIC >>> 16) & 0xff, MAGIC >>> 24];
  for (const field of LEARNED_FIELDS) encodeOnlineLinear(model[field], out);
  return Uint8Array.from(out);
}

/** Throws on bytes that are not a serialised user model of this version. */
export function deserializeUserModel(bytes: Uint8Array): UserModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 4 || view.getUint32(0, true) !== MAGIC) throw new Error("not a user model of this version");
  const model = {} as UserModel;
  let offset = 4;
  for (const field of LEARNED_FIELDS) {
    const decoded = decodeOnlineLinear(bytes, offset, OUTPUTS[field]);
    model[field] = decoded.model;
    offset = decoded.offset;
  }
  if (offset !== bytes.byteLength) throw new Error("user model: trailing bytes");
  return model;
}
