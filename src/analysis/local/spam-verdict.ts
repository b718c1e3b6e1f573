/**
 * The spam decision, from the strongest evidence down:
 *
 * 1. the receiving server called it spam (its filter's header, or it
 *    delivered it to the Junk folder): spam;
 * 2. phishing and scam signals add up (./phishing.ts): spam, and a
 *    phishing warning when one of them is a phishing signal;
 * 3. otherwise the text model (the shipped prior plus what the user
 *    taught, leaned by a weak sender hint), where the receiving server's
 *    authentication corrects the prior's 2002 view of mail: bulk mail with
 *    list headers from an authenticated, aligned sender is a newsletter,
 *    not spam; personal mail from an authenticated sender needs much
 *    stronger content evidence; mail from the user's own address is
 *    theirs. What the user taught (a learned delta or a sender hint) still
 *    wins over these corrections.
 */
import type { Judgement, Reason } from "../types.ts";
import type { Authentication } from "./authentication.ts";
import type { Features } from "./features.ts";
import { learnedScores, sigmoid, type OnlineLinear } from "./online-linear.ts";
import type { SuspicionVerdict } from "./phishing.ts";
import { reason } from "./reasons.ts";
import type { ServerVerdict } from "./server-verdict.ts";
import { loadSpamPrior, MIN_SPAM_EVIDENCE, priorLogit, SPAM_THRESHOLD, spamEvidence } from "./spam-model.ts";

/** How far a weak sender hint just below HINT_OVERRIDES leans the decision, in logit. */
const HINT_WEIGHT = 1.5;
/** A hint at or over this decides (see ./analyse.ts). */
export const HINT_OVERRIDES = 0.8;

/** A weak hint leans by its confidence: labels that disagree half and half lean little, a clear majority almost as far as HINT_WEIGHT. */
export const hintWeight = (confidence: number) => HINT_WEIGHT * Math.min(1, confidence / HINT_OVERRIDES);
/** The server's own verdict: trusted, but the user can still correct it. */
const SERVER_CONFIDENCE = 0.95;
/**
 * Personal (not bulk) mail from an authenticated, aligned sender is spam
 * only at this probability and with twice the usual evidence: the prior
 * learnt from 2002 spam, and modern personal mail (HTML, tracking-free
 * links, German) reads as spam to it far too often.
 */
const VOUCHED_SPAM_THRESHOLD = 0.95;
const VOUCHED_EVIDENCE_FACTOR = 2;
/** The user taught this kind of mail is spam (or ham): the learned delta's logit beyond this decides over authentication. */
const TAUGHT_LOGIT = 0.5;

export interface SpamContext {
  server: ServerVerdict | null;
  suspicion: SuspicionVerdict;
  auth: Authentication;
  /** List-Unsubscribe, List-Id or Precedence: bulk/list. */
  bulk: boolean;
  /** The From address is one of the user's own. */
  fromOwnAddress: boolean;
  fromDomain: string;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function spamJudgement(features: Features, delta: OnlineLinear, hint: { value: boolean; confidence: number } | undefined, context: SpamContext): Judgement<boolean> {
  if (context.server) {
    const why = context.server.header ? reason("server_spam", { header: context.server.header }) : reason("junk_folder");
    return { value: true, confidence: SERVER_CONFIDENCE, reason: why };
  }
  if (context.suspicion.spam) {
    return { value: true, confidence: round(Math.min(0.99, 0.5 + context.suspicion.score / 10)), reason: context.suspicion.signals[0]!.reason };
  }
  const prior = loadSpamPrior();
  const priorPart = priorLogit(prior, features);
  const taught = learnedScores(delta, features)[0]!;
  let logit = priorPart + taught;
  const evidence = spamEvidence(prior, features);
  const { auth, bulk } = context;
  const vouchedPersonal = auth.aligned && !bulk;
  // Bulk mail a newsletter service signed (DKIM passed for its domain, not the sender's) and nothing failed: the
  // service answers for it, though not aligned. The prior's 2002 view of HTML mail needs the same margin here.
  const signedBulk = bulk && !auth.aligned && auth.dkim === "pass" && !auth.failed;
  const strict = vouchedPersonal || signedBulk;
  const threshold = strict ? VOUCHED_SPAM_THRESHOLD : SPAM_THRESHOLD;
  const minEvidence = strict ? MIN_SPAM_EVIDENCE * VOUCHED_EVIDENCE_FACTOR : MIN_SPAM_EVIDENCE;
  // Too little known spam evidence stays ham, unless the user taught this kind of mail is spam.
  const enoughEvidence = taught > TAUGHT_LOGIT || evidence >= minEvidence;
  const learnedSays = enoughEvidence && sigmoid(logit) >= threshold;
  const weakHint = hint && hint.confidence < HINT_OVERRIDES ? hint : undefined;
  if (weakHint) logit += weakHint.value ? hintWeight(weakHint.confidence) : -hintWeight(weakHint.confidence);
  const probability = sigmoid(logit);
  let isSpam = probability >= threshold && (enoughEvidence || Boolean(weakHint?.value));
  const percent = String(Math.round(probability * 100));
  let because: Reason | null = null;
  // Authentication overrules the content model, but not the user's own teaching.
  const userTaughtSpam = taught > TAUGHT_LOGIT || Boolean(weakHint?.value);
  if (isSpam && !userTaughtSpam) {
    if (auth.aligned && bulk) because = reason("authenticated_newsletter", { domain: context.fromDomain });
    else if (context.fromOwnAddress && !auth.failed) because = reason("own_address");
    if (because) isSpam = false;
  }
  const confidence = round(isSpam ? probability : Math.max(1 - probability, 0.5));
  if (!because) {
    const priorSays = sigmoid(priorPart) >= threshold && evidence >= minEvidence;
    if (isSpam !== learnedSays) because = reason("sender_pattern");
    else if (isSpam !== priorSays) because = reason("learned");
    else if (!isSpam && vouchedPersonal && probability >= SPAM_THRESHOLD) because = reason("authenticated_sender", { domain: context.fromDomain });
    else if (!isSpam && probability >= SPAM_THRESHOLD) because = reason("spam_unsure", { percent });
    else because = reason(isSpam ? "spam_content" : "ham_content", { percent });
  }
  return { value: isSpam, confidence, reason: because };
}
