import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import { API_TOKEN_SCOPES, type ApiTokenScope } from "../../../auth/api-token-scopes.ts";
import { API_TOKEN_EXPIRY_DAYS, API_TOKEN_NAME_MAX, ApiTokenLimitError, createApiToken, listApiTokens, revokeApiToken } from "../../../auth/api-tokens.ts";
import { translator, type MessageKey } from "../../../i18n/messages.ts";
import { ApiTokensPage, type ApiTokensPageProps } from "../../../../views/account/api-tokens.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";

async function renderPage(c: Context<AppEnv>, services: Services, extra: Partial<ApiTokensPageProps> = {}, status: 200 | 400 | 409 = 200) {
  const user = actingUser(c);
  const tokens = await listApiTokens(services.sql, user.id);
  return c.html(<ApiTokensPage page={pageContext(c)} tokens={tokens} isAdmin={user.role === "admin"} strictKeyMode={user.keyMode === "strict"} {...extra} />, status);
}

/** The expiry choice of the form: days, or null for "never"; undefined for anything not offered. */
function expiryChoice(value: string | undefined): number | null | undefined {
  if (value === "none") return null;
  const days = Number(value);
  return (API_TOKEN_EXPIRY_DAYS as readonly number[]).includes(days) ? days : undefined;
}

/** Personal API tokens under account settings; works without JavaScript (plain form posts). */
export function registerApiTokensPage(app: Hono<AppEnv>, services: Services) {
  app.get("/account/api-tokens", (c) => renderPage(c, services, c.req.query("revoked") === "1" ? { notice: translator(c.get("lang"))("apiTokens.revoked") } : {}));

  app.post("/account/api-tokens", async (c) => {
    const user = actingUser(c);
    const form = await readForm(c);
    const tr = translator(c.get("lang"));
    const name = (form.name ?? "").trim();
    const scopes = API_TOKEN_SCOPES.filter((scope) => form[`scope_${scope}`] === "on");
    const expiresInDays = expiryChoice(form.expiry);
    const refused = (key: MessageKey, status: 400 | 409 = 400) => renderPage(c, services, { error: tr(key), form: { name, scopes: scopes as ApiTokenScope[], expiry: form.expiry } }, status);
    if (name === "" || name.length > API_TOKEN_NAME_MAX) return refused("apiTokens.nameRequired");
    if (scopes.length === 0) return refused("apiTokens.scopesRequired");
    if (scopes.includes("admin") && user.role !== "admin") return refused("apiTokens.adminOnly");
    if (expiresInDays === undefined) throw new AppError("BAD_REQUEST", "expiry: one of 30, 90, 365 or none");
    try {
      const { token, secret } = await createApiToken(services.sql, services.log, user.id, { name, scopes, expiresInDays });
      // The secret goes into this one answer (never a redirect URL, never a log line): it cannot be shown again.
      return await renderPage(c, services, { created: { name: token.name, secret } });
    } catch (error) {
      if (error instanceof ApiTokenLimitError) return refused("apiTokens.limit", 409);
      throw error;
    }
  });

  app.post("/account/api-tokens/:apiTokenId/revoke", async (c) => {
    // Scoped by the acting user: another user's token id matches nothing and answers 404.
    if (!(await revokeApiToken(services.sql, services.log, actingUser(c).id, c.req.param("apiTokenId")))) throw new AppError("NOT_FOUND", "no such API token");
    return c.redirect("/account/api-tokens?revoked=1", 303);
  });
}
