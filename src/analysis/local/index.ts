/**
 * The local analyser's public surface: what the `process_message` job and
 * the correction handling need.
 *
 * @example
 * import { analyseLocally, deserializeUserModel, emptyUserModel, featuresToJson, learnCorrection, serializeUserModel } from "../analysis/local/index.ts";
 * const model = stored ? deserializeUserModel(decrypted) : emptyUserModel();
 * const { analysis, features } = analyseLocally(input, model, senderHint);
 * // on a correction: keep featuresToJson(features) with it, then
 * learnCorrection(model, features, "urgency", 3);
 * const bytes = serializeUserModel(model); // encrypt and store
 */
export { analyseLocally, HINT_OVERRIDES, messageFeatures, type LocalAnalysis, type SenderHint } from "./analyse.ts";
export { featuresFromJson, featuresToJson, type Features } from "./features.ts";
export { analysisInputFromParsed } from "./input.ts";
export { LOCAL_REASON_CODES, type LocalReasonCode } from "./reasons.ts";
export { loadSpamPrior, spamProbability } from "./spam-model.ts";
export {
  deserializeUserModel,
  emptyUserModel,
  LEARNED_FIELDS,
  learnCorrection,
  learnedExamples,
  serializeUserModel,
  type CorrectionValues,
  type LearnedField,
  type UserModel,
} from "./user-model.ts";
