/**
 * The local analyser: offline, the default for every user, and the answer
 * kept when an LLM fails. Pure and synchronous (well over 1,000 messages/s
 * on one core; `bun run bench:classify`).
 *
 * @example
 * const { analysis, features } = analyseLocally(input, userModel, senderHint);
 * // later, when the user corrects it:
 * learnCorrection(userModel, features, "category", "action_required");
 */
import { attentionIndex, refineCategory } from "./category.ts";
import { CATEGORIES, type Analysis, type AnalysisInput, type Category, type Judgement, type Level, type Reason } from "../types.ts";
import { authenticationOf } from "./authentication.ts";
import { findCues, ownText, type Cues } from "./cues.ts";
import { addressDomain } from "./domains.ts";
import { contentFeatures, extractFeatures, type Features } from "./features.ts";
import { detectLanguage } from "./language.ts";
import { learnedScores, sigmoid, softmax, type OnlineLinear } from "./online-linear.ts";
import { reason, reasonForToken } from "./reasons.ts";
import { handScores, weightedTokensIn, strongestWeightedToken, type ScoredField } from "./hand-weights.ts";
import { cleanInput } from "./clean-text.ts";
import { judgeSuspicion } from "./phishing.ts";
import { serverSpamVerdict } from "./server-verdict.ts";
import { headerSignals, signalTokens, type HeaderSignals } from "./signals.ts";
import { HINT_OVERRIDES, hintWeight, spamJudgement } from "./spam-verdict.ts";
import { extractSummary } from "./summary.ts";
import { suggestTags } from "./tags.ts";
import type { UserModel } from "./user-model.ts";
import { vipBelieved, vipImportance, vipNotSpam } from "./vip.ts";

/** What the user's mail from this sender usually is (sender patterns); at HINT_OVERRIDES or more it decides the field. */
export interface SenderHint {
  category?: { value: Category; confidence: number };
  urgency?: { value: Level; confidence: number };
  importance?: { value: Level; confidence: number };
  newsletter?: { value: boolean; confidence: number };
  spam?: { value: boolean; confidence: number };
  /** The user named the sender a VIP (src/senders/vip.ts): believed as ./vip.ts says. */
  vip?: boolean;
}

/** At or over this a sender hint decides the field; a weaker one leans it by HINT_WEIGHT (about a strong cue's worth). */
export { HINT_OVERRIDES };

export interface LocalAnalysis {
  analysis: Analysis;
  /** Keep with a correction (`featuresToJson`) so the model can be rebuilt without the message. */
  features: Features;
}

export interface MessageFeatures {
  features: Features;
  cues: Cues;
  signals: HeaderSignals;
}

/** Cues, header signals and the hashed feature vector (cue and signal tokens included) of one message. */
export function messageFeatures(input: AnalysisInput): MessageFeatures {
  return featuresOfClean(cleanInput(input));
}

