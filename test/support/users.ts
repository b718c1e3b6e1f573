/**
 * Users for tests, created through the real code (data key, password hash,
 * encrypted TOTP secret) and signed in with a real session.
 */
import type { Services } from "../../src/services.ts";
import { beginTotpSetup } from "../../src/auth/second-factor.ts";
import { createSession } from "../../src/auth/sessions.ts";
import { createUser, type KeyMode, type Role, type User } from "../../src/auth/users.ts";
import type { SecretKey } from "../../src/crypto/secret-key.ts";
import { sessionCookieName } from "../../src/http/middleware/auth.ts";

export interface TestUser {
  user: User;
  password: string;
  dataKey: SecretKey;
  totpSecret: string;
  /** A `Cookie` header value of a full session. */
  cookie: string;
  /** The session token in that cookie. */
  token: string;
}

let counter = 0;

export async function createTestUser(services: Services, options: { role?: Role; keyMode?: KeyMode; email?: string; password?: string; userAgent?: string; address?: string } = {}): Promise<TestUser> {
  const email = options.email ?? `user${++counter}-${crypto.randomUUID().slice(0, 8)}@example.org`;
  const password = options.password ?? `Wolke Fahrrad ${crypto.randomUUID().slice(0, 8)} Tasse`;
  const { user, dataKey } = await createUser(services.sql, services.keyring, { email, password, role: options.role ?? "user", keyMode: options.keyMode });
  const setup = await beginTotpSetup(services.sql, dataKey, user);
  await services.sql`update users set totp_enabled_at = now() where id = ${user.id}`;
  const token = await signInAs(services, { ...user, keyMode: user.keyMode }, dataKey, options);
  return { user: { ...user, totpEnabled: true }, password, dataKey, totpSecret: setup!.secret, cookie: `${sessionCookieName(services.config)}=${token}`, token };
}

/** A new full session for the user; returns its token. */
export async function signInAs(services: Services, user: { id: string; keyMode: KeyMode }, dataKey: SecretKey, context: { userAgent?: string; address?: string } = {}): Promise<string> {
  return await createSession(services.sql, services.keyring, services.config, {
    userId: user.id,
    stage: "full",
    dataKey: user.keyMode === "strict" ? dataKey : undefined,
    context: { userAgent: context.userAgent ?? "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", clientAddress: context.address ?? "192.0.2.10" },
  });
}

export function cookieFor(services: Services, token: string): string {
  return `${sessionCookieName(services.config)}=${token}`;
}

/** Headers of a same-origin browser form post. */
export const FORM_HEADERS = { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://127.0.0.1:3000" } as const;

/** The session token a response set, if any. */
export function sessionTokenFrom(response: Response, services: Services): string | undefined {
  const name = sessionCookieName(services.config);
  for (const cookie of response.headers.getSetCookie()) {
    const [pair] = cookie.split(";");
    const [cookieName, value] = pair!.split("=");
    if (cookieName === name && value) return value;
  }
  return undefined;
}

/** Requests to the in-process app as one client (address via X-Forwarded-For: use TRUST_PROXY=true). */
export function client(app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> }, options: { cookie?: string; address?: string } = {}) {
  const headers = (extra: Record<string, string> = {}) => ({
    ...(options.cookie ? { Cookie: options.cookie } : {}),
    ...(options.address ? { "X-Forwarded-For": options.address } : {}),
    ...extra,
  });
  return {
    get: (path: string, extra?: Record<string, string>) => app.request(path, { headers: headers({ Accept: "text/html", ...extra }) }),
    post: (path: string, form: Record<string, string> = {}, extra?: Record<string, string>) =>
      app.request(path, { method: "POST", headers: headers({ ...FORM_HEADERS, Accept: "text/html", ...extra }), body: new URLSearchParams(form).toString() }),
    json: (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers: headers({ Accept: "application/json", ...(init.headers as Record<string, string>) }) }),
  };
}
