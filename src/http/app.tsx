/**
 * The HTTP application: middleware, the error envelope, and every route.
 * Built without a listening socket, so tests call `app.request()` in-process.
 */
import type { Services } from "../services.ts";
import { OpenAPIHono } from "@hono/zod-openapi";
import { bodyLimit } from "hono/body-limit";
import { languageDetector } from "hono/language";
import { methodNotAllowed } from "hono/method-not-allowed";
import { requestId } from "hono/request-id";
import { DEFAULT_LANG, isLang, LANGS } from "../i18n/messages.ts";
import { MAX_REQUEST_BODY_BYTES, MAX_REQUEST_ID_LENGTH } from "../limits.ts";
import type { AppEnv } from "./env.ts";
import { AppError, errorResponse, handleError } from "./errors.ts";
import { requestLog } from "./middleware/request-log.ts";
import { httpMetrics } from "./middleware/metrics.ts";
import { noStoreForSignedIn } from "./middleware/cache.ts";
import { allowedHosts } from "./middleware/host.ts";
import { csrfProtection, securityHeaders } from "./middleware/security.ts";
import { registerOpenApiDocument } from "./routes/docs/openapi.ts";
import { registerApiReference } from "./routes/docs/reference.tsx";
import { registerHealthRoutes } from "./routes/health/index.ts";
import { registerMetrics } from "./routes/metrics/index.ts";
import { registerHomePage } from "./routes/dashboard/page.tsx";
import { LANG_COOKIE, registerLanguageSwitch, userLanguage } from "./routes/pages/language.ts";
import { compression } from "./middleware/compression.ts";
import { registerStaticAssets } from "./routes/static.ts";
import { loadSession, requireSignIn } from "./middleware/auth.ts";
import { bearerToken } from "./middleware/bearer-token.ts";
import { registerPasswordChange } from "./routes/account/password.tsx";
import { registerSecurity } from "./routes/account/security.tsx";
import { registerReadingSettings } from "./routes/account/reading.tsx";
import { registerSessions } from "./routes/account/sessions.tsx";
import { registerApiTokensPage } from "./routes/account/api-tokens.tsx";
import { registerApiTokensApi } from "./routes/api/v1/api-tokens.ts";
import { registerTimeZone } from "./routes/account/time-zone.tsx";
import { registerDeleteAccount } from "./routes/account/delete.tsx";
import { registerExportPage } from "./routes/account/export.tsx";
import { registerAdminAudit } from "./routes/admin/audit.tsx";
import { registerAdminStatus } from "./routes/admin/status.tsx";
import { registerAdminJobs } from "./routes/admin/jobs.tsx";
import { registerUserJobs } from "./routes/jobs/index.tsx";
import { registerAdminInvitations } from "./routes/admin/invitations.tsx";
import { registerAdminOutbound } from "./routes/admin/outbound.tsx";
import { registerAdminUsers } from "./routes/admin/users.tsx";
import { registerAccounts } from "./routes/accounts/index.ts";
import { registerMessageView } from "./routes/messages/view/index.ts";
import { registerAccountsApi } from "./routes/api/v1/accounts.ts";
import { registerDashboardApi } from "./routes/api/v1/dashboard.ts";
import { registerThreads } from "./routes/threads/index.ts";
import { registerReplies } from "./routes/replies/index.ts";
import { registerCompose } from "./routes/compose/index.ts";
import { registerNewsletters } from "./routes/newsletters/index.ts";
import { registerWaiting } from "./routes/waiting/index.ts";
import { registerTagsPage } from "./routes/tags/index.tsx";
import { registerKeywordsPage } from "./routes/keywords/index.tsx";
import { registerRulesPage } from "./routes/rules/index.tsx";
import { registerRulePrecisionPages } from "./routes/rules/precision.tsx";
import { registerRuleEditor } from "./routes/rules/editor.tsx";
import { registerTagsApi } from "./routes/api/v1/tags.ts";
import { registerTagNameSuggestionsApi } from "./routes/api/v1/tag-name-suggestions.ts";
import { registerTagNameSuggestionForms } from "./routes/tags/name-suggestions.ts";
import { registerMessageTagsApi } from "./routes/api/v1/message-tags.ts";
import { registerRulesApi } from "./routes/api/v1/rules.ts";
import { registerRuleRunPages } from "./routes/rules/runs.tsx";
import { registerRuleSuggestionPages } from "./routes/rules/suggestions.tsx";
import { registerRulesSieveApi } from "./routes/api/v1/rules-sieve.ts";
import { registerExportsApi } from "./routes/api/v1/exports.ts";
import { registerRuleRunsApi } from "./routes/api/v1/rule-runs.ts";
import { registerRuleSuggestionsApi } from "./routes/api/v1/rule-suggestions.ts";
import { registerRuleOrderApi } from "./routes/api/v1/rule-order.ts";
import { registerRuleDraftsApi } from "./routes/api/v1/rule-drafts.ts";
import { registerRulePrecisionApi } from "./routes/api/v1/rule-precision.ts";
import { registerActions } from "./routes/actions/index.ts";
import { registerAccountSyncApi } from "./routes/api/v1/accounts-sync.ts";
import { registerAccountSmtpApi } from "./routes/api/v1/accounts-smtp.ts";
import { registerSendsApi } from "./routes/api/v1/sends.ts";
import { registerMe } from "./routes/api/v1/me.ts";
import { registerSessionsApi } from "./routes/api/v1/sessions.ts";
import { registerDraftsApi } from "./routes/api/v1/drafts.ts";
import { registerAddressesApi } from "./routes/api/v1/addresses.ts";
import { registerSignaturesApi } from "./routes/api/v1/signatures.ts";
import { registerDevicesApi } from "./routes/api/v1/devices.ts";
import { registerAccountEditApi } from "./routes/api/v1/account-edit.ts";
import { registerAdminUsersApi } from "./routes/api/v1/admin-users.ts";
import { registerAdminInvitationsApi } from "./routes/api/v1/admin-invitations.ts";
import { registerAdminAuditApi } from "./routes/api/v1/admin-audit.ts";
import { registerAdminOutboundApi } from "./routes/api/v1/admin-outbound.ts";
import { registerAdminJobsApi } from "./routes/api/v1/admin-jobs.ts";
import { registerUserJobsApi } from "./routes/api/v1/jobs.ts";
import { registerImportsApi } from "./routes/api/v1/imports.ts";
import { IMPORT_UPLOAD_PATHS, registerImportsPage } from "./routes/imports/imports-page.tsx";
import { registerAccountPasswordApi } from "./routes/api/v1/account-password.ts";
import { registerAccountDeleteApi } from "./routes/api/v1/account-delete.ts";
import { registerAccountKeyModeApi } from "./routes/api/v1/account-key-mode.ts";
import { registerAccountRecoveryCodesApi } from "./routes/api/v1/account-recovery-codes.ts";
import { registerAccountSettingsApi } from "./routes/api/v1/account-settings.ts";
import { registerMessageAnalysisApi } from "./routes/api/v1/message-analysis.ts";
import { registerSimilarMessagesApi } from "./routes/api/v1/similar-messages.ts";
import { registerSenderPatternsApi } from "./routes/api/v1/sender-patterns.ts";
import { registerVipSendersApi } from "./routes/api/v1/vip-senders.ts";
import { registerWebhooksApi } from "./routes/api/v1/webhooks.ts";
import { registerMessageActionsApi } from "./routes/api/v1/message-actions.ts";
import { registerMessageListApi } from "./routes/api/v1/messages-list.ts";
import { registerMessageApi } from "./routes/api/v1/messages.ts";
import { registerMessageBodyApi } from "./routes/api/v1/message-body.ts";
import { registerAttachmentApi } from "./routes/api/v1/attachments.ts";
import { registerThreadApi } from "./routes/api/v1/threads.ts";
import { registerThreadListApi } from "./routes/api/v1/threads-list.ts";
import { registerActionListApi } from "./routes/api/v1/actions-list.ts";
import { registerNewslettersApi } from "./routes/api/v1/newsletters.ts";
import { registerWaitingActionsApi } from "./routes/api/v1/waiting-actions.ts";
import { registerMessageMoreActionsApi } from "./routes/api/v1/message-more-actions.ts";
import { registerFoldersApi } from "./routes/api/v1/folders.ts";
import { registerBulkActionsApi } from "./routes/api/v1/bulk-actions.ts";
import { registerRemoteContentApi } from "./routes/api/v1/remote-content.ts";
import { registerMessageList } from "./routes/messages/list/index.ts";
import { registerSecondFactor } from "./routes/auth/second-factor.tsx";
import { registerSetupSecondFactor } from "./routes/auth/setup-second-factor.tsx";
import { registerSignIn } from "./routes/auth/signin.tsx";
import { registerSignOut } from "./routes/auth/signout.ts";
import { registerResetPassword, registerSignUp } from "./routes/auth/signup.tsx";
import { registerLlmProviderApi } from "./routes/api/v1/llm-provider.ts";
import { registerLlmProviderProbeApi } from "./routes/api/v1/llm-provider-probe.ts";
import { registerLlmVisibilityApi } from "./routes/api/v1/llm-provider-visibility.ts";
import { registerAiSettings } from "./routes/settings/index.ts";

