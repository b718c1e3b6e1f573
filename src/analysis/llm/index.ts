/**
 * The optional LLM analyser, for the job that runs it (queue "llm"):
 *
 * @example
 *   const settings = await loadLlmSettings(sql, dataKey, userId);
 *   if (!settings?.enabled) return local;
 *   if (!(await takeLlmBudget(sql, userId))) return { ...local, fallbackReason: "budget_spent" };
 *   const visibility = (await accountVisibility(sql, userId, accountId)) ?? DEFAULT_LLM_VISIBILITY;
 *   const result = await analyseWithLlm(settings, input, { visibility, threadContext, uiLanguage, local, signal });
 *   // result.ok: store result.analysis with provider result.provider, model result.model
 *   // otherwise: store `local` with fallback_reason = result.reason
 */
export { analyseWithLlm, needsSecondOpinion, MAX_ATTEMPTS, type AnalyseOptions, type LlmAnalysisResult } from "./analyse.ts";
export { anonymise, createAnonymiser, type Anonymiser } from "./anonymise.ts";
export { isLocalProvider, normaliseBaseUrl } from "./base-url.ts";
export { takeLlmBudget, usedToday } from "./budget.ts";
export { detectInjection, mergeWithLocal, type InjectionFinding } from "./injection.ts";
export { parseLlmAnswer } from "./output.ts";
export { testConnection, providerFor, type ConnectionTest } from "./providers/index.ts";
export { deleteLlmSettings, loadLlmSettings, readLlmSettingsSummary, saveLlmSettings, type LlmSettingsInput, type LlmSettingsSummary } from "./settings.ts";
export { accountVisibility, listAccountVisibility, setAccountVisibility, type AccountVisibility } from "./visibility.ts";
export * from "./types.ts";
