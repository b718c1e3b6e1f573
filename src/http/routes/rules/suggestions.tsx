/**
 * Suggestions in the browser: /rules/suggestions lists the open ones by
 * rule; apply, dismiss and undo post here from that page and from the
 * message page's box (views/rules/suggestion-box.tsx). With htmx the box
 * comes back in place; without, the browser returns to the page it came
 * from. Another user's suggestion answers 404 before anything changes.
 */
import type { Context, Hono } from "hono";
import { SuggestionBox, type SuggestionOrigin } from "../../../../views/rules/suggestion-box.tsx";
import { SuggestionsPage } from "../../../../views/rules/suggestions-page.tsx";
import { translator } from "../../../i18n/messages.ts";
import { isUuid } from "../../../ids.ts";
import { dismissSuggestion, pendingSuggestions, suggestionMessage } from "../../../rules/pending-suggestions.ts";
import { undoRuleMatch } from "../../../rules/runs.ts";
import { applySuggestion } from "../../../rules/suggestions.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

type Outcome = { applied: string } | { notice: "dismissed" | "undone"; count?: number };

/** After an action: the message page's box again (htmx), or back to the page the form was on. */
async function answer(c: Context<AppEnv>, services: Services, messageId: string, from: SuggestionOrigin, outcome: Outcome) {
  const tr = translator(c.get("lang"));
  const notice = "notice" in outcome ? (outcome.notice === "undone" ? tr("ruleSuggestions.undone", { count: String(outcome.count ?? 0) }) : tr("ruleSuggestions.dismissed")) : undefined;
  if (from === "message" && c.req.header("hx-request") === "true") {
    const suggestions = await pendingSuggestions(services.sql, await requestDataKey(c, services), actingUser(c).id, { messageIds: [messageId] });
    return c.html(<SuggestionBox lang={c.get("lang")} suggestions={suggestions} applied={"applied" in outcome ? outcome.applied : undefined} notice={notice} />);
  }
  const query = "applied" in outcome ? `ruleApplied=${outcome.applied}` : `ruleNotice=${outcome.notice}${outcome.count !== undefined ? `&count=${outcome.count}` : ""}`;
  return navigate(c, from === "message" ? `/messages/${messageId}?${query}` : `/rules/suggestions?${query}`);
}

async function ownSuggestion(c: Context<AppEnv>, services: Services) {
  const found = await suggestionMessage(services.sql, actingUser(c).id, c.req.param("ruleMatchId") ?? "");
  if (!found) throw new AppError("NOT_FOUND", "no such suggestion");
  const form = await readForm(c);
  return { ...found, from: (form.from === "message" ? "message" : "suggestions") as SuggestionOrigin };
}

export function registerRuleSuggestionPages(app: Hono<AppEnv>, services: Services) {
  app.get("/rules/suggestions", async (c) => {
    const tr = translator(c.get("lang"));
    const suggestions = await pendingSuggestions(services.sql, await requestDataKey(c, services), actingUser(c).id);
    const applied = c.req.query("ruleApplied");
    const [notice, count] = [c.req.query("ruleNotice"), c.req.query("count") ?? "0"];
    const words =
      notice === "dismissed"
        ? tr("ruleSuggestions.dismissed")
        : notice === "undone"
          ? tr("ruleSuggestions.undone", { count: String(Number.parseInt(count, 10) || 0) })
          : notice === "appliedAll"
            ? tr("ruleSuggestions.appliedAll", { count: String(Number.parseInt(count, 10) || 0) })
            : undefined;
    return c.html(<SuggestionsPage page={pageContext(c)} suggestions={suggestions} applied={applied && isUuid(applied) ? applied : undefined} notice={words} />);
  });

  app.post("/rules/suggestions/apply-all", async (c) => {
    const form = await readForm(c);
    const ruleId = form.ruleId ?? "";
    if (!isUuid(ruleId)) throw new AppError("BAD_REQUEST", "ruleId: not an id");
    const dataKey = await requestDataKey(c, services);
    const userId = actingUser(c).id;
    let applied = 0;
    for (const suggestion of await pendingSuggestions(services.sql, dataKey, userId, { ruleId })) {
      if ((await applySuggestion(services.sql, dataKey, userId, suggestion.id)).ok) applied++;
    }
    return navigate(c, `/rules/suggestions?ruleNotice=appliedAll&count=${applied}`);
  });

  app.post("/rules/suggestions/:ruleMatchId/apply", async (c) => {
    const { messageId, from } = await ownSuggestion(c, services);
    const matchId = c.req.param("ruleMatchId");
    const result = await applySuggestion(services.sql, await requestDataKey(c, services), actingUser(c).id, matchId);
    if (!result.ok && result.reason === "not_found") throw new AppError("NOT_FOUND", "no such suggestion");
    // A second click (another tab) finds it applied: the same answer, with its undo.
    return answer(c, services, messageId, from, { applied: matchId });
  });

  app.post("/rules/suggestions/:ruleMatchId/dismiss", async (c) => {
    const { messageId, from } = await ownSuggestion(c, services);
    await dismissSuggestion(services.sql, actingUser(c).id, c.req.param("ruleMatchId"));
    return answer(c, services, messageId, from, { notice: "dismissed" });
  });

  app.post("/rules/suggestions/:ruleMatchId/undo", async (c) => {
    const { messageId, from } = await ownSuggestion(c, services);
    const result = await undoRuleMatch(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("ruleMatchId"));
    return answer(c, services, messageId, from, { notice: "undone", count: result?.undone ?? 0 });
  });
}
