/**
 * What a personal API token may do: its scopes, and the one rule that decides
 * which scope each /api/v1 request needs (method + path). Every request with a
 * token goes through `requiredScope` (src/http/middleware/bearer-token.ts), so
 * a route added later is covered by the defaults without doing anything:
 * GET/HEAD needs `read`, any other method `change`.
 *
 * @example
 *   requiredScope("POST", "/api/v1/sends") // "send"
 *   requiredScope("GET", "/api/v1/messages") // "read"
 *   requiredScope("POST", "/api/v1/api-tokens") // "session": a token cannot manage tokens
 */

export const API_TOKEN_SCOPES = ["read", "change", "send", "rules", "admin"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** No token may do it, whatever its scopes: only a signed-in browser session (managing tokens and sessions, credentials). */
export type RequiredScope = ApiTokenScope | "session";

export function isApiTokenScope(value: string): value is ApiTokenScope {
  return (API_TOKEN_SCOPES as readonly string[]).includes(value);
}

interface ScopeRule {
  /** Methods the rule applies to; all when absent. */
  methods?: readonly string[];
  path: RegExp;
  scope: RequiredScope;
}

const READ_METHODS = new Set(["GET", "HEAD"]);

/**
 * Checked in order; the first match decides. Paths are matched without the
 * query string. Anything not listed falls back to read/change by method.
 */
const SCOPE_RULES: readonly ScopeRule[] = [
  // A stolen token must not mint more tokens or outlive its revocation through a session.
  { path: /^\/api\/v1\/(api-tokens|sessions|trusted-devices)(\/|$)/, scope: "session" },
  // Credentials and the key, wherever a resource puts them (the account's, or an administrator's reset): only the person at the keyboard.
  { path: /^\/api\/v1\/(.+\/)?(password|password-reset|key-mode|recovery-codes|second-factor|totp)(\/|$)/, scope: "session" },
  // Deleting one's own account (the password is asked too): never with a token.
  { path: /^\/api\/v1\/account$/, scope: "session" },
  { path: /^\/api\/v1\/admin(\/|-|$)/, scope: "admin" },
  { path: /^\/api\/v1\/sends(\/|$)/, scope: "send" },
  // Sending a saved draft, however its route is spelled (drafts/{id}/send, drafts/{id}/sends).
  { methods: ["POST", "PUT"], path: /^\/api\/v1\/drafts\/[^/]+\/sends?$/, scope: "send" },
  // rules, rules-sieve, rule-runs, rule-undos, rule-matches, rule-dry-runs, rule-checks, rule-imports.
  { path: /^\/api\/v1\/rules?(-[a-z-]+)?(\/|$)/, scope: "rules" },
];

/** The scope an /api/v1 request needs; see SCOPE_RULES. */
export function requiredScope(method: string, path: string): RequiredScope {
  const upper = method.toUpperCase();
  for (const rule of SCOPE_RULES) {
    if (rule.path.test(path) && (!rule.methods || rule.methods.includes(upper))) return rule.scope;
  }
  return READ_METHODS.has(upper) ? "read" : "change";
}