/** messageFeatures of an input cleanInput has seen already. */
function featuresOfClean(input: AnalysisInput): MessageFeatures {
  const cues = findCues(input.subject, input.text);
  const signals = headerSignals(input);
  const extra = [...signalTokens(signals), ...Object.keys(cues).map((kind) => `cue:${kind}`)];
  // An unsubscribe footer in HTML built as a campaign is a mailing even without list headers (a shop's survey,
  // a receipt with marketing attached); either alone is not: notifications are built the same way.
  if (signals.campaignMarkup && cues.unsubscribe) extra.push("sig:campaign_mailing");
  return { features: extractFeatures(input, extra), cues, signals };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface Decision {
  index: number;
  confidence: number;
  reason: Reason;
}

/** Hand weights plus what the user taught, plus a weak sender hint; the reason says which part decided. */
function decide(field: ScoredField, base: number[], learned: OnlineLinear, features: Features, tokens: string[], why: (token: string) => Reason, hint?: WeakHint): Decision {
  const learnedPart = learnedScores(learned, contentFeatures(features));
  const scores = base.map((score, index) => score + learnedPart[index]!);
  const binary = scores.length === 1;
  const pick = (values: number[]) => (binary ? (values[0]! >= 0 ? 1 : 0) : values.indexOf(Math.max(...values)));
  const ruleAnswer = pick(base);
  const learnedAnswer = pick(scores);
  if (hint && hint.index >= 0) {
    if (binary) scores[0]! += hint.index === 1 ? hint.weight : -hint.weight;
    else scores[hint.index]! += hint.weight;
  }
  const index = pick(scores);
  const confidence = binary ? (index === 1 ? sigmoid(scores[0]!) : 1 - sigmoid(scores[0]!)) : softmax(scores)[index]!;
  let because: Reason;
  if (index !== learnedAnswer) because = reason("sender_pattern");
  else if (index !== ruleAnswer) because = reason("learned");
  else {
    const token = strongestWeightedToken(tokens, field, index);
    because = token ? why(token) : reason(field === "newsletter" && index === 0 ? "not_bulk" : "no_cues");
  }
  return { index, confidence: round(confidence), reason: because };
}

function judgement<T>(value: T, decision: Decision): Judgement<T> {
  return { value, confidence: decision.confidence, reason: decision.reason };
}

/** A hint at or over HINT_OVERRIDES replaces the judgement. */
function applyHint<T>(current: Judgement<T>, hint: { value: T; confidence: number } | undefined): Judgement<T> {
  if (!hint || hint.confidence < HINT_OVERRIDES) return current;
  return { value: hint.value, confidence: round(Math.min(1, hint.confidence)), reason: reason("sender_pattern") };
}

/** A sender hint below HINT_OVERRIDES leans the decision towards `index`, by as much as its confidence says. */
interface WeakHint {
  index: number;
  weight: number;
}

const weakHint = (hint: { confidence: number } | undefined, index: number): WeakHint | undefined =>
  hint && hint.confidence < HINT_OVERRIDES ? { index, weight: hintWeight(hint.confidence) } : undefined;

/**
 * Analyses one message with the shipped spam prior, the rules and what this
 * user taught (`model`); `senderHint` is what the user's mail from this
 * sender usually is.
 */
export function analyseLocally(original: AnalysisInput, model: UserModel, senderHint: SenderHint = {}): LocalAnalysis {
  const input = cleanInput(original);
  const { features, cues, signals } = featuresOfClean(input);
  const tokens = weightedTokensIn(features);
  const why = (token: string) => reasonForToken(token, cues, signals);
  const hand = handScores(features);

  const sender = input.from[0]?.address ?? "";
  const auth = authenticationOf(input.rawHeaders, sender);
  const bulk = signals.listUnsubscribe || signals.listId || signals.precedence !== null;
  const suspicion = judgeSuspicion(input, auth, bulk);
  const server = serverSpamVerdict(input.rawHeaders, input.folderRole);
  const fromOwnAddress = sender !== "" && input.ownAddresses.includes(sender.toLowerCase());
  const spamContext = { server, suspicion, auth, bulk, fromOwnAddress, fromDomain: addressDomain(sender) };
  const modelSpam = spamJudgement(features, model.spam, senderHint.spam, spamContext);
  // The server's verdict and phishing signals are evidence about this message; a sender's history does not outweigh them.
  const vip = senderHint.vip === true && vipBelieved(auth, suspicion.phishing);
  const spam = vip ? vipNotSpam() : server || suspicion.spam ? modelSpam : applyHint(modelSpam, senderHint.spam);
  const newsletter = decide("newsletter", hand.newsletter, model.newsletter, features, tokens, why, weakHint(senderHint.newsletter, senderHint.newsletter?.value ? 1 : 0));
  const category = decide("category", hand.category, model.category, features, tokens, why, weakHint(senderHint.category, attentionIndex(senderHint.category?.value ?? "information")));
  const urgency = decide("urgency", hand.urgency, model.urgency, features, tokens, why, weakHint(senderHint.urgency, (senderHint.urgency?.value ?? 1) - 1));
  const importance = decide("importance", hand.importance, model.importance, features, tokens, why, weakHint(senderHint.importance, (senderHint.importance?.value ?? 1) - 1));

  let urgencyJudgement = applyHint(judgement((urgency.index + 1) as Level, urgency), senderHint.urgency);
  let importanceJudgement = applyHint(judgement((importance.index + 1) as Level, importance), senderHint.importance);
  if (vip) importanceJudgement = vipImportance(importanceJudgement);
  // The rules decide how much attention it needs; "information" is then told apart further (newsletter, notification…).
  let categoryJudgement = applyHint(refineCategory(judgement(CATEGORIES[category.index]!, category), input, signals), senderHint.category);
  if (spam.value) {
    // Spam asks nothing of the user, whatever its words say.
    const low = { confidence: spam.confidence, reason: reason("spam_message") };
    urgencyJudgement = { value: 1, ...low };
    importanceJudgement = { value: 1, ...low };
    categoryJudgement = { value: "information", ...low };
  } else if (urgencyJudgement.value === 3 || categoryJudgement.value === "urgent") {
    // Urgency is only believed from a sender someone vouches for: never red for mass mail, a sender that failed
    // authentication (or one the provider could not verify), or mail with any phishing or scam signal.
    const unvouched = auth.failed || (auth.known && !auth.aligned) || suspicion.score > 0;
    if (bulk || unvouched) {
      const capped = { confidence: urgencyJudgement.confidence, reason: reason(bulk ? "not_urgent_bulk" : "not_urgent_unvouched") };
      if (urgencyJudgement.value === 3) urgencyJudgement = { value: 2, ...capped };
      if (categoryJudgement.value === "urgent") categoryJudgement = { value: "action_required", ...capped };
    }
  }
  const phishing: Judgement<boolean> =
    vip && suspicion.phishing
      ? { value: false, confidence: 1, reason: reason("vip_sender") }
      : suspicion.phishing
        ? { value: true, confidence: spam.confidence, reason: suspicion.signals.find((signal) => signal.phishing)!.reason }
        : { value: false, confidence: round(Math.max(0.5, 1 - suspicion.score / 10)), reason: suspicion.signals[0]?.reason ?? reason("no_cues") };
  const own = ownText(input.text, 4_000);
  const language = detectLanguage(input.subject, own, input.headers["content-language"]);
  const analysis: Analysis = {
    urgency: urgencyJudgement,
    importance: importanceJudgement,
    category: categoryJudgement,
    spam,
    phishing,
    // A scam sent with list headers is no newsletter: "unsubscribe" there is one more link to the scammer.
    newsletter: suspicion.spam ? { value: false, confidence: spam.confidence, reason: suspicion.signals[0]!.reason } : applyHint(judgement(newsletter.index === 1, newsletter), senderHint.newsletter),
    summary: extractSummary(input.text, language),
    language,
    tags: suggestTags(input.userTags, input.subject, own),
  };
  return { analysis, features };
}