export type App = OpenAPIHono<AppEnv>;

export function createApp(services: Services): App {
  const app = new OpenAPIHono<AppEnv>({
    // A request that fails its zod schema becomes BAD_REQUEST naming the fields (never their values).
    defaultHook: (result) => {
      if (!result.success) {
        const fields = result.error.issues.map((issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`).join("; ");
        throw new AppError("BAD_REQUEST", fields);
      }
    },
  });

  app.use(requestId({ limitLength: MAX_REQUEST_ID_LENGTH }));
  app.use(requestLog(services.log));
  app.use(httpMetrics());
  app.use(compression());
  app.use(securityHeaders(services.config));
  app.use(noStoreForSignedIn());
  app.use(
    languageDetector({
      supportedLanguages: [...LANGS],
      fallbackLanguage: DEFAULT_LANG,
      order: ["cookie", "header"],
      lookupCookie: LANG_COOKIE,
      caches: false,
    }),
  );
  app.use(async (c, next) => {
    const language = c.get("language");
    c.set("lang", isLang(language) ? language : DEFAULT_LANG);
    await next();
  });
  // Before the body, the CSRF check and the session: a rebound name gets nothing done.
  app.use(allowedHosts(services.config));
  const requestBodyLimit = bodyLimit({
    maxSize: MAX_REQUEST_BODY_BYTES,
    onError: () => {
      throw new AppError("PAYLOAD_TOO_LARGE", `request body over ${MAX_REQUEST_BODY_BYTES} bytes`);
    },
  });
  // The compose form's files have their own, larger limit (src/http/routes/compose/send.tsx).
  // Mail imports stream their upload to a file with IMPORT_MAX_BYTES as the limit (src/mail/import/request.ts).
  app.use((c, next) => (c.req.path === "/compose/send" || (c.req.method === "POST" && IMPORT_UPLOAD_PATHS.has(c.req.path)) ? next() : requestBodyLimit(c, next)));
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, allowed) => errorResponse(c, "METHOD_NOT_ALLOWED", `${c.req.method} is not allowed here`, { Allow: allowed.join(", ") }),
    }),
  );
  // A personal API token on /api/v1 (before the CSRF check: a token request carries nothing a browser sends by itself).
  app.use(bearerToken(services));
  const csrf = csrfProtection(services.config);
  app.use((c, next) => (c.get("apiToken") ? next() : csrf(c, next)));
  app.use(loadSession(services));
  app.use(userLanguage());
  app.use(requireSignIn());

  registerStaticAssets(app);
  registerHealthRoutes(app, services);
  registerMetrics(app, services);
  registerOpenApiDocument(app, services);
  registerApiReference(app, services);
  registerHomePage(app, services);
  registerLanguageSwitch(app, services);

  registerSignIn(app, services);
  registerSecondFactor(app, services);
  registerSetupSecondFactor(app, services);
  registerSignUp(app, services);
  registerResetPassword(app, services);
  registerSignOut(app, services);

  registerSecurity(app, services);
  registerReadingSettings(app, services);
  registerSessions(app, services);
  registerApiTokensPage(app, services);
  registerPasswordChange(app, services);
  registerTimeZone(app, services);
  registerDeleteAccount(app, services);
  registerExportPage(app, services);

  registerAdminUsers(app, services);
  registerAdminInvitations(app, services);
  registerAdminOutbound(app, services);
  registerAdminAudit(app, services);
  registerAdminStatus(app, services);
  registerAdminJobs(app, services);
  registerUserJobs(app, services);

  registerAccounts(app, services);
  registerMessageView(app, services);
  registerMessageList(app, services);
  registerReplies(app, services);
  registerThreads(app, services);
  registerCompose(app, services);
  registerNewsletters(app, services);
  registerWaiting(app, services);
  registerTagsPage(app, services);
  registerKeywordsPage(app, services);
  registerRuleEditor(app, services);
  registerRulesPage(app, services);
  registerRulePrecisionPages(app, services);
  registerTagNameSuggestionForms(app, services);
  registerActions(app, services);

  registerMe(app);
  registerSessionsApi(app, services);
  registerDevicesApi(app, services);
  registerDraftsApi(app, services);
  registerAddressesApi(app, services);
  registerSignaturesApi(app, services);
  registerApiTokensApi(app, services);
  registerAccountPasswordApi(app, services);
  registerAccountDeleteApi(app, services);
  registerAccountKeyModeApi(app, services);
  registerAccountRecoveryCodesApi(app, services);
  registerAccountSettingsApi(app, services);
  registerAdminUsersApi(app, services);
  registerAdminInvitationsApi(app, services);
  registerAdminAuditApi(app, services);
  registerAdminOutboundApi(app, services);
  registerAdminJobsApi(app, services);
  registerUserJobsApi(app, services);
  registerImportsApi(app, services);
  registerImportsPage(app, services);
  registerAccountsApi(app, services);
  registerAccountEditApi(app, services);
  registerAccountSyncApi(app, services);
  registerAccountSmtpApi(app, services);
  registerSendsApi(app, services);
  registerMessageActionsApi(app, services);
  registerActionListApi(app, services);
  registerMessageMoreActionsApi(app, services);
  registerMessageAnalysisApi(app, services);
  registerSimilarMessagesApi(app, services);
  registerSenderPatternsApi(app, services);
  registerVipSendersApi(app, services);
  registerMessageListApi(app, services);
  registerMessageApi(app, services);
  registerMessageBodyApi(app, services);
  registerAttachmentApi(app, services);
  registerThreadApi(app, services);
  registerThreadListApi(app, services);
  registerNewslettersApi(app, services);
  registerWaitingActionsApi(app, services);
  registerFoldersApi(app, services);
  registerBulkActionsApi(app, services);
  registerRemoteContentApi(app, services);
  registerTagsApi(app, services);
  registerTagNameSuggestionsApi(app, services);
  registerMessageTagsApi(app, services);
  registerRulesApi(app, services);
  // No GET /rules/:ruleId exists to shadow /rules/runs and /rules/suggestions; the run starts at POST /rules/runs/start, out of POST /rules/:ruleId's way.
  registerRuleRunPages(app, services);
  registerRuleSuggestionPages(app, services);
  registerRulesSieveApi(app, services);
  registerExportsApi(app, services);
  registerRuleSuggestionsApi(app, services);
  registerRuleRunsApi(app, services);
  registerRuleOrderApi(app, services);
  registerRuleDraftsApi(app, services);
  registerRulePrecisionApi(app, services);

  registerAiSettings(app, services);
  registerLlmProviderApi(app, services);
  registerLlmProviderProbeApi(app, services);
  registerLlmVisibilityApi(app, services);
  registerDashboardApi(app, services);
  registerWebhooksApi(app, services);

  app.notFound((c) => errorResponse(c, "NOT_FOUND", `no route for ${c.req.method} ${c.req.path}`));
  app.onError(handleError);
  return app;
}
