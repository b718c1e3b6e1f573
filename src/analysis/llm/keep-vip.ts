/**
 * A VIP sender the local analyser believed (src/analysis/local/vip.ts)
 * stays believed after the LLM pass: the user's word about a sender is not
 * the model's to overrule. An LLM that reads the mail as spam or as less
 * important is not shown the user's list; what the local analysis decided
 * for the VIP is kept.
 */
import type { Analysis } from "../types.ts";

export function keepVipSender(llm: Analysis, local: Analysis): Analysis {
  if (local.spam.reason.code !== "vip_sender") return llm;
  return { ...llm, spam: local.spam, phishing: local.phishing, importance: llm.importance.value >= local.importance.value ? llm.importance : local.importance };
}
