/**
 * The rule editor in the browser: /rules/new (blank, from a template,
 * from a message, or drafted from a sentence) and /rules/:id/edit, each
 * posting to itself to save or to change the form's shape (the submit
 * button named `op`, src/rules/rule-form-ops.ts), a live preview at
 * `<form>/preview`, and POST /rules/:id/move for the order. Saving checks
 * the tree as the JSON API does (schema, then the user's own folders,
 * tags and accounts) and shows each problem at its field. Every handler
 * scopes by the acting user; another user's rule or message is 404.
 */
import type { Context, Hono } from "hono";
import { RuleEditorForm } from "../../../../views/rules/rule-editor.tsx";
import { RuleEditorPage } from "../../../../views/rules/rule-editor-page.tsx";
import { RulePreview } from "../../../../views/rules/rule-preview.tsx";
import { RuleWarnings } from "../../../../views/rules/rule-warnings.tsx";
import { loadLlmSettings } from "../../../analysis/llm/settings.ts";
import { translator } from "../../../i18n/messages.ts";
import { filterOptions } from "../../../inbox/filter-options.ts";
import { loadOutboundPolicy } from "../../../net/allowed-targets-store.ts";
import { draftFromSentence, MAX_DRAFT_SENTENCE_CHARS } from "../../../rules/draft-from-sentence.ts";
import { dryRunRule } from "../../../rules/dry-run.ts";
import { moveRule } from "../../../rules/move-rule.ts";
import { foreignReference } from "../../../rules/references.ts";
import { applyOp } from "../../../rules/rule-form-ops.ts";
import { checkDraft, draftFromForm, draftFromRule, emptyDraft, type FieldProblem, type RuleDraft } from "../../../rules/rule-form.ts";
import { ruleFromMessage } from "../../../rules/rule-from-message.ts";
import { isRuleTemplate, templateDraft } from "../../../rules/rule-templates.ts";
import { warningsAfterSave } from "../../../rules/rule-warnings.ts";
import { checkRules, warningsAbout } from "../../../rules/static-checks.ts";
import { createRule, getRule, listRules, type Rule, updateRule } from "../../../rules/store.ts";
import type { Services } from "../../../services.ts";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

/** The id an unsaved rule has in the static checks and their wording. */
const UNSAVED_ID = "00000000-0000-4000-8000-00000000abcd";

interface Shown {
  draft: RuleDraft;
  problems?: Map<string, FieldProblem>;
  formError?: string;
  notice?: string;
  notes?: string[];
  sentence?: string;
  savedRule?: Rule;
  withPreview?: boolean;
  status?: 200 | 400 | 409;
}

const isHtmx = (c: Context<AppEnv>) => c.req.header("hx-request") === "true";

/** The rule the form holds, the user's others, and what the dry-run and the static checks say about it. */
async function renderPreview(c: Context<AppEnv>, services: Services, ruleId: string | undefined, draft: RuleDraft) {
  const userId = actingUser(c).id;
  const dataKey = await requestDataKey(c, services);
  const tr = translator(c.get("lang"));
  const checked = checkDraft({ ...draft, name: draft.name || tr("ruleEditor.unnamed") });
  const rules = await listRules(services.sql, dataKey, userId);
  const page = pageContext(c);
  if (!checked.ok) return <RulePreview lang={page.lang} timeZone={page.timeZone} result={null} warnings={[]} rules={rules} />;
  const now = new Date();
  const saved = ruleId ? rules.find((rule) => rule.id === ruleId) : undefined;
  const candidate: Rule = {
    id: ruleId ?? UNSAVED_ID,
    position: saved?.position ?? rules.length,
    createdAt: saved?.createdAt ?? now,
    updatedAt: now,
    name: checked.input.name,
    enabled: checked.input.enabled ?? true,
    mode: checked.input.mode ?? "act",
    accountIds: checked.input.accountIds ?? null,
    folderIds: checked.input.folderIds ?? null,
    definition: checked.input.definition,
  };
  const result = await dryRunRule(services.sql, dataKey, userId, candidate, now);
  const warnings = warningsAbout(checkRules(rules, { candidate: { rule: candidate }, recent: new Map([[candidate.id, result]]) }), candidate.id);
  const named = saved ? rules.map((rule) => (rule.id === candidate.id ? candidate : rule)) : [...rules, candidate];
  return <RulePreview lang={page.lang} timeZone={page.timeZone} result={result} warnings={warnings} rules={named} />;
}

