/**
 * The suggested tag names' forms on /tags (src/tags/name-review.ts):
 * approve (the name field: editing it renames), merge into a tag, reject.
 * Another user's suggestion answers 404 before the form is read; a change
 * answers with a redirect to /tags and its notice, a name another tag has
 * with the page, the error and 409.
 */
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { translator } from "../../../i18n/messages.ts";
import type { Services } from "../../../services.ts";
import { findNameSuggestion } from "../../../tags/name-queue.ts";
import { approveNameSuggestion, mergeNameSuggestion, type NameReviewResult, rejectNameSuggestion } from "../../../tags/name-review.ts";
import { TagNameSchema } from "../../../tags/tag-name.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { requestDataKey } from "../../request.ts";
import { parseForm, renderPage } from "./index.tsx";

const ApproveFormSchema = v.object({ name: TagNameSchema });
const MergeFormSchema = v.object({ into: v.pipe(v.string(), v.uuid()) });

/** The acting user's pending suggestion of the path, or 404. */
async function ownSuggestion(c: Context<AppEnv>, services: Services) {
  const suggestion = await findNameSuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("nameSuggestionId") ?? "");
  if (!suggestion) throw new AppError("NOT_FOUND", "no such suggested tag name");
  return suggestion;
}

function answer(c: Context<AppEnv>, services: Services, result: NameReviewResult, done: "suggestionApproved" | "suggestionMerged", name: string) {
  if (result.ok) return navigate(c, `/tags?done=${done}&tag=${result.tagId}&count=${result.messages}`);
  if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such tag");
  const tr = translator(c.get("lang"));
  return renderPage(c, services, { error: result.reason === "duplicate" ? tr("tags.duplicate", { name }) : tr("tags.tooMany"), status: 409 });
}

export function registerTagNameSuggestionForms(app: Hono<AppEnv>, services: Services) {
  app.post("/tags/name-suggestions/:nameSuggestionId/approve", async (c) => {
    const suggestion = await ownSuggestion(c, services);
    const { name } = parseForm(ApproveFormSchema, await readForm(c));
    const result = await approveNameSuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, suggestion.id, name);
    return answer(c, services, result, "suggestionApproved", name);
  });

  app.post("/tags/name-suggestions/:nameSuggestionId/merge", async (c) => {
    const suggestion = await ownSuggestion(c, services);
    const { into } = parseForm(MergeFormSchema, await readForm(c));
    const result = await mergeNameSuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, suggestion.id, into);
    return answer(c, services, result, "suggestionMerged", suggestion.name);
  });

  app.post("/tags/name-suggestions/:nameSuggestionId/reject", async (c) => {
    const suggestion = await ownSuggestion(c, services);
    if (!(await rejectNameSuggestion(services.sql, actingUser(c).id, suggestion.id))) throw new AppError("NOT_FOUND", "no such suggested tag name");
    return navigate(c, "/tags?done=suggestionRejected");
  });
}
