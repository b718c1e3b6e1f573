/**
 * Translation on demand: the user's LLM provider translates one message
 * into the user's language, under the analysis's privacy rules:
 * - only what the message's account lets a provider see (the body not at
 *   all for "headers only", its start otherwise), and at most
 *   TRANSLATION_BODY_CHARS (the answer must fit the provider's token limit);
 * - anonymised for every provider that is not local; placeholders restored
 *   only in the stored translation, which is what the user reads;
 * - one call from the daily budget;
 * - the mail fenced as untrusted data (./prompt.ts), the injection net run
 *   over it (a suspected mail is marked, so the page warns), and the answer
 *   kept as plain text only: the page shows it escaped, never as HTML.
 * The translation is stored encrypted with the user's data key, one per
 * message and target language. Nothing here logs.
 */
import { parseModelJson } from "../../analysis/llm/output.ts";
import * as v from "valibot";
import { takeLlmBudget } from "../../analysis/llm/budget.ts";
import { clearText, createAnonymiser } from "../../analysis/llm/anonymise.ts";
import { isLocalProvider } from "../../analysis/llm/base-url.ts";
import { detectInjection } from "../../analysis/llm/injection.ts";
import { MAX_SUBJECT_CHARS } from "../../analysis/llm/limits.ts";
import { bodyCharsFor, peopleOf } from "../../analysis/llm/message-view.ts";
import { providerFor, type ProviderCall } from "../../analysis/llm/providers/index.ts";
import { loadLlmSettings } from "../../analysis/llm/settings.ts";
import { accountVisibility } from "../../analysis/llm/visibility.ts";
import { loadMessageForAnalysis } from "../../analysis/message-input.ts";
import { decryptText, encrypt } from "../../crypto/aead.ts";
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { Lang } from "../../i18n/messages.ts";
import { isUuid } from "../../ids.ts";
import { translationPrompt, TRANSLATION_SCHEMA, TranslationAnswerSchema } from "./prompt.ts";

/** Body characters sent for translation: the answer (about as long) must fit the provider's answer limit (MAX_ANSWER_TOKENS). */
export const TRANSLATION_BODY_CHARS = 3_000;
/** A translation longer than this is no translation of what was sent (a runaway or steered answer) and is refused. */
const MAX_TRANSLATED_CHARS = 4 * TRANSLATION_BODY_CHARS;

export interface Translation {
  targetLanguage: Lang;
  /** What the analysis detected when it was translated (ISO 639-1), if anything. */
  sourceLanguage: string | null;
  subject: string;
  text: string;
  /** Only the start of the body was translated (the account's visibility, or the length limit). */
  cut: boolean;
  /** The mail looked like it addresses an AI: the page warns that the translation may be steered. */
  injectionSuspected: boolean;
  createdAt: Date;
}

export type TranslateFailure = "not_found" | "no_provider" | "budget_spent" | "provider_failed" | "bad_answer";
export type TranslateResult = { ok: true; translation: Translation } | { ok: false; reason: TranslateFailure };

const binding = (userId: string, messageId: string, target: Lang) => ({ owner: userId, purpose: `message-translation:${messageId}:${target}` });

/** Cuts at the limit on whitespace (placeholders and values hold none), so no value or placeholder is split. */
function clip(text: string, limit: number): { text: string; cut: boolean } {
  const clean = text.replace(/\r\n?/g, "\n").trim();
  if (clean.length <= limit) return { text: clean, cut: false };
  const head = clean.slice(0, limit);
  const space = head.search(/\s\S*$/);
  return { text: space > limit * 0.8 ? head.slice(0, space) : head, cut: true };
}

/** Text only: control characters other than line breaks and tabs removed (the page escapes the rest). */
const plainText = (text: string) => text.replace(/\r\n?/g, "\n").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");

/**
 * Asks the user's provider for a translation of the message into `target`
 * and stores it (replacing an earlier one).
 *
 * @example
 *   const result = await translateMessage(sql, dataKey, user.id, messageId, "de", { outbound });
 *   if (result.ok) show(result.translation.text);
 */
