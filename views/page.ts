/** What every page needs to know about the request it renders for. */
import type { Lang } from "../src/i18n/messages.ts";

export interface PageContext {
  lang: Lang;
  /** The IANA zone dates are shown in: the signed-in user's, else the server's. */
  timeZone: string;
  /** The request's CSP nonce; scripts and styles without it do not run. */
  nonce: string | undefined;
  /** The current path (for marking the current tab). */
  path: string;
  /**
   * Where the language switch returns to: this page with its query (a
   * token link keeps its token). Undefined on pages that answer a form post
   * (recovery codes shown once, errors): those cannot be reloaded, so they
   * offer no switch.
   */
  returnTo?: string;
  /** The signed-in user (fully signed in), for the navigation. */
  user?: { email: string; displayName: string; role: "admin" | "user" };
}
