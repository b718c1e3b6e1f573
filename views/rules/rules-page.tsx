/**
 * The rules page: each rule with its place in the order, mode and whether
 * it is on, forms to switch those and to delete it, and a link to what it
 * matched lately, with what the static checks find above the list. Rules are written in the editor (./rule-editor.tsx)
 * or through the API. Plain forms that work without JavaScript.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { RULE_MODES } from "../../src/rules/rule-schema.ts";
import type { RuleWarning } from "../../src/rules/static-checks.ts";
import type { Rule } from "../../src/rules/store.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { RuleWarnings } from "./rule-warnings.tsx";
import { RulePrecision, type RulePrecisionData } from "./rule-precision.tsx";
import { RunRulesForm, type RunFolder } from "./run-rules-form.tsx";

function RuleRow({ lang, rule }: { lang: Lang; rule: Rule }) {
  const tr = translator(lang);
  return (
    <tr data-rule-id={rule.id}>
      <td>{rule.position + 1}</td>
      <td>{rule.name}</td>
      <td>
        <form method="post" action={`/rules/${rule.id}`} class="tag-add">
          <input type="hidden" name="enabled" value={rule.enabled ? "true" : "false"} />
          <label for={`mode-${rule.id}`} class="visually-hidden">
            {tr("rules.mode")}
          </label>
          <select id={`mode-${rule.id}`} name="mode">
            {RULE_MODES.map((mode) => (
              <option value={mode} selected={rule.mode === mode}>
                {tr(`rules.mode.${mode}`)}
              </option>
            ))}
          </select>{" "}
          <button type="submit">{tr("rules.save")}</button>
        </form>
      </td>
      <td>
        <form method="post" action={`/rules/${rule.id}`}>
          <input type="hidden" name="mode" value={rule.mode} />
          <input type="hidden" name="enabled" value={rule.enabled ? "false" : "true"} />
          {rule.enabled ? tr("rules.on") : tr("rules.off")} <button type="submit">{rule.enabled ? tr("rules.disable") : tr("rules.enable")}</button>
        </form>
      </td>
      <td>
        <a href={`/rules/${rule.id}/matches`}>{tr("rules.matches")}</a>
      </td>
      <td>
        <form method="post" action={`/rules/${rule.id}/delete`} hx-post={`/rules/${rule.id}/delete`} hx-confirm={tr("rules.confirmDelete")}>
          <button type="submit">{tr("rules.delete")}</button>
        </form>
      </td>
    </tr>
  );
}

/** Edit and move, on a line of their own under the rule: a phone's width has no room for another column. */
function RuleTools({ lang, rule, first, last }: { lang: Lang; rule: Rule; first: boolean; last: boolean }) {
  const tr = translator(lang);
  return (
    <tr class="rule-tools" data-tools-for={rule.id}>
      <td />
      <td colspan={5}>
        <a href={`/rules/${rule.id}/edit`}>{tr("ruleEditor.edit")}</a> <MoveButtons lang={lang} rule={rule} first={first} last={last} />
      </td>
    </tr>
  );
}

/** Up and down in the order (src/rules/move-rule.ts); plain forms. */
function MoveButtons({ lang, rule, first, last }: { lang: Lang; rule: Rule; first: boolean; last: boolean }) {
  const tr = translator(lang);
  const position = String(rule.position + 1);
  return (
    <form method="post" action={`/rules/${rule.id}/move`} class="inline rule-move">
      {!first && (
        <button type="submit" name="direction" value="up" aria-label={tr("ruleEditor.moveUpLabel", { position })} title={tr("ruleEditor.moveUp")}>
          ↑
        </button>
      )}
      {!last && (
        <button type="submit" name="direction" value="down" aria-label={tr("ruleEditor.moveDownLabel", { position })} title={tr("ruleEditor.moveDown")}>
          ↓
        </button>
      )}
    </form>
  );
}

export function RulesPage({
  page,
  rules,
  warnings,
  notice,
  precision,
  runFolders = [],
}: {
  page: PageContext;
  rules: Rule[];
  warnings: RuleWarning[];
  notice?: string;
  precision?: RulePrecisionData;
  runFolders?: RunFolder[];
}) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("rules.title")}>
      <h1>{tr("rules.title")}</h1>
      <p>{tr("rules.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      <p>
        <a href="/rules/new" class="button">
          {tr("ruleEditor.new")}
        </a>
      </p>
      <RuleWarnings lang={page.lang} warnings={warnings} rules={rules} />
      <RulePrecision lang={page.lang} data={precision} />
      {rules.length === 0 ? (
        <p class="empty">{tr("rules.none")}</p>
      ) : (
        <table class="rules">
          <thead>
            <tr>
              <th>{tr("rules.position")}</th>
              <th>{tr("rules.name")}</th>
              <th>{tr("rules.mode")}</th>
              <th>{tr("rules.enabled")}</th>
              <th>{tr("rules.matches")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rules.map((rule, index) => (
              <>
                <RuleRow lang={page.lang} rule={rule} />
                <RuleTools lang={page.lang} rule={rule} first={index === 0} last={index === rules.length - 1} />
              </>
            ))}
          </tbody>
        </table>
      )}
      <RunRulesForm lang={page.lang} rules={rules} folders={runFolders} />
    </Layout>
  );
}
