/** On /rules: "Regeln jetzt ausführen" over all mail or one folder, with every enabled rule or one; and the links to the runs and the suggestions. */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { Rule } from "../../src/rules/store.ts";
import { folderChoiceLabel } from "../folder-name.ts";

export interface RunFolder {
  id: string;
  accountLabel: string | null;
  path: string;
  specialUse: string | null;
}

export function RunRulesForm({ lang, rules, folders }: { lang: Lang; rules: Rule[]; folders: RunFolder[] }) {
  const tr = translator(lang);
  return (
    <section class="card run-rules" aria-labelledby="run-rules-title">
      <h2 id="run-rules-title">{tr("ruleRuns.formTitle")}</h2>
      <p>
        <a href="/rules/runs">{tr("ruleRuns.link")}</a> · <a href="/rules/suggestions">{tr("ruleSuggestions.link")}</a>
      </p>
      <form method="post" action="/rules/runs/start" class="run-rules-form">
        <label for="run-folder">{tr("ruleRuns.scope")}</label>{" "}
        <select id="run-folder" name="folderId">
          <option value="">{tr("ruleRuns.scopeAll")}</option>
          {folders.map((folder) => (
            <option value={folder.id}>{folderChoiceLabel(lang, folder)}</option>
          ))}
        </select>{" "}
        <label for="run-rule">{tr("ruleRuns.rules")}</label>{" "}
        <select id="run-rule" name="ruleId">
          <option value="">{tr("ruleRuns.rulesAll")}</option>
          {rules.map((rule) => (
            <option value={rule.id}>{rule.name}</option>
          ))}
        </select>{" "}
        <button type="submit">{tr("ruleRuns.start")}</button>
      </form>
    </section>
  );
}
