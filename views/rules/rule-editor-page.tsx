/**
 * /rules/new and /rules/:id/edit: the editor (./rule-editor.tsx) with, for
 * a new rule, the templates and (when the user has an AI provider) a box
 * to draft the rule from a sentence; after a save, the notice and what
 * the static checks say about the saved rule.
 */
import type { Child } from "hono/jsx";
import { translator } from "../../src/i18n/messages.ts";
import { MAX_DRAFT_SENTENCE_CHARS } from "../../src/rules/draft-from-sentence.ts";
import { RULE_TEMPLATES } from "../../src/rules/rule-templates.ts";
import { assetUrls } from "../assets.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { type EditorProps, RuleEditorForm } from "./rule-editor.tsx";

export interface EditorPageProps extends Omit<EditorProps, "lang"> {
  page: PageContext;
  title: string;
  /** A new rule: the templates and, with an AI provider, the sentence box. */
  isNew: boolean;
  canDraft: boolean;
  sentence?: string;
  notice?: string;
  /** Said above the form: where the prefilled rule came from, unknown names of a draft. */
  notes?: string[];
  /** The saved rule's warnings, worded. */
  warnings?: Child;
}

export function RuleEditorPage({ page, title, isNew, canDraft, sentence, notice, notes = [], warnings, ...editor }: EditorPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={title}>
      <link rel="stylesheet" href={assetUrls.ruleEditorStyles} />
      <p>
        <a href="/rules">← {tr("ruleEditor.back")}</a>
      </p>
      <h1>{title}</h1>
      {notice && <Notice>{notice}</Notice>}
      {warnings}
      {notes.map((note) => (
        <p class="rule-note">{note}</p>
      ))}
      {isNew && (
        <div class="rule-starts">
          <details class="rule-templates">
            <summary>{tr("ruleEditor.templates")}</summary>
            <ul>
              {RULE_TEMPLATES.map((template) => (
                <li>
                  <a href={`/rules/new?template=${template}`}>{tr(`ruleEditor.template.${template}`)}</a>
                </li>
              ))}
            </ul>
          </details>
          {canDraft && (
            <form method="post" action="/rules/new/draft" class="rule-draft">
              <label for="sentence">{tr("ruleEditor.draft.title")}</label>
              <textarea id="sentence" name="sentence" rows={2} maxlength={MAX_DRAFT_SENTENCE_CHARS} aria-describedby="sentence-hint">
                {sentence ?? ""}
              </textarea>
              <small id="sentence-hint" class="hint">
                {tr("ruleEditor.draft.hint")}
              </small>
              <button type="submit">{tr("ruleEditor.draft.submit")}</button>
            </form>
          )}
        </div>
      )}
      <RuleEditorForm lang={page.lang} {...editor} />
    </Layout>
  );
}
