/** What every page needs to know about the request it renders for. */
import type { Lang } from "../src/i18n/messages.ts";

export interface PageContext {
  lang: Lang;
  /** The request's CSP nonce; scripts and styles without it do not run. */
  nonce: string | undefined;
  /** The current path, so the language switch can come back to it. */
  path: string;
  /** The signed-in user (fully signed in), for the navigation. */
  user?: { email: string; displayName: string; role: "admin" | "user" };
}
