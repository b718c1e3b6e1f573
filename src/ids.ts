/** Row ids are UUIDs; anything else from a URL or form is checked first, so it answers "not found" instead of a database type error. */
export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
