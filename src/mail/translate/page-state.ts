/**
 * What the message page shows of translation: the offer ("Übersetzen", or
 * that a provider is needed), the stored translation when the page asks for
 * it (`?translation=show`), or why the last attempt failed
 * (`?translation=failed:<reason>`). One small query for the offer; the
 * translation is decrypted only when shown.
 */
import type { SecretKey } from "../../crypto/secret-key.ts";
import type { Sql } from "../../db/connection.ts";
import type { Lang } from "../../i18n/messages.ts";
import { storedTranslation, translationOffer, type TranslateFailure, type Translation, type TranslationOffer } from "./translate.ts";

export interface TranslationState {
  offer: TranslationOffer;
  /** Shown beside the original. */
  shown: Translation | null;
  failed?: TranslateFailure;
}

const FAILURES: readonly TranslateFailure[] = ["not_found", "no_provider", "budget_spent", "provider_failed", "bad_answer"];

/** Undefined when the message is in the user's language (or none was detected): nothing to offer. */
export async function translationState(sql: Sql, dataKey: SecretKey, userId: string, messageId: string, lang: Lang, asked: string | undefined): Promise<TranslationState | undefined> {
  const offer = await translationOffer(sql, userId, messageId, lang);
  if (!offer) return undefined;
  const failed = asked?.startsWith("failed:") ? FAILURES.find((reason) => `failed:${reason}` === asked) : undefined;
  const shown = asked === "show" && offer.stored ? await storedTranslation(sql, dataKey, userId, messageId, lang) : null;
  return { offer, shown, failed };
}
