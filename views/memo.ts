/**
 * Remembers a function's results by a key made from its arguments, up to
 * `limit` keys (then starts over). For formatting that a page does dozens
 * of times with values that repeat from page to page: dates to the second,
 * sizes, zone names, the parts of a page that only depend on the language.
 *
 * @example
 *   const rowTexts = memo(LANGS.length, (lang: Lang) => lang, buildRowTexts);
 */
export function memo<A extends unknown[], T>(limit: number, keyOf: (...args: A) => string, compute: (...args: A) => T): (...args: A) => T {
  const results = new Map<string, T>();
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
