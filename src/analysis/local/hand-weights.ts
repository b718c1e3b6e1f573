/**
 * The local analyser's hand weights: a small hand-set linear model over the cue and
 * header-signal tokens in the feature vector (`cue:deadline`,
 * `sig:list_unsubscribe`…): per field, a score per answer. Working from the
 * feature vector alone means a correction stored with its features can be
 * re-learned later against exactly the hand scores the message had, and the
 * learned weights simply add to these.
 *
 * Category scores are [action_required, urgent, information]; urgency and
 * importance scores are for levels [1, 2, 3]; newsletter is one logit.
 */
import { hashToken, type Features } from "./features.ts";

export type ScoredField = "newsletter" | "category" | "urgency" | "importance";
export type FieldScores = Record<ScoredField, number[]>;

type Weights = Partial<Record<ScoredField, number[]>>;

const BASE: FieldScores = {
  newsletter: [-2.5],
  category: [0, -0.3, 1.0],
  urgency: [1.0, 0, -1.0],
  importance: [0.5, 0.5, -1.0],
};

/** What each token adds. Kept in one table so the weights can be read at a glance. */
export const HAND_WEIGHTS: Record<string, Weights> = {
  "cue:request": { category: [2.0, 0, 0], urgency: [0, 0.6, 0], importance: [0, 0.6, 0.6] },
  "cue:deadline": { category: [1.2, 0.8, 0], urgency: [0, 1.5, 1.0], importance: [0, 0.4, 0.5] },
  "cue:urgent": { category: [0.3, 2.0, 0], urgency: [0, 0.5, 3.0], importance: [0, 0.3, 0.6] },
  "cue:escalation": { category: [0.5, 2.2, 0], urgency: [0, 0.5, 3.2], importance: [0, 0.5, 1.2] },
  "cue:question": { category: [1.0, 0, 0], importance: [0, 0.4, 0] },
  "cue:invoice": { category: [1.0, 0, 0], urgency: [0, 0.4, 0], importance: [0, 0.6, 0.6] },
  "cue:meeting": { category: [0.6, 0, 0], urgency: [0, 0.3, 0] },
  "cue:security": { newsletter: [-3.0], category: [0, 0, 1.0], importance: [0, 0.6, 0.3] },
  "cue:unsubscribe": { newsletter: [2.0], category: [0, 0, 1.0], importance: [0.8, 0, 0] },
  "sig:calendar": { category: [1.5, 0, 0], urgency: [0, 0.6, 0], importance: [0, 0.8, 0] },
  "sig:reply_to_own": { newsletter: [-3.0], category: [0.8, 0, 0], urgency: [0, 0.5, 0], importance: [0, 0.5, 2.5] },
  "sig:high_priority": { category: [0, 1.0, 0], urgency: [0, 0.8, 0.8], importance: [0, 0.3, 0.8] },
  "sig:low_priority": { urgency: [0.8, 0, 0], importance: [0.8, 0, 0] },
  "sig:list_unsubscribe": { newsletter: [3.0], category: [0, 0, 1.5], urgency: [1.0, 0, 0], importance: [1.2, 0, 0] },
  "sig:list_id": { newsletter: [1.0], category: [0, 0, 0.5], importance: [0.4, 0, 0] },
  // An unsubscribe footer in campaign-built HTML (analyse.ts): with cue:unsubscribe about what List-Unsubscribe adds.
  "sig:campaign_mailing": { newsletter: [1.5], category: [0, 0, 0.5], importance: [0.4, 0, 0] },
  // Outweighs the list headers a discussion list carries too: its members write to each other.
  "sig:discussion_list": { newsletter: [-6.0], category: [0, 0, -1.0], importance: [0, 0.6, 0] },
  "sig:precedence_bulk": { newsletter: [2.0], category: [0, 0, 1.5], urgency: [1.0, 0, 0], importance: [1.0, 0, 0] },
  "sig:precedence_list": { newsletter: [1.0], category: [0, 0, 1.0], urgency: [0.5, 0, 0], importance: [0.6, 0, 0] },
  "sig:precedence_junk": { newsletter: [1.5], category: [0, 0, 1.5], urgency: [1.0, 0, 0], importance: [1.2, 0, 0] },
  "sig:no_reply": { newsletter: [1.5], category: [0, 0, 1.5], urgency: [0.8, 0, 0], importance: [1.5, 0, 0] },
  "sig:auto_submitted": { newsletter: [0.5], category: [0, 0, 1.5], urgency: [0.8, 0, 0], importance: [1.5, 0, 0] },
  "sig:addr_direct": { newsletter: [-0.5], category: [0.3, 0, 0], importance: [0, 0.5, 0.3] },
  "sig:addr_cc": { category: [0, 0, 0.5], importance: [0.5, 0, 0] },
  "sig:addr_bulk": { newsletter: [0.5], category: [0, 0, 0.5], importance: [0.8, 0, 0] },
};

const WEIGHTED_TOKENS = Object.keys(HAND_WEIGHTS).map((token) => ({ token, hash: hashToken(token), weights: HAND_WEIGHTS[token]! }));

function has(features: Features, hash: number): boolean {
  let low = 0;
  let high = features.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const value = features[middle]!;
    if (value === hash) return true;
    if (value < hash) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** The weighted tokens present in a feature vector. */
export function weightedTokensIn(features: Features): string[] {
  return WEIGHTED_TOKENS.filter((entry) => has(features, entry.hash)).map((entry) => entry.token);
}

export function handScores(features: Features): FieldScores {
  const scores: FieldScores = { newsletter: [...BASE.newsletter], category: [...BASE.category], urgency: [...BASE.urgency], importance: [...BASE.importance] };
  for (const entry of WEIGHTED_TOKENS) {
    if (!has(features, entry.hash)) continue;
    for (const [field, weights] of Object.entries(entry.weights) as [ScoredField, number[]][]) {
      for (const [index, weight] of weights.entries()) scores[field][index]! += weight;
    }
  }
  // Something to do at the highest urgency is urgent (a score, so a user's corrections can still overrule it).
  const [action, urgent] = scores.category as [number, number, number];
  if (argmax(scores.category) === 0 && argmax(scores.urgency) === 2) scores.category[1] = Math.max(urgent, action + 0.5);
  return scores;
}

const argmax = (values: number[]) => values.indexOf(Math.max(...values));

/**
 * The present token that pushed hardest towards `answer` (its weight there
 * against its average over the answers); null when none did.
 */
export function strongestWeightedToken(tokens: readonly string[], field: ScoredField, answer: number): string | null {
  let best: string | null = null;
  let bestPush = 0;
  for (const token of tokens) {
    const weights = HAND_WEIGHTS[token]?.[field];
    if (!weights) continue;
    const push = field === "newsletter" ? (answer === 1 ? weights[0]! : -weights[0]!) : weights[answer]! - weights.reduce((a, b) => a + b, 0) / weights.length;
    if (push > bestPush) {
      best = token;
      bestPush = push;
    }
  }
  return best;
}
