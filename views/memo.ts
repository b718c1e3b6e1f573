import { LANGS, type Lang } from "../src/i18n/messages.ts";

/**
 * Remembers a function's results by a key made from its arguments, up to
 * `limit` keys (then starts over). For formatting that a page does dozens
 * of times with values that repeat from page to page: dates to the second,
 * sizes, zone names, the parts of a page that only depend on the language.
 * A number key (see `numberKey`) is looked up several times faster than a
 * string made for the purpose.
 *
 * @example
 *   const rowTexts = memo(LANGS.length, (lang: Lang) => lang, buildRowTexts);
 */
export function memo<A extends unknown[], T>(limit: number, keyOf: (...args: A) => string | number, compute: (...args: A) => T): (...args: A) => T {
  const results = new Map<string | number, T>();
  return (...args) => {
    const key = keyOf(...args);
    let result = results.get(key);
    if (result === undefined) {
      if (results.size >= limit) results.clear();
      result = compute(...args);
      results.set(key, result);
    }
    return result;
  };
}

/** A whole number and a language as one number key. */
export function numberKey(value: number, lang: Lang): number {
  return value * LANGS.length + LANGS.indexOf(lang);
}
