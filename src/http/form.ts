/** Reading HTML form posts. */
import type { Context } from "hono";

/** The text fields of a form post; files and repeated names are ignored. */
export async function readForm(c: Context): Promise<Record<string, string | undefined>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === "string") fields[name] = value;
  return fields;
}

/** Only paths on this site: `//evil.example` and `https://…` would make a redirect open. */
export function safeLocalPath(path: unknown, fallback = "/"): string {
  return typeof path === "string" && /^\/(?![/\\])/.test(path) ? path : fallback;
}

/** Seconds for a Retry-After header and the message, never 0. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
