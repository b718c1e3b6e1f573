/** Reading HTML form posts. */
import type { Context } from "hono";
import { translator } from "../i18n/messages.ts";
import type { AppEnv } from "./env.ts";

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

/**
 * For a throttled form post: sets Retry-After (whole seconds, never 0) and
 * returns the sentence telling the user how long to wait.
 */
export function throttledMessage(c: Context<AppEnv>, retryAfterMs: number): string {
  const seconds = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  c.header("Retry-After", seconds);
  return translator(c.get("lang"))("signin.throttled", { seconds });
}
