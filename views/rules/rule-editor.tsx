/**
 * The rule editor's form: name, on/off, mode, what the rule watches, the
 * condition tree (groups all / any / not at any depth, each test with
 * inputs fitting its type) and the actions, with the live preview beside
 * it. One form, swapped whole by htmx after an add / remove / type change
 * (the server re-renders it from the posted fields, src/rules/rule-form.ts);
 * without JavaScript the same buttons post the form and the page comes
 * back. Field names carry the place in the tree (`c.1.0.value`).
 */
import type { Child } from "hono/jsx";
import { type Lang, type MessageKey, translator } from "../../src/i18n/messages.ts";
import type { FilterOptions } from "../../src/inbox/filter-options.ts";
import { MAX_RULE_NAME_CHARS } from "../../src/rules/limits.ts";
import { canNest } from "../../src/rules/rule-form-ops.ts";
import { ACTION_CHOICES, type DraftAction, type DraftCondition, FIELD_CHOICES, type FieldProblem, GROUP_TYPES, isLeaf, LEAF_TYPES, type RuleDraft } from "../../src/rules/rule-form.ts";
import { RULE_MODES } from "../../src/rules/rule-schema.ts";
import { folderChoiceLabel } from "../folder-name.ts";

export interface EditorProps {
  lang: Lang;
  draft: RuleDraft;
  problems: Map<string, FieldProblem>;
  choices: FilterOptions;
  /** Where the form posts (save and ops): /rules/new or /rules/:id/edit. */
  formUrl: string;
  /** The preview already rendered (a post without JavaScript); absent, htmx loads it. */
  preview?: Child;
  /** A problem of the whole form (a folder not the user's, too many rules). */
  formError?: string;
}

interface Ctx {
  tr: ReturnType<typeof translator>;
  lang: Lang;
  problems: Map<string, FieldProblem>;
  choices: FilterOptions;
  opUrl: string;
}

function problemText(tr: Ctx["tr"], problem: FieldProblem): string {
  return tr(`ruleEditor.error.${problem.code}`, { detail: problem.detail ?? "" });
}

/** The problem of a field, next to it; the input points at it with aria-describedby. */
function Problem({ ctx, name }: { ctx: Ctx; name: string }) {
  const problem = ctx.problems.get(name);
  if (!problem) return null;
  return (
    <span class="field-error" id={`${name}-error`}>
      {problemText(ctx.tr, problem)}
    </span>
  );
}

const invalid = (ctx: Ctx, name: string) => (ctx.problems.has(name) ? { "aria-invalid": "true", "aria-describedby": `${name}-error` } : {});

function Select({ ctx, name, label, value, options, refresh }: { ctx: Ctx; name: string; label: string; value: string; options: [string, string][]; refresh?: boolean }) {
  // A type change re-renders the form with the fields of the new type.
  const swap = refresh ? { "hx-post": ctx.opUrl, "hx-target": "#rule-editor", "hx-swap": "outerHTML", "hx-trigger": "change" } : {};
  return (
    <span class="rule-input">
      <label for={name} class="visually-hidden">
        {label}
      </label>
      <select id={name} name={name} {...swap} {...invalid(ctx, name)}>
        {options.map(([option, text]) => (
          <option value={option} selected={option === value}>
            {text}
          </option>
        ))}
      </select>
      <Problem ctx={ctx} name={name} />
    </span>
  );
}

function Input({
  ctx,
  name,
  label,
  value,
  type = "text",
  placeholder,
  inputmode,
  size,
}: {
  ctx: Ctx;
  name: string;
  label: string;
  value: string;
  type?: "text" | "date";
  placeholder?: string;
  inputmode?: "decimal" | "numeric";
  size?: number;
}) {
  return (
    <span class="rule-input">
      <label for={name} class="visually-hidden">
        {label}
      </label>
      <input id={name} name={name} type={type} value={value} placeholder={placeholder} inputmode={inputmode} size={size} {...invalid(ctx, name)} />
      <Problem ctx={ctx} name={name} />
    </span>
  );
}

