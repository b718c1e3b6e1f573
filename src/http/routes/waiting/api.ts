/**
 * JSON: GET /api/v1/waiting (the user's messages waiting for a reply,
 * keyset-paged), POST /api/v1/waiting/{messageId}/dismiss ("Erledigt"), and
 * POST /api/v1/messages/{messageId}/translation (a translation into the
 * user's language through their provider).
 */
import type { Services } from "../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { loadOutboundPolicy } from "../../../net/allowed-targets-store.ts";
import { translateMessage, type TranslateFailure, type Translation } from "../../../mail/translate/translate.ts";
import { dismissWaiting, InvalidWaitingCursorError, listWaiting, type WaitingMessage } from "../../../mail/waiting/waiting.ts";
import { isLang, LANGS } from "../../../i18n/messages.ts";
import type { ErrorCode } from "../../../error-codes.ts";
import type { AppEnv } from "../../env.ts";
import { AppError, errorSpec } from "../../errors.ts";
import { actingUser } from "../../middleware/auth.ts";
import { requestDataKey } from "../../request.ts";
import { API_SECURITY } from "../../api-security.ts";

const AddressSchema = z.object({ name: z.string(), address: z.string() });

export const WaitingMessageSchema = z
  .object({
    id: z.string().openapi({ format: "uuid" }),
    threadId: z.string().openapi({ format: "uuid" }),
    accountId: z.string().openapi({ format: "uuid" }),
    subject: z.string().nullable().openapi({ description: "Null when the stored headers cannot be decrypted" }),
    recipients: z.array(AddressSchema).openapi({ description: "To and Cc, without your own addresses" }),
    sentAt: z.string().openapi({ format: "date-time" }),
    daysWaiting: z.number().int(),
    remindAt: z.string().nullable().openapi({ format: "date-time", description: "The reminder (a snooze) set on it, if any" }),
  })
  .openapi("WaitingMessage");

export const WaitingListSchema = z
  .object({
    days: z.number().int().openapi({ description: "Your setting: days without an answer before a message waits" }),
    messages: z.array(WaitingMessageSchema),
    next: z.string().nullable().openapi({ description: "Pass as `after` for the next page; null on the last" }),
  })
  .openapi("WaitingList");

export const TranslationSchema = z
  .object({
    targetLanguage: z.enum(LANGS),
    sourceLanguage: z.string().nullable(),
    subject: z.string(),
    text: z.string().openapi({ description: "Plain text, never HTML: escape it when showing it" }),
    cut: z.boolean().openapi({ description: "Only the start of the body was translated" }),
    injectionSuspected: z.boolean().openapi({ description: "The mail seemed to address an AI: the translation may not be faithful" }),
    createdAt: z.string().openapi({ format: "date-time" }),
  })
  .openapi("Translation");

const messageIdParam = (name: string) => z.object({ [name]: z.string().openapi({ param: { name, in: "path" }, format: "uuid" }) });

const list = createRoute({
  method: "get",
  path: "/api/v1/waiting",
  operationId: "listWaitingMessages",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Messages waiting for a reply",
  description:
    "Messages you sent (From one of your addresses, or a copy in a Sent folder) that are the newest of their conversation and older than your number of days, sent within the last 90 days; mail to your own addresses, to no-reply addresses and list mail left out, as are messages you marked done. Oldest first; follow `next` as `after`.",
  request: {
    query: z.object({
      after: z
        .string()
        .max(200)
        .optional()
        .openapi({ param: { name: "after", in: "query" }, description: "The `next` of the page before" }),
    }),
  },
  responses: { 200: { description: "One page", content: { "application/json": { schema: WaitingListSchema } } }, 400: errorSpec("Malformed cursor"), 401: errorSpec("Not signed in") },
});

const dismiss = createRoute({
  method: "post",
  path: "/api/v1/waiting/{messageId}/dismiss",
  operationId: "dismissWaitingMessage",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Stops waiting for a reply to a message",
  request: { params: messageIdParam("messageId") },
  responses: { 204: { description: "Done" }, 401: errorSpec("Not signed in"), 404: errorSpec("No such message of yours") },
});

const translate = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/translation",
  operationId: "translateMessage",
  security: API_SECURITY,
  tags: ["Messages"],
  summary: "Translates a message into your language",
  description:
    "Asks your LLM provider (one call of its daily budget) under the analysis's privacy rules: what the mailbox lets it see, anonymised unless the provider is local. The translation is stored encrypted and returned as plain text.",
  request: {
    params: messageIdParam("messageId"),
    body: { required: false, content: { "application/json": { schema: z.object({ language: z.enum(LANGS).optional().openapi({ description: "Target language; default: yours" }) }) } } },
  },
  responses: {
    200: { description: "The translation", content: { "application/json": { schema: z.object({ translation: TranslationSchema }) } } },
    401: errorSpec("Not signed in"),
    404: errorSpec("No such message of yours"),
    409: errorSpec("No LLM provider configured"),
    429: errorSpec("Today's budget is spent"),
    503: errorSpec("The provider failed or gave no translation"),
  },
});

const FAILURES: Record<TranslateFailure, [ErrorCode, string]> = {
  not_found: ["NOT_FOUND", "no such message"],
  no_provider: ["CONFLICT", "no LLM provider configured"],
  budget_spent: ["RATE_LIMITED", "today's LLM budget is spent"],
  provider_failed: ["UNAVAILABLE", "the LLM provider failed"],
  bad_answer: ["UNAVAILABLE", "the LLM provider's answer was no translation"],
};

/** Maps a failed translation to the error envelope (shared with the HTML form). */
export function translationError(reason: TranslateFailure): AppError {
  const [code, message] = FAILURES[reason];
  return new AppError(code, message);
}

const waitingJson = (message: WaitingMessage) => ({ ...message, sentAt: message.sentAt.toISOString(), remindAt: message.remindAt?.toISOString() ?? null });
const translationJson = (translation: Translation) => ({ ...translation, createdAt: translation.createdAt.toISOString() });

export function registerWaitingApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(list, async (c) => {
    try {
      const page = await listWaiting(services.sql, await requestDataKey(c, services), actingUser(c).id, { after: c.req.valid("query").after || undefined });
      return c.json({ days: page.days, messages: page.messages.map(waitingJson), next: page.next }, 200);
    } catch (error) {
      if (error instanceof InvalidWaitingCursorError) throw new AppError("BAD_REQUEST", "after: not a waiting cursor");
      throw error;
    }
  });

  app.openapi(dismiss, async (c) => {
    if (!(await dismissWaiting(services.sql, actingUser(c).id, c.req.valid("param").messageId!))) throw new AppError("NOT_FOUND", "no such message");
    return c.body(null, 204);
  });

  app.openapi(translate, async (c) => {
    const body = c.req.header("content-type")?.includes("application/json") ? c.req.valid("json") : {};
    const target = body?.language ?? (isLang(c.get("lang")) ? c.get("lang") : "de");
    const result = await translateMessage(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.valid("param").messageId!, target, {
      outbound: await loadOutboundPolicy(services.sql),
      signal: c.req.raw.signal,
    });
    if (!result.ok) throw translationError(result.reason);
    return c.json({ translation: translationJson(result.translation) }, 200);
  });
}
