/**
 * Remembers a function's results by key, up to `limit` keys (then starts
 * over). For formatting that a page does dozens of times with values that
 * repeat from page to page: dates to the minute, sizes, zone names.
 */
export function memo<T>(limit: number, compute: (key: string) => T): (key: string) => T {
  const results = new Map<string, T>();
  return (key) => {
    let result = results.get(key);
    if (result === undefined) {
      if (results.size >= limit) results.clear();
      result = compute(key);
      results.set(key, result);
    }
    return result;
  };
}