const folderOptions = (ctx: Ctx): [string, string][] => [["", ctx.tr("ruleEditor.choose")], ...ctx.choices.folders.map((folder): [string, string] => [folder.id, folderChoiceLabel(ctx.lang, folder)])];
const tagOptions = (ctx: Ctx): [string, string][] => [["", ctx.tr("ruleEditor.choose")], ...ctx.choices.tags.map((tag): [string, string] => [tag.id, tag.name])];
const words = <T extends string>(ctx: Ctx, values: readonly T[], key: (value: T) => MessageKey): [string, string][] => values.map((value) => [value, ctx.tr(key(value))]);
const opOptions = (ctx: Ctx) => words(ctx, FIELD_CHOICES.op, (op) => `rules.op.${op}`);

/** The inputs of one test, by its type. */
function LeafFields({ ctx, path, node }: { ctx: Ctx; path: string; node: { type: string; fields: Record<string, string> } }) {
  const { tr } = ctx;
  const f = node.fields;
  const name = (field: string) => `${path}.${field}`;
  switch (node.type) {
    case "text":
      return (
        <>
          <Select ctx={ctx} name={name("field")} label={tr("ruleEditor.field")} value={f.field ?? ""} options={words(ctx, FIELD_CHOICES.field, (field) => `rules.field.${field}`)} />
          <Select ctx={ctx} name={name("match")} label={tr("ruleEditor.match")} value={f.match ?? ""} options={words(ctx, FIELD_CHOICES.match, (match) => `rules.match.${match}`)} />
          <Input ctx={ctx} name={name("value")} label={tr("ruleEditor.value")} value={f.value ?? ""} />
        </>
      );
    case "header":
      return (
        <>
          <Input ctx={ctx} name={name("name")} label={tr("ruleEditor.headerName")} value={f.name ?? ""} placeholder="X-Mailer" size={12} />
          <Select ctx={ctx} name={name("match")} label={tr("ruleEditor.match")} value={f.match ?? ""} options={words(ctx, FIELD_CHOICES.match, (match) => `rules.match.${match}`)} />
          <Input ctx={ctx} name={name("value")} label={tr("ruleEditor.value")} value={f.value ?? ""} />
        </>
      );
    case "size":
      return (
        <>
          <Select ctx={ctx} name={name("op")} label={tr("ruleEditor.op")} value={f.op ?? ""} options={opOptions(ctx)} />
          <Input ctx={ctx} name={name("amount")} label={tr("ruleEditor.amount")} value={f.amount ?? ""} inputmode="decimal" size={6} />
          <Select ctx={ctx} name={name("unit")} label={tr("ruleEditor.unit")} value={f.unit ?? ""} options={FIELD_CHOICES.unit.map((unit) => [unit, unit])} />
        </>
      );
    case "date":
      return (
        <>
          <Select ctx={ctx} name={name("op")} label={tr("ruleEditor.op")} value={f.op ?? ""} options={opOptions(ctx)} />
          <Input ctx={ctx} name={name("value")} label={tr("ruleEditor.date")} value={f.value ?? ""} type="date" />
        </>
      );
    case "age":
      return (
        <>
          <Select ctx={ctx} name={name("op")} label={tr("ruleEditor.op")} value={f.op ?? ""} options={opOptions(ctx)} />
          <Input ctx={ctx} name={name("days")} label={tr("ruleEditor.days")} value={f.days ?? ""} inputmode="numeric" size={5} />
          <span aria-hidden="true">{tr("ruleEditor.days")}</span>
        </>
      );
    case "has-attachment":
      return <Input ctx={ctx} name={name("fileType")} label={tr("ruleEditor.fileType")} value={f.fileType ?? ""} placeholder={tr("ruleEditor.fileType")} />;
    case "folder":
      return <Select ctx={ctx} name={name("folderId")} label={tr("ruleEditor.folder")} value={f.folderId ?? ""} options={folderOptions(ctx)} />;
    case "tag":
      return <Select ctx={ctx} name={name("tagId")} label={tr("ruleEditor.tag")} value={f.tagId ?? ""} options={tagOptions(ctx)} />;
    case "category":
      return <Select ctx={ctx} name={name("value")} label={tr("ruleEditor.value")} value={f.value ?? ""} options={words(ctx, FIELD_CHOICES.category, (category) => `message.category.${category}`)} />;
    case "ai-flag":
      return (
        <>
          <Select ctx={ctx} name={name("flag")} label={tr("ruleEditor.field")} value={f.flag ?? ""} options={words(ctx, FIELD_CHOICES.flag, (flag) => `rules.field.${flag}`)} />
          <Select
            ctx={ctx}
            name={name("value")}
            label={tr("ruleEditor.value")}
            value={f.value ?? ""}
            options={[
              ["true", tr("ruleEditor.yes")],
              ["false", tr("ruleEditor.no")],
            ]}
          />
        </>
      );
    case "level":
      return (
        <>
          <Select ctx={ctx} name={name("field")} label={tr("ruleEditor.field")} value={f.field ?? ""} options={words(ctx, FIELD_CHOICES.levelField, (field) => `rules.field.${field}`)} />
          <Select ctx={ctx} name={name("op")} label={tr("ruleEditor.op")} value={f.op ?? ""} options={opOptions(ctx)} />
          <Select ctx={ctx} name={name("value")} label={tr("ruleEditor.value")} value={f.value ?? ""} options={words(ctx, FIELD_CHOICES.level, (level) => `ruleEditor.level.${level}`)} />
        </>
      );
    case "traffic-light":
      return <Select ctx={ctx} name={name("value")} label={tr("ruleEditor.value")} value={f.value ?? ""} options={words(ctx, FIELD_CHOICES.light, (light) => `ruleEditor.light.${light}`)} />;
    case "language":
      return <Input ctx={ctx} name={name("value")} label={tr("ruleEditor.language")} value={f.value ?? ""} placeholder="de" size={4} />;
    default:
      return null;
  }
}

