/**
 * Analysing one message with the user's provider: choose what it may see
 * (the account's visibility), anonymise unless the provider is local, fence
 * the mail in the prompt, ask, and check the answer. An invalid or late
 * answer is asked for once more; then the caller keeps the local analysis
 * and records the reason. Nothing here logs: prompts, keys and mail text
 * must not reach a log, and the result carries only codes and counts.
 */
import type { OutboundPolicy } from "../../net/outbound-policy.ts";
import type { Analysis, AnalysisInput } from "../types.ts";
import { clearText, createAnonymiser } from "./anonymise.ts";
import { answerJsonSchema } from "./answer-schema.ts";
import { isLocalProvider } from "./base-url.ts";
import { detectInjection, mergeWithLocal, type InjectionFinding } from "./injection.ts";
import { MAX_THREAD_CONTEXT_MESSAGES, THREAD_CONTEXT_BODY_CHARS } from "./limits.ts";
import { bodyCharsFor, peopleOf, renderMessage } from "./message-view.ts";
import { parseLlmAnswer } from "./output.ts";
import { buildPrompt } from "./prompt.ts";
import { providerFor } from "./providers/index.ts";
import type { LlmFailure, LlmKind, LlmSettings, LlmVisibility } from "./types.ts";

export interface AnalyseOptions {
  /** What the message's account lets the provider see. */
  visibility: LlmVisibility;
  /** Earlier messages of the thread, oldest first; only the last few are shown, never more than `visibility` allows. */
  threadContext?: AnalysisInput[];
  /** The language of the summary and reasons. */
  uiLanguage: "de" | "en";
  /** Ask the second-opinion model instead of the usual one (the caller decides when; it costs another call of the budget). */
  secondOpinion?: boolean;
  /**
   * The local analyser's answer. When given and the mail looks like it
   * instructs the model, the result is merged with it (mergeWithLocal);
   * without it the caller must merge.
   */
  local?: Analysis;
  /** Shutdown: stops the request at once (reason `aborted`, not retried). */
  signal?: AbortSignal;
  /** Where the server may connect (loadOutboundPolicy). */
  outbound: OutboundPolicy;
}

export type LlmAnalysisResult =
  | {
      ok: true;
      analysis: Analysis;
      /** Names of tags the user does not have that fit the message, for the review queue; none when the mail tried to instruct the model. */
      newTagNames: string[];
      provider: LlmKind;
      model: string;
      injection: InjectionFinding;
      /** The message went out anonymised (the provider is not a loopback Ollama). */
      anonymised: boolean;
      attempts: number;
    }
  | { ok: false; reason: LlmFailure; detail: string; provider: LlmKind; model: string; injection: InjectionFinding; attempts: number };

/** Failures worth asking once more: the model may answer properly the second time. The others would fail the same way. */
const RETRIED: ReadonlySet<LlmFailure> = new Set(["invalid_output", "timeout", "bad_response"]);
export const MAX_ATTEMPTS = 2;

/**
 * @example
 *   const result = await analyseWithLlm(settings, input, { visibility: "headers_body_start", uiLanguage: "de", local });
 *   if (result.ok) store(result.analysis, { provider: result.provider, model: result.model });
 *   else store(local, { provider: "local", fallbackReason: result.reason });
 */
export async function analyseWithLlm(settings: LlmSettings, input: AnalysisInput, options: AnalyseOptions): Promise<LlmAnalysisResult> {
  const model = options.secondOpinion && settings.secondOpinionModel ? settings.secondOpinionModel : settings.model;
  const context = (options.threadContext ?? []).slice(-MAX_THREAD_CONTEXT_MESSAGES);
  const injection = detectInjection([input, ...context]);
  const anonymised = !isLocalProvider(settings);
  const anonymiser = anonymised ? createAnonymiser(peopleOf([input, ...context])) : clearText;

  const bodyChars = bodyCharsFor(options.visibility);
  const message = renderMessage(input, { bodyChars, anonymiser });
  const threadContext = context.map((earlier) => renderMessage(earlier, { bodyChars: Math.min(bodyChars, THREAD_CONTEXT_BODY_CHARS), anonymiser }));
  // Two tags could anonymise alike ("Anna" and "Anna Schmidt"); a schema enum must not repeat itself.
  const tagNames = [...new Set(input.userTags.map((name) => anonymiser.text(name)))];
  const prompt = buildPrompt({ message, threadContext, tagNames, uiLanguage: options.uiLanguage });
  const request = { model, ...prompt, schema: answerJsonSchema(tagNames) };
  const provider = providerFor(settings.kind);
  const base = { provider: settings.kind, model, injection };

  let failure: { reason: LlmFailure; detail: string } = { reason: "invalid_output", detail: "" };
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const answer = await provider.chat(settings, request, { outbound: options.outbound, signal: options.signal });
    if (answer.ok) {
      const parsed = parseLlmAnswer(answer.text, { userTags: input.userTags, restore: anonymiser.restore });
      if (parsed.ok) {
        const analysis = options.local ? mergeWithLocal(parsed.analysis, options.local, injection.suspected) : parsed.analysis;
        const newTagNames = injection.suspected ? [] : parsed.newTagNames;
        return { ok: true, ...base, analysis, newTagNames, anonymised, attempts: attempt };
      }
      failure = { reason: "invalid_output", detail: parsed.problem === "not_json" ? "the answer is not JSON" : "the answer does not match the schema" };
    } else {
      failure = { reason: answer.reason, detail: answer.detail };
    }
    if (!RETRIED.has(failure.reason) || options.signal?.aborted) return { ok: false, ...base, ...failure, attempts: attempt };
  }
  return { ok: false, ...base, ...failure, attempts: MAX_ATTEMPTS };
}

/**
 * Whether an answer is unsure enough to ask the second-opinion model: any
 * of the decisions that move mail around (spam, category, urgency) below
 * the given confidence.
 */
export function needsSecondOpinion(analysis: Analysis, threshold = 0.5): boolean {
  return [analysis.spam, analysis.category, analysis.urgency].some((judgement) => judgement.confidence < threshold);
}
