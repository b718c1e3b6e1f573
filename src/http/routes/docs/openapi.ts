/**
 * The OpenAPI 3.1 document at /api/openapi.json: every route registered with
 * `app.openapi()`, the two ways to authenticate, and a description of each
 * tag. `redocly lint` with the recommended rules passes on it
 * (redocly.yaml, test/http/routes/docs/openapi-lint.test.ts), so generated
 * clients get method names (operationId) and typed errors.
 *
 * A new operation names `operationId`, `tags` (described in TAG_DESCRIPTIONS),
 * `security` (API_SECURITY, or `[]` for a public one) and its 4xx answers
 * with `errorSpec(...)`.
 */
import type { Config } from "../../../config.ts";
import type { Services } from "../../../services.ts";
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { AppEnv } from "../../env.ts";
import { API_SECURITY } from "../../api-security.ts";
import { ErrorEnvelopeSchema } from "../../errors.ts";
import { describeTokenScopes } from "../api/v1/api-token-scopes-doc.ts";
import { sessionCookieName } from "../../middleware/auth.ts";

export const OPENAPI_PATH = "/api/openapi.json";

/** Every tag an operation may carry, with what it groups; the lint test fails for a tag missing here. */
export const TAG_DESCRIPTIONS: Record<string, string> = {
  Account: "The signed-in user and their sessions (devices).",
  "Mail accounts": "Linked IMAP mailboxes, their folders and mailbox settings, sync and the outgoing (SMTP) server.",
  Messages: "The messages of all linked mailboxes: list and search, read one (headers, text, sanitised HTML, attachments), act on it and undo.",
  Threads: "Conversations: the messages of one thread, oldest first.",
  "Remote content": "Senders whose remote images are loaded without asking (the message page's “always load for this sender”).",
  Analysis: "The AI analysis of a message, corrections, re-analysis, similar messages and what was learned about senders.",
  Tags: "The user's tags, tags on messages, and suggested tags and tag names.",
  Rules: "Auto-rules: editing, checks, dry runs, runs over existing mail, Sieve import and export, undo.",
  Sending: "Sending mail (with an undo window), reply proposals and messages waiting for a reply.",
  "AI provider": "The user's own LLM provider and what each mail account lets it see.",
  Dashboard: "Counts per priority cell and traffic light.",
  Webhooks: "Signed deliveries (Standard Webhooks) of events to the user's own URLs, with their recent attempts.",
  Administration: "Users, sign-up invitations, the audit log, outbound targets, status and the jobs dashboard, for administrators only (everyone else gets 404).",
  Import: "Importing mbox, Maildir and .eml files as offline mailboxes: upload or a server path, progress and results.",
  Export: "Everything a user owns in one archive encrypted to their passphrase (mail as mbox, analyses, tags, rules and more as JSON), downloadable for 24 hours.",
  Jobs: "The signed-in user's own background jobs (syncs, rule runs, analyses, sends) with their progress.",
  Operations: "Health, readiness and metrics for the people running the server; no sign-in.",
};

export function openApiInfo(config: Config) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Mail Helper API",
      version: "1",
      description:
        "JSON API of Mail Helper. Errors always use the `Error` envelope. Lists are keyset-paginated: pass a page's `next` as `after` (or `previous` as `before`).\n\n" +
        "Authenticate with the session cookie of a browser sign-in, or with a personal API token as `Authorization: Bearer mh_…`. " +
        "A request that changes something and carries an `Origin` header must come from this server's own origin (CSRF protection); clients that are not browsers simply send none.",
      license: { name: "Proprietary: self-hosted, see the server's README", url: `${config.publicUrl}/api/docs` },
      contact: { name: "The administrator of this server", url: config.publicUrl },
    },
    servers: [{ url: config.publicUrl }],
    security: API_SECURITY,
    tags: Object.entries(TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description })),
  };
}

/** The OpenAPI 3.1 document of every route registered with `app.openapi()`. */
export function registerOpenApiDocument(app: OpenAPIHono<AppEnv>, { config }: Services) {
  // Every route may answer with it, so it is part of the document even before a route names it.
  app.openAPIRegistry.register("Error", ErrorEnvelopeSchema);
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieSession", {
    type: "apiKey",
    in: "cookie",
    name: sessionCookieName(config),
    description: "The session of a browser sign-in (password and second factor). In strict key mode it also carries the data key that opens the user's mail.",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "mh_ personal API token",
    description: "A personal API token, created on the account's token page and shown once; its scopes limit what it may do.",
  });
  // Built on first request, when every route is registered; each /api/v1 operation says which token scope it needs.
  let document: ReturnType<typeof app.getOpenAPI31Document> | undefined;
  app.get(OPENAPI_PATH, (c) => c.json((document ??= describeTokenScopes(app.getOpenAPI31Document(openApiInfo(config))))));
}