function ConditionNode({ ctx, node, path, depth }: { ctx: Ctx; node: DraftCondition; path: string; depth: number }) {
  const { tr } = ctx;
  const typeOptions: [string, string][] = [...GROUP_TYPES, ...LEAF_TYPES].map((type) => [type, tr(`rules.cond.${type}`)]);
  const group = node.type === "all" || node.type === "any";
  return (
    <div class={`rule-cond${isLeaf(node) ? "" : " rule-group"}`} data-path={path}>
      <div class="rule-cond-head">
        <Select ctx={ctx} name={`${path}.type`} label={tr("ruleEditor.conditionType")} value={node.type} options={typeOptions} refresh />
        {isLeaf(node) && <LeafFields ctx={ctx} path={path} node={node} />}
        <button type="submit" name="op" value={`remove:${path}`} class="rule-remove" aria-label={tr("ruleEditor.removeCondition")} title={tr("ruleEditor.removeCondition")}>
          ✕
        </button>
        <Problem ctx={ctx} name={path} />
      </div>
      {node.type === "not" && (
        <div class="rule-children">
          <ConditionNode ctx={ctx} node={node.child} path={`${path}.0`} depth={depth + 1} />
        </div>
      )}
      {group && (
        <div class="rule-children">
          {node.children.length === 0 && <p class="hint">{tr("ruleEditor.emptyGroup")}</p>}
          {node.children.map((child, index) => (
            <ConditionNode ctx={ctx} node={child} path={`${path}.${index}`} depth={depth + 1} />
          ))}
          {canNest(depth + 1) && (
            <div class="rule-adds">
              <button type="submit" name="op" value={`add:${path}`}>
                + {tr("ruleEditor.addCondition")}
              </button>
              <button type="submit" name="op" value={`group:${path}`}>
                + {tr("ruleEditor.addGroup")}
              </button>
            </div>
          )}
        </div>
      )}
    </div>
  );
}

