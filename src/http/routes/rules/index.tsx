/**
 * /rules: the user's rules with enable/disable, mode and delete, the static
 * checks' warnings, and each rule's recent matches. Every handler scopes by the acting user; another
 * user's rule id answers 404 before the form is read.
 */
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { RuleMatchesPage } from "../../../../views/rules/rule-matches-page.tsx";
import { RulesPage } from "../../../../views/rules/rules-page.tsx";
import { translator } from "../../../i18n/messages.ts";
import { filterOptions } from "../../../inbox/filter-options.ts";
import { RULE_MODES } from "../../../rules/rule-schema.ts";
import { recentMatchesOfRule } from "../../../rules/runs.ts";
import { checkRules } from "../../../rules/static-checks.ts";
import { deleteRule, getRule, listRules, updateRule } from "../../../rules/store.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { parseForm } from "../tags/index.tsx";
import { loadRulePrecision } from "./precision.tsx";

const RuleFormSchema = v.object({
  mode: v.picklist(RULE_MODES),
  enabled: v.pipe(
    v.picklist(["true", "false"]),
    v.transform((value) => value === "true"),
  ),
});

type Notices = "saved" | "deleted" | "dismissed";

async function renderPage(c: Context<AppEnv>, services: Services) {
  const tr = translator(c.get("lang"));
  const dataKey = await requestDataKey(c, services);
  const [rules, options] = await Promise.all([listRules(services.sql, dataKey, actingUser(c).id), filterOptions(services.sql, dataKey, actingUser(c).id)]);
  const done = c.req.query("done") as Notices | undefined;
  const notices: Record<Notices, string> = { saved: tr("rules.saved"), deleted: tr("rules.deleted"), dismissed: tr("rulePrecision.dismissed") };
  // The warnings come from the rules already loaded: no dry-runs, no second query.
  return c.html(
    <RulesPage
      page={pageContext(c)}
      rules={rules}
      warnings={checkRules(rules)}
      notice={done && Object.hasOwn(notices, done) ? notices[done] : undefined}
      precision={await loadRulePrecision(c, services.sql, rules)}
      runFolders={options.folders}
    />,
  );
}

export function registerRulesPage(app: Hono<AppEnv>, services: Services) {
  app.get("/rules", (c) => renderPage(c, services));

  app.post("/rules/:ruleId", async (c) => {
    const dataKey = await requestDataKey(c, services);
    const ruleId = c.req.param("ruleId");
    if (!(await getRule(services.sql, dataKey, actingUser(c).id, ruleId))) throw new AppError("NOT_FOUND", "no such rule");
    const form = parseForm(RuleFormSchema, await readForm(c));
    const result = await updateRule(services.sql, dataKey, actingUser(c).id, ruleId, form);
    if (!result.ok) throw new AppError("NOT_FOUND", "no such rule");
    return navigate(c, "/rules?done=saved");
  });

  app.post("/rules/:ruleId/delete", async (c) => {
    if (!(await deleteRule(services.sql, actingUser(c).id, c.req.param("ruleId")))) throw new AppError("NOT_FOUND", "no such rule");
    return navigate(c, "/rules?done=deleted");
  });

  app.get("/rules/:ruleId/matches", async (c) => {
    const rule = await getRule(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("ruleId"));
    if (!rule) throw new AppError("NOT_FOUND", "no such rule");
    const matches = await recentMatchesOfRule(services.sql, actingUser(c).id, rule.id);
    return c.html(<RuleMatchesPage page={pageContext(c)} rule={rule} matches={matches} />);
  });
}
