/**
 * The message page's tag box (views/messages/message-tags.tsx): add a tag
 * (an existing one, or a new name, made on the spot), remove one, accept
 * or reject a suggestion. Each answers with the page and a notice; adding
 * and removing offer their inverse as the undo.
 */
import type { Hono } from "hono";
import * as v from "valibot";
import type { Services } from "../../../../services.ts";
import { addTag, removeTag } from "../../../../tags/assign.ts";
import { rejectSuggestion } from "../../../../tags/reject-suggestion.ts";
import { createTag } from "../../../../tags/store.ts";
import { TagNameSchema } from "../../../../tags/tag-name.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { translator } from "../../../../i18n/messages.ts";
import { ownMessage } from "../../../request.ts";
import { backToMessage } from "./actions.ts";

const TagFormSchema = v.variant("op", [
  v.object({ op: v.literal("add"), tagId: v.pipe(v.string(), v.uuid()) }),
  v.object({ op: v.literal("add"), name: TagNameSchema }),
  v.object({ op: v.picklist(["remove", "accept", "reject"]), tagId: v.pipe(v.string(), v.uuid()) }),
]);

export function registerMessageTagForms(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/tags", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const form = await readForm(c);
    // An empty tag id (the name field was used) is no tag id.
    if (form.tagId === "") delete form.tagId;
    const parsed = v.safeParse(TagFormSchema, form);
    if (!parsed.success) throw new AppError("BAD_REQUEST", parsed.issues.map((issue) => `${v.getDotPath(issue) ?? "op"}: ${issue.message}`).join("; "));
    const request = parsed.output;
    const { sql } = services;
    let tagId: string;
    if ("name" in request) {
      const created = await createTag(sql, message.dataKey, message.userId, request.name);
      if (!created.ok && created.reason !== "duplicate") throw new AppError("CONFLICT", translator(c.get("lang"))("tags.tooMany"));
      tagId = created.ok ? created.tag.id : created.tagId;
    } else tagId = request.tagId;

    if (request.op === "reject") {
      if (!(await rejectSuggestion(sql, message.dataKey, message.userId, message.id, tagId))) throw new AppError("NOT_FOUND", "no such tag");
      return backToMessage(c, message.id, "tagrejected", { tag: tagId });
    }
    const change =
      request.op === "remove"
        ? await removeTag(sql, message.userId, tagId, [message.id])
        : await addTag(sql, message.dataKey, message.userId, tagId, [message.id], { source: request.op === "accept" ? "ai" : "user" });
    if (!change) throw new AppError("NOT_FOUND", "no such tag");
    return backToMessage(c, message.id, request.op === "remove" ? "untagged" : "tagged", { tag: tagId });
  });
}