function ActionRow({ ctx, action, index }: { ctx: Ctx; action: DraftAction; index: number }) {
  const { tr } = ctx;
  const name = (field: string) => `a.${index}.${field}`;
  const levels: [string, string][] = [["", tr("ruleEditor.unchanged")], ...words(ctx, FIELD_CHOICES.level, (level) => `ruleEditor.level.${level}`)];
  return (
    <li class="rule-action" data-index={index}>
      <Select
        ctx={ctx}
        name={name("type")}
        label={tr("ruleEditor.actionType")}
        value={action.type}
        options={ACTION_CHOICES.map((choice) => [choice.type, tr(`rules.action.${choice.type}`)])}
        refresh
      />
      {"folderId" in action.fields && <Select ctx={ctx} name={name("folderId")} label={tr("ruleEditor.folder")} value={action.fields.folderId ?? ""} options={folderOptions(ctx)} />}
      {"tagId" in action.fields && <Select ctx={ctx} name={name("tagId")} label={tr("ruleEditor.tag")} value={action.fields.tagId ?? ""} options={tagOptions(ctx)} />}
      {"urgency" in action.fields && (
        <>
          <span aria-hidden="true">{tr("ruleEditor.urgency")}</span>
          <Select ctx={ctx} name={name("urgency")} label={tr("ruleEditor.urgency")} value={action.fields.urgency ?? ""} options={levels} />
        </>
      )}
      {"importance" in action.fields && (
        <>
          <span aria-hidden="true">{tr("ruleEditor.importance")}</span>
          <Select ctx={ctx} name={name("importance")} label={tr("ruleEditor.importance")} value={action.fields.importance ?? ""} options={levels} />
        </>
      )}
      {"hours" in action.fields && (
        <>
          <Input ctx={ctx} name={name("hours")} label={tr("ruleEditor.hours")} value={action.fields.hours ?? ""} inputmode="numeric" size={5} />
          <span aria-hidden="true">{tr("ruleEditor.hours")}</span>
        </>
      )}
      <button type="submit" name="op" value={`remove-action:${index}`} class="rule-remove" aria-label={tr("ruleEditor.removeAction")} title={tr("ruleEditor.removeAction")}>
        ✕
      </button>
      <Problem ctx={ctx} name={`a.${index}`} />
    </li>
  );
}

