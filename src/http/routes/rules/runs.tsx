/**
 * Runs in the browser: "Regeln jetzt ausführen" on /rules starts one
 * (a run_rules job, src/rules/runs.ts); /rules/runs lists them;
 * /rules/runs/:id shows its progress (polled by htmx through /progress while
 * it runs), Cancel, the result and Undo per message and for the whole run.
 * Undo of one match is also offered on /rules/:id/matches. Another user's
 * run or match answers 404 before anything changes.
 *
 * The start is POST /rules/runs/start rather than POST /rules/runs, which
 * POST /rules/:ruleId (saving a rule) would take first.
 */
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { RunPage, RunStatus, type RunResult } from "../../../../views/rules/run-page.tsx";
import { RunsPage } from "../../../../views/rules/runs-page.tsx";
import { folderChoiceLabel } from "../../../../views/folder-name.ts";
import { translator, type Lang } from "../../../i18n/messages.ts";
import { filterOptions, type FilterOptions } from "../../../inbox/filter-options.ts";
import { matchSubjects } from "../../../rules/match-subjects.ts";
import { cancelRuleRun, getRuleRun, listRuleRuns, startRuleRun, undoRuleMatch, undoRuleRun, type RuleRun } from "../../../rules/runs.ts";
import { listRules } from "../../../rules/store.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";
import { parseForm } from "../tags/index.tsx";

const optionalId = v.pipe(
  v.optional(v.string(), ""),
  v.check((value) => value === "" || /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value), "not an id"),
  v.transform((value) => (value === "" ? undefined : value)),
);
const StartRunForm = v.object({ folderId: optionalId, ruleId: optionalId });

/** Where undoing one match returns to: its run's page or its rule's matches, nowhere else. */
const UNDO_BACK = /^\/rules\/(runs\/[0-9a-f-]{36}|[0-9a-f-]{36}\/matches)$/;

/** "Alle E-Mails · Posteingang", "Alle eingeschalteten Regeln · Rechnungen": the run's scope in the reader's words. */
function scopeInWords(lang: Lang, options: FilterOptions, ruleNames: Map<string, string>) {
  const tr = translator(lang);
  return (run: RuleRun) => {
    const folder = run.scope.folderId ? options.folders.find((candidate) => candidate.id === run.scope.folderId) : undefined;
    const mail = run.scope.folderId ? (folder ? folderChoiceLabel(lang, folder) : "–") : tr("ruleRuns.scopeAll");
    const rules = run.scope.ruleId ? (ruleNames.get(run.scope.ruleId) ?? tr("ruleRuns.deletedRule")) : tr("ruleRuns.rulesAll");
    return `${mail} · ${rules}`;
  };
}

async function scopeContext(c: Context<AppEnv>, services: Services) {
  const dataKey = await requestDataKey(c, services);
  const userId = actingUser(c).id;
  const [options, rules] = await Promise.all([filterOptions(services.sql, dataKey, userId), listRules(services.sql, dataKey, userId)]);
  const ruleNames = new Map(rules.map((rule) => [rule.id, rule.name]));
  return { dataKey, userId, ruleNames, scope: scopeInWords(c.get("lang"), options, ruleNames) };
}

async function loadResult(c: Context<AppEnv>, services: Services): Promise<RunResult> {
  const { dataKey, userId, ruleNames, scope } = await scopeContext(c, services);
  const found = await getRuleRun(services.sql, userId, c.req.param("ruleRunId") ?? "");
  if (!found) throw new AppError("NOT_FOUND", "no such run");
  const subjects = await matchSubjects(
    services.sql,
    dataKey,
    userId,
    found.matches.map((match) => match.messageId),
  );
  return { ...found, ruleNames, subjects, scope: scope(found.run) };
}

export function registerRuleRunPages(app: Hono<AppEnv>, services: Services) {
  app.post("/rules/runs/start", async (c) => {
    const form = parseForm(StartRunForm, await readForm(c));
    const scope = { ...(form.folderId ? { folderId: form.folderId } : {}), ...(form.ruleId ? { ruleId: form.ruleId } : {}) };
    const started = await startRuleRun(services.sql, actingUser(c).id, scope);
    if (!started.ok) throw new AppError("NOT_FOUND", "no such folder or rule");
    return navigate(c, `/rules/runs/${started.run.id}`);
  });

  app.get("/rules/runs", async (c) => {
    const { userId, scope } = await scopeContext(c, services);
    return c.html(<RunsPage page={pageContext(c)} runs={await listRuleRuns(services.sql, userId)} scopeWords={scope} />);
  });

  app.get("/rules/runs/:ruleRunId", async (c) => {
    const result = await loadResult(c, services);
    const tr = translator(c.get("lang"));
    const done = c.req.query("done");
    const undone = Number.parseInt(c.req.query("undone") ?? "", 10);
    const notice = done === "cancelled" ? tr("ruleRuns.cancelled") : done === "undone" ? tr("ruleRuns.undone", { count: String(Number.isFinite(undone) ? undone : 0) }) : undefined;
    return c.html(<RunPage page={pageContext(c)} result={result} notice={notice} />);
  });

  // What htmx polls while the run is on: the section alone.
  app.get("/rules/runs/:ruleRunId/progress", async (c) => {
    c.header("Cache-Control", "no-store");
    return c.html(<RunStatus lang={c.get("lang")} result={await loadResult(c, services)} />);
  });

  app.post("/rules/runs/:ruleRunId/cancel", async (c) => {
    const run = await cancelRuleRun(services.sql, actingUser(c).id, c.req.param("ruleRunId"));
    if (!run) throw new AppError("NOT_FOUND", "no such run");
    return navigate(c, `/rules/runs/${run.id}?done=cancelled`);
  });

  app.post("/rules/runs/:ruleRunId/undo", async (c) => {
    const runId = c.req.param("ruleRunId");
    const result = await undoRuleRun(services.sql, await requestDataKey(c, services), actingUser(c).id, runId);
    if (!result) throw new AppError("NOT_FOUND", "no such run");
    return navigate(c, `/rules/runs/${runId}?done=undone&undone=${result.undone}`);
  });

  app.post("/rules/matches/:ruleMatchId/undo", async (c) => {
    const result = await undoRuleMatch(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("ruleMatchId"));
    if (!result) throw new AppError("NOT_FOUND", "no such match");
    const back = (await readForm(c)).back ?? "";
    const target = UNDO_BACK.test(back) ? back : "/rules/runs";
    return navigate(c, `${target}?done=undone&undone=${result.undone}`);
  });
}
