/**
 * UI text in German and English. German is the default: the people this
 * replaces a system for speak German; English follows the browser or the
 * language switch.
 */
import { de } from "./de.ts";
import { en, type MessageKey } from "./en.ts";

export const LANGS = ["de", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "de";
export type { MessageKey };

const catalogs: Record<Lang, Record<MessageKey, string>> = { de, en };

export function isLang(value: unknown): value is Lang {
  return LANGS.includes(value as Lang);
}

/**
 * @example
 *   t("de", "status.checkedAt", { time: "12:00" }) // "Geprüft um 12:00"
 */
export function t(lang: Lang, key: MessageKey, vars?: Record<string, string>): string {
  const text = catalogs[lang][key];
  // Most texts have no placeholders; a page renders hundreds of them.
  if (!vars || !text.includes("{")) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => vars[name] ?? match);
}

/** Binds a language: `const tr = translator(lang); tr("nav.home")`. */
export function translator(lang: Lang) {
  return (key: MessageKey, vars?: Record<string, string>) => t(lang, key, vars);
}