function Scope({ ctx, draft }: { ctx: Ctx; draft: RuleDraft }) {
  const { tr } = ctx;
  const narrowed = draft.accountIds.length + draft.folderIds.length > 0;
  return (
    <details class="rule-scope" open={narrowed}>
      <summary>
        {tr("ruleEditor.scope")}: {narrowed ? `${draft.accountIds.length + draft.folderIds.length} ✓` : tr("ruleEditor.scope.all")}
      </summary>
      <p class="hint">{tr("ruleEditor.scope.all")}</p>
      {ctx.choices.accounts.length > 1 && (
        <fieldset>
          <legend>{tr("ruleEditor.scope.accounts")}</legend>
          {ctx.choices.accounts.map((account) => (
            <label class="check">
              <input type="checkbox" name={`scope.account.${account.id}`} value="on" checked={draft.accountIds.includes(account.id)} /> {account.label}
            </label>
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{tr("ruleEditor.scope.folders")}</legend>
        {ctx.choices.folders.map((folder) => (
          <label class="check">
            <input type="checkbox" name={`scope.folder.${folder.id}`} value="on" checked={draft.folderIds.includes(folder.id)} /> {folderChoiceLabel(ctx.lang, folder)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

/** The whole form with its preview: what htmx swaps after each op. */
export function RuleEditorForm({ lang, draft, problems, choices, formUrl, preview, formError }: EditorProps) {
  const tr = translator(lang);
  const ctx: Ctx = { tr, lang, problems, choices, opUrl: `${formUrl}?op=refresh` };
  const previewUrl = `${formUrl}/preview`;
  return (
    <form id="rule-editor" class="rule-editor" method="post" action={formUrl} hx-post={formUrl} hx-target="this" hx-swap="outerHTML" novalidate>
      {/* Enter in a text field presses the form's first button: make that "update preview", never a remove. */}
      <button type="submit" name="op" value="refresh" hidden>
        {tr("ruleEditor.refresh")}
      </button>
      <div class="rule-editor-main">
        {(problems.size > 0 || formError) && (
          <div class="form-error" role="alert">
            {formError ?? tr("ruleEditor.problems")}
          </div>
        )}
        <div class="field">
          <label for="name">{tr("ruleEditor.name")}</label>
          <input id="name" name="name" type="text" value={draft.name} maxlength={MAX_RULE_NAME_CHARS} {...invalid(ctx, "name")} />
          <Problem ctx={ctx} name="name" />
        </div>
        <div class="rule-settings">
          <label class="check">
            <input type="checkbox" name="enabled" value="true" checked={draft.enabled} /> {tr("ruleEditor.enabled")}
          </label>
          <span>
            <label for="mode">{tr("ruleEditor.mode")}</label>{" "}
            <select id="mode" name="mode">
              {RULE_MODES.map((mode) => (
                <option value={mode} selected={draft.mode === mode}>
                  {tr(`rules.mode.${mode}`)}
                </option>
              ))}
            </select>
          </span>
        </div>
        <Scope ctx={ctx} draft={draft} />
        <fieldset class="rule-conditions">
          <legend>{tr("ruleEditor.conditions")}</legend>
          <ConditionNode ctx={ctx} node={draft.condition} path="c" depth={1} />
        </fieldset>
        {draft.words.length > 0 && (
          <div class="rule-words">
            <input type="hidden" name="words" value={draft.words.join(" ")} />
            <p>{tr("ruleEditor.words")}</p>
            {draft.words.map((word) => (
              <button type="submit" name="op" value={`word:${word}`}>
                + {tr("ruleEditor.word", { word })}
              </button>
            ))}
          </div>
        )}
        <fieldset class="rule-actions-set">
          <legend>{tr("ruleEditor.actions")}</legend>
          {problems.has("a") && (
            <span class="field-error" id="a-error">
              {tr("ruleEditor.error.noActions")}
            </span>
          )}
          <ol class="rule-actions">
            {draft.actions.map((action, index) => (
              <ActionRow ctx={ctx} action={action} index={index} />
            ))}
          </ol>
          <button type="submit" name="op" value="add-action">
            + {tr("ruleEditor.addAction")}
          </button>
        </fieldset>
        <div class="rule-submit">
          <button type="submit" name="op" value="refresh">
            {tr("ruleEditor.refresh")}
          </button>
          <button type="submit" name="op" value="save" class="primary">
            {tr("ruleEditor.save")}
          </button>
        </div>
      </div>
      <section
        id="rule-preview"
        class="rule-preview"
        aria-live="polite"
        aria-labelledby="rule-preview-title"
        hx-post={previewUrl}
        hx-trigger={`${preview ? "" : "load, "}input from:#rule-editor delay:600ms, change from:#rule-editor delay:600ms`}
        hx-target="this"
        hx-swap="innerHTML"
        hx-sync="this:replace"
      >
        {preview ?? (
          <>
            <h2 id="rule-preview-title">{tr("ruleEditor.preview.title")}</h2>
            <p class="hint">{tr("ruleEditor.preview.hint")}</p>
          </>
        )}
      </section>
    </form>
  );
}
