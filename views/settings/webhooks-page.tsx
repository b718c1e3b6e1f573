/**
 * The user's webhooks (src/webhooks/): the list with a form to register
 * one, and a page per hook (edit, pause/resume, rotate the secret, delete,
 * the recent deliveries). A new secret is shown once, on the page that
 * answers the form that made it. Plain forms; no script needed.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { WebhookDelivery } from "../../src/webhooks/deliveries.ts";
import { MAX_WEBHOOK_NAME_CHARS, MAX_WEBHOOK_URL_CHARS, MAX_WEBHOOKS_PER_USER, WEBHOOK_EVENTS, type WebhookEvent } from "../../src/webhooks/limits.ts";
import type { Webhook } from "../../src/webhooks/store.ts";
import { Field, FormError, Notice } from "../components.tsx";
import { DataTable } from "../data-table.tsx";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

/** The form field of an event's checkbox (forms keep one value per name). */
export const eventField = (event: WebhookEvent) => `event-${event.replace(".", "-")}`;

/** What a refused form keeps of what was typed. */
export interface WebhookFormValues {
  name: string;
  url: string;
  events: WebhookEvent[];
  includeText: boolean;
}

const DELIVERY_ERRORS = ["timeout", "network", "refused", "dns_failed", "redirect"] as const;
const isDeliveryError = (code: string): code is (typeof DELIVERY_ERRORS)[number] => (DELIVERY_ERRORS as readonly string[]).includes(code);

const status = (hook: Webhook) => (hook.disabledAt ? "disabled" : hook.enabled ? "active" : "paused");

function WebhookFields({ lang, values }: { lang: Lang; values?: WebhookFormValues }) {
  const tr = translator(lang);
  const events = values?.events ?? ["message.red"];
  return (
    <>
      <Field label={tr("webhooks.name")} name="name" value={values?.name} required maxlength={MAX_WEBHOOK_NAME_CHARS} autocomplete="off" />
      <Field label={tr("webhooks.url")} name="url" value={values?.url} required maxlength={MAX_WEBHOOK_URL_CHARS} spellcheck={false} autocomplete="off" hint={tr("webhooks.urlHint")} />
      <fieldset>
        <legend>{tr("webhooks.events")}</legend>
        {WEBHOOK_EVENTS.map((event) => (
          <label class="check">
            <input type="checkbox" name={eventField(event)} checked={events.includes(event)} /> {tr(`webhooks.event.${event}`)}
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" name="include_text" checked={values?.includeText ?? false} /> {tr("webhooks.includeText")}
      </label>
    </>
  );
}

function DisabledNotice({ lang, timeZone, hook }: { lang: Lang; timeZone: string; hook: Webhook }) {
  const tr = translator(lang);
  return hook.disabledAt ? (
    <div class="form-error webhook-disabled" role="alert">
      {tr("webhooks.disabledNotice", { name: hook.name, date: formatDateTime(hook.disabledAt, lang, timeZone) })}
    </div>
  ) : null;
}

function SecretShownOnce({ lang, secret }: { lang: Lang; secret: string }) {
  const tr = translator(lang);
  return (
    <div class="notice webhook-secret" role="status">
      <p>{tr("webhooks.secretOnce")}</p>
      <p>
        <code class="secret">{secret}</code>
      </p>
    </div>
  );
}

export interface WebhooksPageProps {
  page: PageContext;
  webhooks: Webhook[];
  notice?: string;
  refused?: { values: WebhookFormValues; error: string };
}

export function WebhooksPage({ page, webhooks, notice, refused }: WebhooksPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("webhooks.title")}>
      <h1>{tr("webhooks.title")}</h1>
      <p>{tr("webhooks.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {webhooks.map((hook) => (
        <DisabledNotice lang={page.lang} timeZone={page.timeZone} hook={hook} />
      ))}
      <DataTable
        class="webhooks"
        columns={[tr("webhooks.name"), tr("webhooks.url"), tr("webhooks.events"), tr("webhooks.status")]}
        rows={webhooks}
        row={(hook) => (
          <tr data-webhook-status={status(hook)}>
            <td>
              <a href={`/settings/webhooks/${hook.id}`}>{hook.name}</a>
            </td>
            <td>
              <small class="technical">{hook.url}</small>
            </td>
            <td>{hook.events.map((event) => tr(`webhooks.event.${event}`)).join(", ")}</td>
            <td>{tr(`webhooks.status.${status(hook)}`)}</td>
          </tr>
        )}
        empty={tr("webhooks.none")}
      />
      <form method="post" action="/settings/webhooks" class="card webhook-add">
        <h2>{tr("webhooks.add")}</h2>
        <FormError message={refused?.error} />
        <WebhookFields lang={page.lang} values={refused?.values} />
        <button type="submit">{tr("webhooks.add")}</button>
        <small class="hint">{`${webhooks.length} / ${MAX_WEBHOOKS_PER_USER}`}</small>
      </form>
    </Layout>
  );
}

