import type { Services } from "../../../../services.ts";
import type { Hono } from "hono";
import * as v from "valibot";
import { applyCorrection } from "../../../../analysis/corrections.ts";
import { requestReanalysis } from "../../../../analysis/analyse-message.ts";
import { CATEGORIES } from "../../../../analysis/types.ts";
import type { AppEnv } from "../../../env.ts";
import { AppError } from "../../../errors.ts";
import { readForm } from "../../../form.ts";
import { navigate } from "../../../middleware/auth.ts";
import { ownMessage } from "../../../request.ts";

const level = v.pipe(
  v.picklist(["1", "2", "3"]),
  v.transform((value) => Number(value) as 1 | 2 | 3),
);

/** The AI panel's form posts every field; unchecked boxes are absent, so absent means false. */
const CorrectionForm = v.object({
  urgency: level,
  importance: level,
  category: v.picklist(CATEGORIES),
  spam: v.optional(v.literal("on")),
  newsletter: v.optional(v.literal("on")),
});

const ReanalyseForm = v.object({ secondOpinion: v.optional(v.picklist(["0", "1"]), "0") });

/** The AI panel's correction form and its "analyse again" / "second opinion" buttons. */
export function registerAnalysisForms(app: Hono<AppEnv>, services: Services) {
  app.post("/messages/:messageId/correction", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(CorrectionForm, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", `not a valid correction: ${parsed.issues.map((issue) => v.getDotPath(issue) ?? "form").join(", ")}`);
    const { spam, newsletter, ...levels } = parsed.output;
    const result = await applyCorrection(services.sql, message.dataKey, message.userId, message.id, { ...levels, spam: spam === "on", newsletter: newsletter === "on" });
    if (!result.ok) throw result.reason === "not_found" ? new AppError("NOT_FOUND", "no such message") : new AppError("CONFLICT", "the message is not analysed yet");
    return navigate(c, `/messages/${message.id}?done=corrected`);
  });

  app.post("/messages/:messageId/reanalyse", async (c) => {
    const message = await ownMessage(c, services, c.req.param("messageId"));
    const parsed = v.safeParse(ReanalyseForm, await readForm(c));
    if (!parsed.success) throw new AppError("BAD_REQUEST", "secondOpinion must be 0 or 1");
    if (!(await requestReanalysis(services.sql, message.userId, message.id, parsed.output.secondOpinion === "1"))) {
      throw new AppError("CONFLICT", "a second opinion needs an enabled LLM provider");
    }
    return navigate(c, `/messages/${message.id}?done=reanalysis`);
  });
}
