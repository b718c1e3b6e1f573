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

const cataloguePatterns = new Map<Lang, { plain: Set<string>; templates: RegExp[] }>();

/**
 * Whether `text` is a text of `lang`'s catalogue (placeholders filled in):
 * how an error page tells words written for the reader from the English
 * sentence the domain put into an error. Built on first use; error pages
 * are rare.
 *
 * @example
 *   isCatalogueText("de", t("de", "list.bulk.tooMany", { max: "500" })) // true
 *   isCatalogueText("de", "no such message") // false
 */
export function isCatalogueText(lang: Lang, text: string): boolean {
  let patterns = cataloguePatterns.get(lang);
  if (!patterns) {
    const texts = Object.values(catalogs[lang]);
    const escapeRegExp = (part: string) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    patterns = {
      plain: new Set(texts.filter((value) => !/\{\w+\}/.test(value))),
      // A text that is nothing but placeholders ("{name}") would match anything.
      templates: texts
        .filter((value) => /\{\w+\}/.test(value) && /\p{L}{2}/u.test(value.replace(/\{\w+\}/g, "")))
        .map(
          (value) =>
            new RegExp(
              `^${value
                .split(/\{\w+\}/)
                .map(escapeRegExp)
                .join("[\\s\\S]+")}$`,
            ),
        ),
    };
    cataloguePatterns.set(lang, patterns);
  }
  return patterns.plain.has(text) || patterns.templates.some((pattern) => pattern.test(text));
}