function DeliveriesTable({ lang, timeZone, deliveries }: { lang: Lang; timeZone: string; deliveries: WebhookDelivery[] }) {
  const tr = translator(lang);
  return (
    <DataTable
      class="webhook-deliveries"
      caption={tr("webhooks.deliveries")}
      columns={[tr("webhooks.delivery.event"), tr("webhooks.delivery.status"), tr("webhooks.delivery.response"), tr("webhooks.delivery.attempts"), tr("webhooks.delivery.next")]}
      rows={deliveries}
      row={(delivery) => (
        <tr data-delivery-status={delivery.status}>
          <td>
            {tr(`webhooks.event.${delivery.eventType}`)} {formatDateTime(delivery.eventAt, lang, timeZone)}
          </td>
          <td>{tr(`webhooks.delivery.status.${delivery.status}`)}</td>
          <td>
            {delivery.responseStatus ?? (delivery.errorCode && isDeliveryError(delivery.errorCode) ? tr(`webhooks.delivery.error.${delivery.errorCode}`) : "–")}
            {delivery.responseExcerpt && <small class="technical">{delivery.responseExcerpt}</small>}
          </td>
          <td>{String(delivery.attempts)}</td>
          <td>{delivery.nextAttemptAt ? formatDateTime(delivery.nextAttemptAt, lang, timeZone) : "–"}</td>
        </tr>
      )}
      empty={tr("webhooks.noDeliveries")}
    />
  );
}

export interface WebhookPageProps {
  page: PageContext;
  webhook: Webhook;
  deliveries: WebhookDelivery[];
  notice?: string;
  /** A secret just made (registered or rotated): shown this once. */
  secret?: string;
  refused?: { values: WebhookFormValues; error: string };
}

export function WebhookPage({ page, webhook, deliveries, notice, secret, refused }: WebhookPageProps) {
  const tr = translator(page.lang);
  const base = `/settings/webhooks/${webhook.id}`;
  const values = refused?.values ?? { name: webhook.name, url: webhook.url, events: webhook.events, includeText: webhook.includeText };
  return (
    <Layout page={page} title={`${tr("webhooks.title")}: ${webhook.name}`}>
      <p>
        <a href="/settings/webhooks">{tr("webhooks.back")}</a>
      </p>
      <h1>{webhook.name}</h1>
      {notice && <Notice>{notice}</Notice>}
      {secret && <SecretShownOnce lang={page.lang} secret={secret} />}
      <DisabledNotice lang={page.lang} timeZone={page.timeZone} hook={webhook} />
      <p>
        {tr("webhooks.status")}: <strong data-webhook-status={status(webhook)}>{tr(`webhooks.status.${status(webhook)}`)}</strong>
        {webhook.previousSecretUntil && <> · {tr("webhooks.rotating", { date: formatDateTime(webhook.previousSecretUntil, page.lang, page.timeZone) })}</>}
      </p>
      <div class="actions">
        {webhook.enabled && !webhook.disabledAt ? (
          <form method="post" action={`${base}/pause`} class="inline">
            <button type="submit">{tr("webhooks.pause")}</button>
          </form>
        ) : (
          <form method="post" action={`${base}/resume`} class="inline">
            <button type="submit">{tr(webhook.disabledAt ? "webhooks.reenable" : "webhooks.resume")}</button>
          </form>
        )}{" "}
        <form method="post" action={`${base}/rotate`} class="inline">
          <button type="submit">{tr("webhooks.rotate")}</button>
        </form>{" "}
        <form method="post" action={`${base}/delete`} class="inline">
          <button type="submit">{tr("webhooks.delete")}</button>
        </form>
      </div>
      <form method="post" action={base} class="card webhook-edit">
        <h2>{tr("webhooks.edit")}</h2>
        <FormError message={refused?.error} />
        <WebhookFields lang={page.lang} values={values} />
        <button type="submit">{tr("webhooks.save")}</button>
      </form>
      <h2>{tr("webhooks.deliveries")}</h2>
      <DeliveriesTable lang={page.lang} timeZone={page.timeZone} deliveries={deliveries} />
    </Layout>
  );
}