async function render(c: Context<AppEnv>, services: Services, ruleId: string | undefined, shown: Shown) {
  const tr = translator(c.get("lang"));
  const userId = actingUser(c).id;
  const dataKey = await requestDataKey(c, services);
  const choices = await filterOptions(services.sql, dataKey, userId);
  const formUrl = ruleId ? `/rules/${ruleId}/edit` : "/rules/new";
  const preview = shown.withPreview ? await renderPreview(c, services, ruleId, shown.draft) : undefined;
  const editor = { draft: shown.draft, problems: shown.problems ?? new Map(), choices, formUrl, preview, formError: shown.formError };
  const status = shown.status ?? 200;
  // htmx swaps the form in place; a refused save is still the form to fix, not an error page.
  if (isHtmx(c)) return c.html(<RuleEditorForm lang={c.get("lang")} {...editor} />, 200);
  const settings = ruleId ? null : await loadLlmSettings(services.sql, dataKey, userId);
  const warnings = shown.savedRule ? await savedWarnings(c, services, shown.savedRule) : undefined;
  return c.html(
    <RuleEditorPage
      page={pageContext(c)}
      title={ruleId ? tr("ruleEditor.titleEdit", { name: shown.draft.name }) : tr("ruleEditor.titleNew")}
      isNew={!ruleId}
      canDraft={settings?.enabled === true}
      sentence={shown.sentence}
      notice={shown.notice}
      notes={shown.notes}
      warnings={warnings}
      {...editor}
    />,
    status,
  );
}

async function savedWarnings(c: Context<AppEnv>, services: Services, rule: Rule) {
  const dataKey = await requestDataKey(c, services);
  const userId = actingUser(c).id;
  const warnings = await warningsAfterSave(services.sql, dataKey, userId, rule);
  return <RuleWarnings lang={c.get("lang")} warnings={warnings} rules={await listRules(services.sql, dataKey, userId)} />;
}

async function ownRule(c: Context<AppEnv>, services: Services): Promise<Rule> {
  const rule = await getRule(services.sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("ruleId") ?? "");
  if (!rule) throw new AppError("NOT_FOUND", "no such rule");
  return rule;
}

/** A post of the form: an op re-renders it, `save` checks and stores it. */
async function post(c: Context<AppEnv>, services: Services, ruleId: string | undefined) {
  const form = await readForm(c);
  const op = c.req.query("op") ?? form.op ?? "refresh";
  const draft = draftFromForm(form);
  if (op !== "save") return render(c, services, ruleId, { draft: applyOp(draft, op), withPreview: op === "refresh" && !isHtmx(c) });
  const tr = translator(c.get("lang"));
  const checked = checkDraft(draft);
  if (!checked.ok) return render(c, services, ruleId, { draft, problems: checked.problems, status: 400 });
  const userId = actingUser(c).id;
  if (await foreignReference(services.sql, userId, checked.input)) return render(c, services, ruleId, { draft, formError: tr("ruleEditor.error.foreign"), status: 400 });
  const dataKey = await requestDataKey(c, services);
  const result = ruleId ? await updateRule(services.sql, dataKey, userId, ruleId, checked.input) : await createRule(services.sql, dataKey, userId, checked.input);
  if (!result.ok && result.reason === "not_found") throw new AppError("NOT_FOUND", "no such rule");
  if (!result.ok) return render(c, services, ruleId, { draft, formError: tr("ruleEditor.error.tooMany"), status: 409 });
  return navigate(c, `/rules/${result.rule.id}/edit?done=saved`);
}

