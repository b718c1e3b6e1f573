/**
 * The AI settings page: the provider form (kind, base URL, write-only key,
 * model from the discovered list, budget), a connection test, and what each
 * mailbox lets the provider see. With htmx, "load models" and "test" answer
 * fragments; without JavaScript they answer the whole page.
 */
import type { LlmSettingsSummary } from "../../src/analysis/llm/settings.ts";
import type { AccountVisibility } from "../../src/analysis/llm/visibility.ts";
import { LLM_KINDS, LLM_VISIBILITIES, type TransportFailure } from "../../src/analysis/llm/types.ts";
import { translator } from "../../src/i18n/messages.ts";
import { Field, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import type { AiFormField, AiFormValues } from "../../src/analysis/llm/settings-input.ts";
import { DataTable } from "../data-table.tsx";

/** A count as the reader writes numbers (1.234 / 1,234). */
function formatNumber(value: number, lang: "de" | "en"): string {
  return value.toLocaleString(lang === "de" ? "de-DE" : "en-GB");
}

/** A model list, or why it could not be loaded. */
export type ModelsState = { models: string[] } | { invalid: AiFormField[] } | { reason: TransportFailure; detail: string };

/** The connection test's outcome. */
export type TestState = { ok: true; models: number; modelAvailable: boolean | null; model?: string } | { ok: false; reason: TransportFailure; detail: string } | { ok: false; invalid: AiFormField[] };

export interface AiSettingsProps {
  page: PageContext;
  summary: LlmSettingsSummary | null;
  /** The saved provider is local (clear text) or not; null when none is saved. */
  local: boolean | null;
  values: AiFormValues;
  invalid?: AiFormField[];
  notice?: string;
  accounts: AccountVisibility[];
  models?: ModelsState;
  test?: TestState;
}

/** The values the form shows for stored settings (never the key). */
export function summaryValues(summary: LlmSettingsSummary | null): AiFormValues {
  if (!summary) return { kind: "ollama", baseUrl: "http://127.0.0.1:11434", dailyBudget: "200", timeoutSeconds: "60", enabled: "true" };
  return {
    kind: summary.kind,
    baseUrl: summary.baseUrl,
    model: summary.model,
    secondOpinionModel: summary.secondOpinionModel ?? "",
    embeddingModel: summary.embeddingModel ?? "",
    dailyBudget: String(summary.dailyBudget),
    timeoutSeconds: String(summary.timeoutSeconds),
    enabled: String(summary.enabled),
  };
}

function ModelSelect({ id, models, value, optional, labelText, hint }: { id: string; models: string[]; value: string; optional: boolean; labelText: string; hint?: string }) {
  const known = models.includes(value);
  return (
    <div class="field">
      <label for={id}>{labelText}</label>
      <select id={id} name={id} aria-describedby={hint ? `${id}-hint` : undefined}>
        {optional && <option value="">—</option>}
        {/* A stored model the server no longer lists stays choosable: it may only be unloaded for now. */}
        {value && !known && (
          <option value={value} selected>
            {value}
          </option>
        )}
        {models.map((model) => (
          <option value={model} selected={model === value}>
            {model}
          </option>
        ))}
      </select>
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
    </div>
  );
}

/** The model fields: a choice from the loaded list, or text fields until one is loaded. Swapped whole by "load models". */
export function ModelFields({ page, values, invalid = [], models }: { page: PageContext; values: AiFormValues; invalid?: AiFormField[]; models?: ModelsState }) {
  const tr = translator(page.lang);
  const list = models && "models" in models ? models.models : undefined;
  return (
    <div id="ai-model-fields" class="model-fields">
      {list ? (
        <>
          <ModelSelect id="model" models={list} value={values.model ?? ""} optional={false} labelText={tr("ai.field.model")} hint={tr("ai.hint.model")} />
          <ModelSelect id="secondOpinionModel" models={list} value={values.secondOpinionModel ?? ""} optional labelText={tr("ai.field.secondOpinionModel")} hint={tr("ai.hint.secondOpinionModel")} />
          <p class="hint" role="status">
            {tr("ai.models.found", { count: formatNumber(list.length, page.lang) })}
          </p>
        </>
      ) : (
        <>
          <Field
            label={tr("ai.field.model")}
            name="model"
            value={values.model}
            maxlength={200}
            spellcheck={false}
            autocomplete="off"
            hint={tr("ai.hint.modelText")}
            invalid={invalid.includes("model")}
          />
          <Field
            label={tr("ai.field.secondOpinionModel")}
            name="secondOpinionModel"
            value={values.secondOpinionModel}
            maxlength={200}
            spellcheck={false}
            autocomplete="off"
            hint={tr("ai.hint.secondOpinionModel")}
            invalid={invalid.includes("secondOpinionModel")}
          />
        </>
      )}
      {models && "reason" in models && (
        <div class="form-error" role="alert" data-reason={models.reason}>
          <span class="reason">{tr(`ai.reason.${models.reason}`)}</span>
          <small class="technical">{models.detail}</small>
        </div>
      )}
      {models && "invalid" in models && <InvalidList page={page} invalid={models.invalid} />}
      <p>
        <button type="submit" class="secondary" formaction="/settings/ai/models" hx-post="/settings/ai/models" hx-target="#ai-model-fields" hx-swap="outerHTML">
          {tr("ai.models.load")}
        </button>
      </p>
    </div>
  );
}

function InvalidList({ page, invalid }: { page: PageContext; invalid: AiFormField[] }) {
  const tr = translator(page.lang);
  return (
    <div class="form-error" role="alert" data-invalid={invalid.join(" ")}>
      {tr("form.errorTitle")}
      <ul>
        {invalid.map((name) => (
          <li>{tr(`ai.invalid.${name}`)}</li>
        ))}
      </ul>
    </div>
  );
}

/** Where the connection test's answer appears; swapped whole by "test connection". */
export function TestResult({ page, test }: { page: PageContext; test?: TestState }) {
  const tr = translator(page.lang);
  let content = null;
  if (test && "invalid" in test) content = <InvalidList page={page} invalid={test.invalid} />;
  else if (test && !test.ok) {
    content = (
      <div class="form-error" data-reason={test.reason}>
        <span class="reason">{tr(`ai.reason.${test.reason}`)}</span>
        <small class="technical">{test.detail}</small>
      </div>
    );
  } else if (test?.ok) {
    content = (
      <div class="notice" data-reason="ok">
        {tr("ai.test.ok", { count: formatNumber(test.models, page.lang) })} {test.modelAvailable === true && tr("ai.test.modelFound", { model: test.model ?? "" })}
        {test.modelAvailable === false && <strong>{tr("ai.test.modelMissing", { model: test.model ?? "" })}</strong>}
      </div>
    );
  }
  return (
    <div id="ai-test-result" role="status" aria-live="polite">
      {content}
    </div>
  );
}

export function VisibilityRow({ page, account, saved }: { page: PageContext; account: AccountVisibility; saved?: boolean }) {
  const tr = translator(page.lang);
  const url = `/settings/ai/accounts/${account.accountId}`;
  const id = `visibility-${account.accountId}`;
  return (
    <tr id={`account-visibility-${account.accountId}`} data-visibility={account.visibility}>
      <td>
        <label for={id}>{account.label}</label>
      </td>
      <td>
        <form method="post" action={url} hx-post={url} hx-trigger="change" hx-target="closest tr" hx-swap="outerHTML" class="inline">
          <select id={id} name="visibility">
            {LLM_VISIBILITIES.map((visibility) => (
              <option value={visibility} selected={visibility === account.visibility}>
                {tr(`ai.visibility.${visibility}`)}
              </option>
            ))}
          </select>
          <noscript>
            {" "}
            <button type="submit">{tr("ai.visibility.apply")}</button>
          </noscript>
          {saved && (
            <small class="row-notice" role="status">
              {" "}
              {tr("ai.visibility.saved")}
            </small>
          )}
        </form>
      </td>
    </tr>
  );
}

function ProviderForm({ page, summary, values, invalid = [], models, test }: AiSettingsProps) {
  const tr = translator(page.lang);
  const kind = values.kind ?? "ollama";
  return (
    <form method="post" action="/settings/ai" class="account-form ai-form">
      {invalid.length > 0 && <InvalidList page={page} invalid={invalid} />}
      <div class="field">
        <label for="kind">{tr("ai.field.kind")}</label>
        <select id="kind" name="kind" aria-describedby="kind-hint" aria-invalid={invalid.includes("kind") ? "true" : undefined}>
          {LLM_KINDS.map((option) => (
            <option value={option} selected={option === kind}>
              {tr(`ai.kind.${option}`)}
            </option>
          ))}
        </select>
        <small id="kind-hint" class="hint">
          {tr("ai.hint.kind")}
        </small>
      </div>
      <Field
        label={tr("ai.field.baseUrl")}
        name="baseUrl"
        value={values.baseUrl}
        required
        maxlength={2048}
        spellcheck={false}
        autocomplete="off"
        hint={tr("ai.hint.baseUrl")}
        invalid={invalid.includes("baseUrl")}
      />
      <Field
        label={tr("ai.field.apiKey")}
        name="apiKey"
        type="password"
        maxlength={1000}
        autocomplete="new-password"
        spellcheck={false}
        hint={summary?.apiKeySet ? tr("ai.hint.apiKeyKeep") : tr("ai.hint.apiKey")}
        invalid={invalid.includes("apiKey")}
      />
      {summary?.apiKeySet && (
        <div class="field checkbox">
          <label>
            <input type="checkbox" name="removeApiKey" value="true" /> {tr("ai.field.removeApiKey")}
          </label>
        </div>
      )}
      <ModelFields page={page} values={values} invalid={invalid} models={models} />
      <Field
        label={tr("ai.field.embeddingModel")}
        name="embeddingModel"
        value={values.embeddingModel}
        maxlength={200}
        spellcheck={false}
        autocomplete="off"
        hint={tr("ai.hint.embeddingModel")}
        invalid={invalid.includes("embeddingModel")}
      />
      <Field
        label={tr("ai.field.dailyBudget")}
        name="dailyBudget"
        type="number"
        min={0}
        max={100000}
        inputmode="numeric"
        value={values.dailyBudget}
        hint={tr("ai.hint.dailyBudget")}
        invalid={invalid.includes("dailyBudget")}
      />
      <Field
        label={tr("ai.field.timeoutSeconds")}
        name="timeoutSeconds"
        type="number"
        min={5}
        max={600}
        inputmode="numeric"
        value={values.timeoutSeconds}
        hint={tr("ai.hint.timeoutSeconds")}
        invalid={invalid.includes("timeoutSeconds")}
      />
      <div class="field checkbox">
        {/* An unchecked box sends nothing: the hidden field before it makes that "false" (the last value wins). */}
        <input type="hidden" name="enabled" value="false" />
        <label>
          <input type="checkbox" name="enabled" value="true" checked={values.enabled !== "false"} /> {tr("ai.field.enabled")}
        </label>
      </div>
      <p class="buttons">
        <button type="submit">{tr("ai.save")}</button>{" "}
        <button type="submit" class="secondary" formaction="/settings/ai/test" hx-post="/settings/ai/test" hx-target="#ai-test-result" hx-swap="outerHTML">
          {tr("ai.test.run")}
        </button>
      </p>
      <TestResult page={page} test={test} />
    </form>
  );
}

export function AiSettingsPage(props: AiSettingsProps) {
  const { page, summary, local, notice, accounts } = props;
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("ai.title")}>
      <h1>{tr("ai.title")}</h1>
      <p>{tr("ai.intro")}</p>
      <p>
        <a href="/settings/senders">{tr("senders.link")}</a> · <a href="/settings/vip-senders">{tr("vip.sendersLink")}</a> · <a href="/settings/signatures">{tr("replies.signatures.link")}</a> ·{" "}
        <a href="/settings/webhooks">{tr("webhooks.link")}</a>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <section class="card" aria-labelledby="ai-status-title">
        <h2 id="ai-status-title">{tr("ai.status.title")}</h2>
        {summary ? (
          <p data-state={summary.enabled ? "enabled" : "disabled"}>
            {tr(summary.enabled ? "ai.status.enabled" : "ai.status.disabled", { kind: tr(`ai.kind.${summary.kind}`), model: summary.model })}{" "}
            {tr("ai.status.usage", { used: formatNumber(summary.usedToday, page.lang), budget: formatNumber(summary.dailyBudget, page.lang) })}
          </p>
        ) : (
          <p data-state="none">{tr("ai.status.none")}</p>
        )}
        {/* About the saved provider; before one is saved, the rule (which names the local exception). */}
        <p class={local ? "notice" : "warning"} data-privacy={local === null ? "rule" : local ? "clear" : "anonymised"}>
          {tr(local ? "ai.privacy.local" : "ai.privacy.anonymised")}
        </p>
      </section>
      <section aria-labelledby="ai-provider-title">
        <h2 id="ai-provider-title">{tr("ai.provider.title")}</h2>
        <ProviderForm {...props} />
        {summary && (
          <form method="post" action="/settings/ai/delete">
            <button type="submit" class="danger">
              {tr("ai.delete")}
            </button>
          </form>
        )}
      </section>
      <section aria-labelledby="ai-visibility-title">
        <h2 id="ai-visibility-title">{tr("ai.visibility.title")}</h2>
        <p>{tr("ai.visibility.intro")}</p>
        <DataTable
          class="ai-visibility"
          columns={[tr("ai.visibility.account"), tr("ai.visibility.shown")]}
          rows={accounts}
          row={(account) => <VisibilityRow page={page} account={account} />}
          empty={tr("ai.visibility.none")}
        />
      </section>
    </Layout>
  );
}
