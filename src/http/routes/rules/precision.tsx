/**
 * /rules' precision forms: undo what the rules did in the last hour, day or
 * week (POST /rule-undos), and dismiss the notice of a rule switched to
 * suggest (POST /rules/:ruleId/switch-notice/dismiss); and what the page
 * and the start page show of it. Scoped by the acting user; another user's
 * rule id answers 404.
 */
import type { Context, Hono } from "hono";
import * as v from "valibot";
import type { NamedSwitchNotice, RulePrecisionData } from "../../../../views/rules/rule-precision.tsx";
import type { SecretKey } from "../../../crypto/secret-key.ts";
import type { Sql } from "../../../db/connection.ts";
import { dismissSwitchNotice, ruleStandings, switchNotices } from "../../../rules/precision.ts";
import { getRule, type Rule } from "../../../rules/store.ts";
import { undoRuleWindow, WINDOW_UNDO_HOURS } from "../../../rules/window-undo.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { requestDataKey } from "../../request.ts";
import { parseForm } from "../tags/index.tsx";

const WindowFormSchema = v.object({ hours: v.picklist(WINDOW_UNDO_HOURS.map(String) as [string, ...string[]]) });

const count = (value: string | undefined) => (value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : undefined);

/** What /rules shows of precision: standings of the rules loaded, the notices, and a window undo's result from the query. */
export async function loadRulePrecision(c: Context<AppEnv>, sql: Sql, rules: Rule[]): Promise<RulePrecisionData> {
  const standings = await ruleStandings(
    sql,
    actingUser(c).id,
    rules.map((rule) => rule.id),
  );
  const notices = rules.flatMap((rule) => {
    const notice = standings.get(rule.id)?.switchNotice;
    return notice ? [{ ruleId: rule.id, name: rule.name, judged: notice.judged, contradicted: notice.contradicted }] : [];
  });
  const [undone, messages, pending] = [count(c.req.query("undone")), count(c.req.query("messages")), count(c.req.query("pending"))];
  return { rules, standings, notices, undone: undone === undefined ? undefined : { undone, messages: messages ?? 0, pending: pending ?? 0 } };
}

/** The start page's notices, with the rules' names; one query when there are none. */
export async function namedSwitchNotices(sql: Sql, dataKeyOf: () => Promise<SecretKey>, userId: string): Promise<NamedSwitchNotice[]> {
  const notices = await switchNotices(sql, userId);
  if (notices.length === 0) return [];
  const dataKey = await dataKeyOf();
  const named: NamedSwitchNotice[] = [];
  for (const notice of notices) {
    const rule = await getRule(sql, dataKey, userId, notice.ruleId);
    if (rule) named.push({ ruleId: rule.id, name: rule.name, judged: notice.judged, contradicted: notice.contradicted });
  }
  return named;
}

export function registerRulePrecisionPages(app: Hono<AppEnv>, services: Services) {
  app.post("/rule-undos", async (c) => {
    const form = parseForm(WindowFormSchema, await readForm(c));
    const since = new Date(Date.now() - Number(form.hours) * 3_600_000);
    const result = (await undoRuleWindow(services.sql, await requestDataKey(c, services), actingUser(c).id, { since }))!;
    return navigate(c, `/rules?undone=${result.undone}&messages=${result.messages}&pending=${result.pending}`);
  });

  app.post("/rules/:ruleId/switch-notice/dismiss", async (c) => {
    if (!(await dismissSwitchNotice(services.sql, actingUser(c).id, c.req.param("ruleId")))) throw new AppError("NOT_FOUND", "no such rule");
    return navigate(c, "/rules?done=dismissed");
  });
}
