/**
 * A phishing suspicion of the local analyser survives the LLM pass. Its
 * signals (authentication results, where links really go, look-alike
 * domains, the brand a display name claims) are mostly outside what an LLM
 * is shown, and a scam is written to look legitimate and urgent: an LLM that
 * believes it must not make it green, red or urgent again. The user can
 * still correct spam; the suspicion itself stays with the analysis.
 */
import type { Analysis, Judgement, Level } from "../types.ts";

const lower = (llm: Judgement<Level>, local: Judgement<Level>) => (llm.value <= local.value ? llm : local);

export function keepPhishingSuspicion(llm: Analysis, local: Analysis): Analysis {
  if (!local.phishing?.value) return llm;
  // An LLM that also says spam keeps its own reason (it may have seen more, such as an injection attempt).
  const spam = llm.spam.value ? llm.spam : local.spam;
  return { ...llm, phishing: local.phishing, spam, urgency: lower(llm.urgency, local.urgency), importance: lower(llm.importance, local.importance) };
}