export async function translateMessage(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, target: Lang, call: ProviderCall): Promise<TranslateResult> {
  if (!isUuid(messageId)) return { ok: false, reason: "not_found" };
  const loaded = await loadMessageForAnalysis(sql, dataKey, userId, messageId);
  if (!loaded) return { ok: false, reason: "not_found" };
  const settings = await loadLlmSettings(sql, dataKey, userId);
  if (!settings?.enabled) return { ok: false, reason: "no_provider" };
  if (!(await takeLlmBudget(sql, userId))) return { ok: false, reason: "budget_spent" };

  const { input } = loaded;
  const visibility = (await accountVisibility(sql, userId, loaded.accountId)) ?? "headers";
  const anonymiser = isLocalProvider(settings) ? clearText : createAnonymiser(peopleOf([input]));
  const bodyChars = Math.min(bodyCharsFor(visibility), TRANSLATION_BODY_CHARS);
  // Anonymised before the cut, a generous head only (a cut first could leave half an address that no longer looks like one).
  const head = clip(input.text, bodyChars * 3);
  const body = bodyChars > 0 ? clip(anonymiser.text(head.text), bodyChars) : { text: "", cut: input.text.trim() !== "" };
  const subject = anonymiser.text(input.subject.slice(0, MAX_SUBJECT_CHARS));
  const injection = detectInjection(input);

  const prompt = translationPrompt({ subject, text: body.text }, target);
  const answer = await providerFor(settings.kind).chat(settings, { model: settings.model, ...prompt, schema: TRANSLATION_SCHEMA }, call);
  if (!answer.ok) return { ok: false, reason: "provider_failed" };
  const shaped = v.safeParse(TranslationAnswerSchema, parseModelJson(answer.text));
  if (!shaped.success || shaped.output.text.length > MAX_TRANSLATED_CHARS || shaped.output.subject.length > MAX_SUBJECT_CHARS * 4) return { ok: false, reason: "bad_answer" };

  const [analysis] = await sql<{ language: string | null }[]>`select language from analyses where message_id = ${messageId} and user_id = ${userId}`;
  const translation: Translation = {
    targetLanguage: target,
    sourceLanguage: analysis?.language ?? null,
    subject: plainText(anonymiser.restore(shaped.output.subject)).replace(/\s*\n\s*/g, " "),
    text: plainText(anonymiser.restore(shaped.output.text)),
    cut: head.cut || body.cut,
    injectionSuspected: injection.suspected,
    createdAt: new Date(),
  };
  const content = encrypt(dataKey, JSON.stringify({ subject: translation.subject, text: translation.text, injectionSuspected: translation.injectionSuspected }), binding(userId, messageId, target));
  const [row] = await sql<{ createdAt: Date }[]>`
    insert into message_translations (message_id, user_id, target_language, source_language, content_encrypted, cut)
    values (${messageId}, ${userId}, ${target}, ${translation.sourceLanguage}, ${content}, ${translation.cut})
    on conflict (message_id, target_language) do update set
      source_language = excluded.source_language, content_encrypted = excluded.content_encrypted, cut = excluded.cut, created_at = now()
    returning created_at as "createdAt"`;
  return { ok: true, translation: { ...translation, createdAt: row!.createdAt } };
}

/** The stored translation of the user's message into `target`, or null. */
export async function storedTranslation(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, target: Lang): Promise<Translation | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await sql<{ sourceLanguage: string | null; content: Uint8Array; cut: boolean; createdAt: Date }[]>`
    select source_language as "sourceLanguage", content_encrypted as content, cut, created_at as "createdAt"
    from message_translations where message_id = ${messageId} and user_id = ${userId} and target_language = ${target}`;
  if (!row) return null;
  const content = JSON.parse(decryptText(dataKey, row.content, binding(userId, messageId, target))) as { subject: string; text: string; injectionSuspected?: boolean };
  return {
    targetLanguage: target,
    sourceLanguage: row.sourceLanguage,
    subject: content.subject,
    text: content.text,
    cut: row.cut,
    injectionSuspected: content.injectionSuspected === true,
    createdAt: row.createdAt,
  };
}

/**
 * What the message page offers: translating when the analysis detected
 * another language than the user's; whether the user has a provider (else
 * the button explains that one is needed); whether one is stored already.
 */
export interface TranslationOffer {
  detectedLanguage: string;
  hasProvider: boolean;
  stored: boolean;
}

/** Null when there is nothing to offer: no detected language, or the user's own. */
export async function translationOffer(sql: Sql, userId: string, messageId: string, target: Lang): Promise<TranslationOffer | null> {
  if (!isUuid(messageId)) return null;
  const [row] = await sql<{ language: string | null; hasProvider: boolean; stored: boolean }[]>`
    select a.language,
           exists (select 1 from llm_providers p where p.user_id = ${userId} and p.enabled) as "hasProvider",
           exists (select 1 from message_translations t where t.message_id = a.message_id and t.user_id = ${userId} and t.target_language = ${target}) as stored
    from analyses a where a.message_id = ${messageId} and a.user_id = ${userId}`;
  if (!row?.language || row.language.toLowerCase() === target) return null;
  return { detectedLanguage: row.language.toLowerCase(), hasProvider: row.hasProvider, stored: row.stored };
}
