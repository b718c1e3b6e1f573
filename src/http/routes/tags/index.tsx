/**
 * /tags: the user's tags and what can be done with them (src/tags/). Every
 * handler scopes by the acting user; another user's tag id answers 404.
 * A change answers with a redirect to the page and its notice; a refused
 * one (a name another tag has) with the page, the error and status 409.
 */
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { TagsPage } from "../../../../views/tags/tags-page.tsx";
import { translator } from "../../../i18n/messages.ts";
import type { Services } from "../../../services.ts";
import { deleteTag, mergeTags } from "../../../tags/delete-merge.ts";
import { listNameSuggestions } from "../../../tags/name-queue.ts";
import { createTag, listTags, ownsTag, updateTag, type TagResult } from "../../../tags/store.ts";
import { TAG_COLOURS, TagNameSchema } from "../../../tags/tag-name.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

const TagFormSchema = v.object({
  name: TagNameSchema,
  colour: v.optional(
    v.pipe(
      v.picklist(["", ...TAG_COLOURS]),
      v.transform((colour) => (colour === "" ? null : colour)),
    ),
  ),
});
const MergeFormSchema = v.object({ into: v.pipe(v.string(), v.uuid()) });

type Notices = "created" | "saved" | "deleted" | "merged" | "suggestionApproved" | "suggestionMerged" | "suggestionRejected";

/** The page, also for the suggested names' forms (./name-suggestions.ts). */
export async function renderPage(c: Context<AppEnv>, services: Services, extra: { error?: string; status?: 409 } = {}) {
  const tr = translator(c.get("lang"));
  const dataKey = await requestDataKey(c, services);
  const [tags, suggestions] = await Promise.all([listTags(services.sql, dataKey, actingUser(c).id), listNameSuggestions(services.sql, dataKey, actingUser(c).id)]);
  const done = c.req.query("done") as Notices | undefined;
  const named = tags.find((tag) => tag.id === c.req.query("tag"))?.name ?? "";
  const count = c.req.query("count") ?? "0";
  const notices: Record<Notices, string> = {
    created: tr("tags.created", { name: named }),
    saved: tr("tags.saved"),
    deleted: tr("tags.deleted", { count }),
    merged: tr("tags.merged", { count, name: named }),
    suggestionApproved: tr("tagQueue.approved", { count, name: named }),
    suggestionMerged: tr("tagQueue.merged", { count, name: named }),
    suggestionRejected: tr("tagQueue.rejected"),
  };
  c.header("Cache-Control", "no-store");
  return c.html(
    <TagsPage page={pageContext(c)} tags={tags} suggestions={suggestions} notice={done && Object.hasOwn(notices, done) ? notices[done] : undefined} error={extra.error} />,
    extra.status ?? 200,
  );
}

export function parseForm<T extends v.GenericSchema>(schema: T, form: Record<string, string | undefined>): v.InferOutput<T> {
  const parsed = v.safeParse(schema, form);
  if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.issues.map((issue) => `${v.getDotPath(issue) ?? "form"}: ${issue.message}`).join("; "));
  return parsed.output;
}

/** A refused change: the page again with why; a missing tag is 404 like any other. */
function refused(c: Context<AppEnv>, services: Services, result: Extract<TagResult, { ok: false }>, name: string) {
  const tr = translator(c.get("lang"));
  if (result.reason === "not_found") throw new AppError("NOT_FOUND", "no such tag");
  return renderPage(c, services, { error: result.reason === "duplicate" ? tr("tags.duplicate", { name }) : tr("tags.tooMany"), status: 409 });
}

export function registerTagsPage(app: Hono<AppEnv>, services: Services) {
  app.get("/tags", (c) => renderPage(c, services));

  app.post("/tags", async (c) => {
    const form = parseForm(TagFormSchema, await readForm(c));
    const result = await createTag(services.sql, await requestDataKey(c, services), actingUser(c).id, form.name, form.colour ?? null);
    if (!result.ok) return refused(c, services, result, form.name);
    return navigate(c, `/tags?done=created&tag=${result.tag.id}`);
  });

  app.post("/tags/:tagId", async (c) => {
    const tagId = c.req.param("tagId");
    if (!(await ownsTag(services.sql, actingUser(c).id, tagId))) throw new AppError("NOT_FOUND", "no such tag");
    const form = parseForm(TagFormSchema, await readForm(c));
    const result = await updateTag(services.sql, await requestDataKey(c, services), actingUser(c).id, tagId, form);
    if (!result.ok) return refused(c, services, result, form.name);
    return navigate(c, `/tags?done=saved&tag=${tagId}`);
  });

  app.post("/tags/:tagId/delete", async (c) => {
    const result = await deleteTag(services.sql, actingUser(c).id, c.req.param("tagId"));
    if (!result.ok) throw new AppError("NOT_FOUND", "no such tag");
    return navigate(c, `/tags?done=deleted&count=${result.messages}`);
  });

  app.post("/tags/:tagId/merge", async (c) => {
    if (!(await ownsTag(services.sql, actingUser(c).id, c.req.param("tagId")))) throw new AppError("NOT_FOUND", "no such tag");
    const { into } = parseForm(MergeFormSchema, await readForm(c));
    const result = await mergeTags(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("tagId"), into);
    if (!result.ok) throw new AppError(result.reason === "same_tag" ? "BAD_REQUEST" : "NOT_FOUND", result.reason === "same_tag" ? "into: choose another tag" : "no such tag");
    return navigate(c, `/tags?done=merged&tag=${into}&count=${result.messages}`);
  });
}
