import type { Services } from "../../../../services.ts";
import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { readAnalysis } from "../../../../analysis/analysis-store.ts";
import { applyCorrection } from "../../../../analysis/corrections.ts";
import { requestReanalysis } from "../../../../analysis/analyse-message.ts";
import { readRun } from "../../../../analysis/runs.ts";
import { isUuid } from "../../../../ids.ts";
import { isOwnMessage } from "../../../../inbox/message.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError, errorSpec } from "../../../errors.ts";
import { actingUser } from "../../../middleware/auth.ts";
import { requestDataKey } from "../../../request.ts";
import { analysisJson, AnalysisSchema, CorrectionSchema, runJson, RunSchema } from "./analysis-schemas.ts";
import { API_SECURITY } from "../../../api-security.ts";

const TAGS = ["Analysis"];
const MessageParams = z.object({ messageId: z.string().openapi({ param: { name: "messageId", in: "path" } }) });
const errors = { 401: errorSpec("Not signed in"), 404: errorSpec("No such message of yours") };

const show = createRoute({
  method: "get",
  path: "/api/v1/messages/{messageId}/analysis",
  operationId: "getMessageAnalysis",
  security: API_SECURITY,
  tags: TAGS,
  summary: "The AI analysis of a message",
  description: "Urgency, importance, score and traffic light, category, spam, newsletter, summary, tags, each with confidence and reason.",
  request: { params: MessageParams },
  responses: { 200: { description: "The analysis", content: { "application/json": { schema: AnalysisSchema } } }, ...errors, 409: errorSpec("Not analysed yet") },
});

const correct = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/corrections",
  operationId: "correctMessageAnalysis",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Corrects a message's analysis",
  description:
    "Changes the analysis at once and teaches the user's model and the sender's pattern, so the next message is analysed with it. Corrected fields are never overwritten by a later analysis.",
  request: { params: MessageParams, body: { content: { "application/json": { schema: CorrectionSchema } }, required: true } },
  responses: {
    200: { description: "The corrected analysis", content: { "application/json": { schema: AnalysisSchema } } },
    400: errorSpec("Not a valid correction"),
    ...errors,
    409: errorSpec("Not analysed yet"),
  },
});

const reprocess = createRoute({
  method: "post",
  path: "/api/v1/messages/{messageId}/reprocess",
  operationId: "reprocessMessage",
  security: API_SECURITY,
  tags: TAGS,
  summary: "Analyses a message again, or asks the second-opinion model",
  request: {
    params: MessageParams,
    body: { content: { "application/json": { schema: z.object({ secondOpinion: z.boolean().default(false) }).openapi("ReprocessRequest") } }, required: true },
  },
  responses: { 202: { description: "Queued; poll the run", content: { "application/json": { schema: RunSchema } } }, ...errors, 409: errorSpec("A second opinion needs an enabled LLM provider") },
});

const runStatus = createRoute({
  method: "get",
  path: "/api/v1/analysis-runs/{runId}",
  operationId: "getAnalysisRun",
  security: API_SECURITY,
  tags: TAGS,
  summary: "State of an analysis run (reprocess, LLM pass, second opinion, re-scoring)",
  request: { params: z.object({ runId: z.string().openapi({ param: { name: "runId", in: "path" } }) }) },
  responses: { 200: { description: "The run", content: { "application/json": { schema: RunSchema } } }, 401: errorSpec("Not signed in"), 404: errorSpec("No such run of yours") },
});

/** The message if it is the acting user's and still has a server copy; otherwise 404. */
async function ownMessageId(c: Context<AppEnv>, services: Services, messageId: string): Promise<string> {
  if (!(await isOwnMessage(services.sql, actingUser(c).id, messageId))) throw new AppError("NOT_FOUND", "no such message");
  return messageId;
}

export function registerMessageAnalysisApi(app: OpenAPIHono<AppEnv>, services: Services) {
  app.openapi(show, async (c) => {
    const messageId = await ownMessageId(c, services, c.req.valid("param").messageId);
    const stored = await readAnalysis(services.sql, await requestDataKey(c, services), actingUser(c).id, messageId);
    if (!stored) throw new AppError("CONFLICT", "the message is not analysed yet");
    return c.json(analysisJson(messageId, stored), 200);
  });

  app.openapi(correct, async (c) => {
    const messageId = await ownMessageId(c, services, c.req.valid("param").messageId);
    const result = await applyCorrection(services.sql, await requestDataKey(c, services), actingUser(c).id, messageId, c.req.valid("json"));
    if (!result.ok) throw result.reason === "not_found" ? new AppError("NOT_FOUND", "no such message") : new AppError("CONFLICT", "the message is not analysed yet");
    return c.json(analysisJson(messageId, result.stored), 200);
  });

  app.openapi(reprocess, async (c) => {
    const user = actingUser(c);
    const messageId = await ownMessageId(c, services, c.req.valid("param").messageId);
    const runId = await requestReanalysis(services.sql, user.id, messageId, c.req.valid("json").secondOpinion);
    if (!runId) throw new AppError("CONFLICT", "a second opinion needs an enabled LLM provider (settings → AI)");
    return c.json(runJson((await readRun(services.sql, user.id, runId))!), 202);
  });

  app.openapi(runStatus, async (c) => {
    const { runId } = c.req.valid("param");
    const run = isUuid(runId) ? await readRun(services.sql, actingUser(c).id, runId) : null;
    if (!run) throw new AppError("NOT_FOUND", "no such analysis run");
    return c.json(runJson(run), 200);
  });
}
