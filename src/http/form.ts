/** Reading HTML form posts. */
import type { Services } from "../services.ts";
import type { Context } from "hono";
import { translator } from "../i18n/messages.ts";
import type { AppEnv } from "./env.ts";
import { AppError } from "./errors.ts";

/**
 * The text fields of a form post; files and repeated names are ignored.
 *
 * @throws AppError BAD_REQUEST if a field holds a NUL character: no field of
 *   ours means anything with one, and PostgreSQL text cannot store it, so it
 *   would otherwise fail as a 500 in whichever query it reached first.
 */
export async function readForm(c: Context): Promise<Record<string, string | undefined>> {
  const body = await c.req.parseBody();
  const fields: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(body)) {
    if (typeof value !== "string") continue;
    if (value.includes("\u0000")) throw new AppError("BAD_REQUEST", `${name.slice(0, 50)}: contains a NUL character`);
    fields[name] = value;
  }
  return fields;
}

/**
 * Control characters and backslashes never belong in a path we send someone
 * to: URL parsers drop tabs and newlines (`/\t/evil.example` becomes
 * `//evil.example`, another host), browsers read `\` as `/`, and a newline
 * in a Location header makes the response fail.
 */
const UNSAFE_IN_PATH = /[\u0000-\u001f\u007f-\u009f\\]/;

/**
 * A path on this site to send the browser to after a form (`?next=`,
 * `back=`), or `fallback`. The value is resolved against the public origin
 * the way a browser resolves a Location header, and kept only if it stays on
 * that origin; what comes back is the resolved, percent-encoded path, so the
 * header carries exactly what was checked.
 *
 * @example
 *   safeLocalPath("/messages?q=rechnung", config.publicUrl) // "/messages?q=rechnung"
 *   safeLocalPath("/\t/evil.example", config.publicUrl)     // "/"
 *   safeLocalPath("https://evil.example/", config.publicUrl) // "/"
 */
export function safeLocalPath(path: unknown, publicUrl: string, fallback = "/"): string {
  if (typeof path !== "string" || !path.startsWith("/") || UNSAFE_IN_PATH.test(path)) return fallback;
  const origin = new URL(publicUrl).origin;
  const resolved = URL.parse(path, origin);
  if (!resolved || resolved.origin !== origin) return fallback;
  return `${resolved.pathname}${resolved.search}${resolved.hash}`;
}

/** The `?next=` of a sign-in step, if it is a path on this site other than the start page. */
export function nextPath(c: Context<AppEnv>, services: Services): string | undefined {
  const next = safeLocalPath(c.req.query("next"), services.config.publicUrl);
  return next === "/" ? undefined : next;
}

/** A Retry-After value: whole seconds, never 0 (a client reads 0 as "now"). */
export function retryAfterSeconds(retryAfterMs: number): string {
  return String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
}

/**
 * For a throttled form post: sets Retry-After (whole seconds, never 0) and
 * returns the sentence telling the user how long to wait.
 */
export function throttledMessage(c: Context<AppEnv>, retryAfterMs: number): string {
  const seconds = retryAfterSeconds(retryAfterMs);
  c.header("Retry-After", seconds);
  return translator(c.get("lang"))("signin.throttled", { seconds });
}
