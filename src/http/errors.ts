/**
 * The one error envelope: `{ "error": { "code", "message", "requestId" } }`
 * for JSON clients, the same code and message as an HTML fragment for htmx
 * requests, and as a full page for a browser navigating directly.
 *
 * Codes are a closed set mapped to HTTP status (src/error-codes.ts); code that fails throws
 * `AppError` (or lets an unexpected error become INTERNAL, whose message
 * never reaches the client).
 */
import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { ErrorFragment, ErrorPage } from "../../views/error.tsx";
import { ERROR_CODES, ERROR_STATUS, type ErrorCode } from "../error-codes.ts";
import type { AppEnv } from "./env.ts";
import { pageContext } from "./page.ts";

const CODE_BY_STATUS = new Map<number, ErrorCode>(ERROR_CODES.map((code) => [ERROR_STATUS[code], code]));

export class AppError extends Error {
  override name = "AppError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra response headers, e.g. `Allow` or `Retry-After`. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const ErrorEnvelopeSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES).openapi({ example: "NOT_FOUND" }),
      message: z.string().openapi({ example: "No such message" }),
      requestId: z.string().openapi({ example: "3f1c2a9e-5d7b-4c4e-9a51-0e6f2b8d7c11" }),
    }),
  })
  .openapi("Error");

export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** An OpenAPI response answered with the error envelope. */
export const errorSpec = (description: string) => ({ description, content: { "application/json": { schema: ErrorEnvelopeSchema } } });

/** Browsers navigating (not htmx, not API clients) get a full page. */
function wantsHtmlPage(c: Context): boolean {
  return (c.req.header("accept") ?? "").includes("text/html");
}

export function errorResponse(c: Context<AppEnv>, code: ErrorCode, message: string, headers: Record<string, string> = {}): Response | Promise<Response> {
  const status = ERROR_STATUS[code];
  const requestId = c.get("requestId") ?? "";
  for (const [name, value] of Object.entries(headers)) c.header(name, value);
  if (c.req.header("hx-request") === "true") {
    // Errors go to the page's alert region, whatever the request targeted.
    c.header("HX-Retarget", "#alerts");
    c.header("HX-Reswap", "innerHTML");
    return c.html(ErrorFragment({ lang: c.get("lang"), code, message, requestId }), status);
  }
  if (wantsHtmlPage(c)) {
    return c.html(ErrorPage({ lang: c.get("lang"), page: pageContext(c), code, message, requestId }), status);
  }
  return c.json({ error: { code, message, requestId } } satisfies ErrorEnvelope, status);
}

/** `app.onError`: known errors keep their code; anything else is INTERNAL and logged with its stack. */
export function handleError(error: Error, c: Context<AppEnv>): Response | Promise<Response> {
  if (error instanceof AppError) return errorResponse(c, error.code, error.message, error.headers);
  if (error instanceof HTTPException) {
    // Thrown by Hono middleware (csrf, body limit): keep the status, use our envelope.
    const code = CODE_BY_STATUS.get(error.status);
    if (code && code !== "INTERNAL") return errorResponse(c, code, error.message || code);
  }
  c.get("log").error("unhandled error", { error, path: c.req.path });
  return errorResponse(c, "INTERNAL", "Internal error; quote the request id when reporting it");
}