async function preview(c: Context<AppEnv>, services: Services, ruleId: string | undefined) {
  return c.html(await renderPreview(c, services, ruleId, draftFromForm(await readForm(c))));
}

export function registerRuleEditor(app: Hono<AppEnv>, services: Services) {
  app.get("/rules/new", async (c) => {
    const tr = translator(c.get("lang"));
    const template = c.req.query("template");
    const messageId = c.req.query("message");
    if (messageId !== undefined) {
      const made = await ruleFromMessage(services.sql, await requestDataKey(c, services), actingUser(c).id, messageId, c.get("lang"));
      if (!made) throw new AppError("NOT_FOUND", "no such message");
      return render(c, services, undefined, { draft: made.draft, notes: [tr("ruleEditor.fromMessageNote", { subject: made.subject })] });
    }
    if (isRuleTemplate(template)) {
      const choices = await filterOptions(services.sql, await requestDataKey(c, services), actingUser(c).id);
      return render(c, services, undefined, { draft: templateDraft(template, c.get("lang"), choices), notes: [tr("ruleEditor.templateNote")] });
    }
    return render(c, services, undefined, { draft: emptyDraft() });
  });
  app.post("/rules/new", (c) => post(c, services, undefined));
  app.post("/rules/new/preview", (c) => preview(c, services, undefined));

  app.post("/rules/new/draft", async (c) => {
    const tr = translator(c.get("lang"));
    const sentence = ((await readForm(c)).sentence ?? "").trim().slice(0, MAX_DRAFT_SENTENCE_CHARS);
    const userId = actingUser(c).id;
    const dataKey = await requestDataKey(c, services);
    if (!sentence) return render(c, services, undefined, { draft: emptyDraft(), formError: tr("ruleEditor.draft.failed"), status: 400 });
    const choices = await filterOptions(services.sql, dataKey, userId);
    const drafted = await draftFromSentence(services.sql, dataKey, userId, sentence, choices, { outbound: await loadOutboundPolicy(services.sql), signal: c.req.raw.signal });
    if (!drafted.ok && drafted.reason === "no_provider") throw new AppError("NOT_FOUND", "no AI provider is set up");
    if (!drafted.ok) return render(c, services, undefined, { draft: emptyDraft(), sentence, notes: [tr("ruleEditor.draft.failed")] });
    const notes = [tr("ruleEditor.draft.done"), ...(drafted.unknown.length ? [tr("ruleEditor.draft.unknown", { names: drafted.unknown.join(", ") })] : [])];
    return render(c, services, undefined, { draft: drafted.draft, sentence, notes });
  });

  app.get("/rules/:ruleId/edit", async (c) => {
    const rule = await ownRule(c, services);
    const saved = c.req.query("done") === "saved";
    return render(c, services, rule.id, { draft: draftFromRule(rule), notice: saved ? translator(c.get("lang"))("ruleEditor.saved") : undefined, savedRule: saved ? rule : undefined });
  });
  app.post("/rules/:ruleId/edit", async (c) => post(c, services, (await ownRule(c, services)).id));
  app.post("/rules/:ruleId/edit/preview", async (c) => preview(c, services, (await ownRule(c, services)).id));

  app.post("/rules/:ruleId/move", async (c) => {
    // Another user's rule is 404 before the form is read.
    const rule = await ownRule(c, services);
    const direction = (await readForm(c)).direction;
    if (direction !== "up" && direction !== "down") throw new AppError("BAD_REQUEST", "direction: up or down");
    if ((await moveRule(services.sql, actingUser(c).id, rule.id, direction)) === "not_found") throw new AppError("NOT_FOUND", "no such rule");
    return navigate(c, "/rules");
  });
}
