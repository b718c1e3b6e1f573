/**
 * /settings/webhooks: the user's webhooks (src/webhooks/) as plain forms.
 * Registering and rotating answer with the hook's page showing the new
 * secret once (never in a URL, never again); other changes redirect back.
 * Another user's id answers 404.
 */
import type { Services } from "../../../services.ts";
import type { Context, Hono } from "hono";
import * as v from "valibot";
import { translator } from "../../../i18n/messages.ts";
import { listDeliveries } from "../../../webhooks/deliveries.ts";
import { MAX_WEBHOOK_NAME_CHARS, MAX_WEBHOOK_URL_CHARS, MAX_WEBHOOKS_PER_USER, WEBHOOK_EVENTS } from "../../../webhooks/limits.ts";
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, rotateWebhookSecret, updateWebhook, type Webhook, type WebhookRefusal } from "../../../webhooks/store.ts";
import { eventField, WebhookPage, WebhooksPage, type WebhookFormValues } from "../../../../views/settings/webhooks-page.tsx";
import type { AppEnv } from "../../env.ts";
import { AppError } from "../../errors.ts";
import { readForm } from "../../form.ts";
import { actingUser, navigate } from "../../middleware/auth.ts";
import { pageContext } from "../../page.ts";
import { requestDataKey } from "../../request.ts";

const NOTICES = { deleted: "webhooks.notice.deleted", saved: "webhooks.notice.saved", paused: "webhooks.notice.paused", resumed: "webhooks.notice.resumed" } as const;

const FormSchema = v.object({
  name: v.pipe(v.string(), v.trim(), v.maxLength(MAX_WEBHOOK_NAME_CHARS)),
  url: v.pipe(v.string(), v.trim(), v.maxLength(MAX_WEBHOOK_URL_CHARS)),
});

/** The form's values (kept when refused) and, if they are usable, none of the checks left to the store. */
function readWebhookForm(fields: Record<string, string | undefined>): WebhookFormValues {
  const parsed = v.safeParse(FormSchema, { name: fields.name ?? "", url: fields.url ?? "" });
  if (!parsed.success) throw new AppError("BAD_REQUEST", `name: at most ${MAX_WEBHOOK_NAME_CHARS} characters; url: at most ${MAX_WEBHOOK_URL_CHARS}`);
  return { ...parsed.output, events: WEBHOOK_EVENTS.filter((event) => fields[eventField(event)] !== undefined), includeText: fields.include_text !== undefined };
}

type Tr = ReturnType<typeof translator>;
function formError(tr: Tr, values: WebhookFormValues): string | undefined {
  if (!values.name) return tr("webhooks.error.name");
  if (!values.url) return tr("webhooks.error.invalid");
  if (values.events.length === 0) return tr("webhooks.error.events");
  return undefined;
}
const refusalText = (tr: Tr, refusal: WebhookRefusal) => (refusal.outcome === "full" ? tr("webhooks.error.full", { max: String(MAX_WEBHOOKS_PER_USER) }) : tr(`webhooks.error.${refusal.reason}`));

const notice = (c: Context<AppEnv>) => {
  const done = c.req.query("done");
  return done && Object.hasOwn(NOTICES, done) ? translator(c.get("lang"))(NOTICES[done as keyof typeof NOTICES]) : undefined;
};

export function registerWebhookSettings(app: Hono<AppEnv>, services: Services) {
  const { sql } = services;

  const ownHook = async (c: Context<AppEnv>): Promise<Webhook> => {
    const hook = await getWebhook(sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("webhookId") ?? "");
    if (!hook) throw new AppError("NOT_FOUND", "no such webhook");
    return hook;
  };

  const hookPage = async (c: Context<AppEnv>, hook: Webhook, extra: { secret?: string; refused?: { values: WebhookFormValues; error: string } } = {}, status: 200 | 201 | 400 = 200) => {
    const { deliveries } = await listDeliveries(sql, actingUser(c).id, hook.id);
    c.header("Cache-Control", "no-store");
    return c.html(<WebhookPage page={pageContext(c)} webhook={hook} deliveries={deliveries} notice={notice(c)} {...extra} />, status);
  };

  const listPage = async (c: Context<AppEnv>, refused?: { values: WebhookFormValues; error: string }, status: 200 | 400 | 409 = 200) => {
    const { webhooks } = await listWebhooks(sql, await requestDataKey(c, services), actingUser(c).id);
    c.header("Cache-Control", "no-store");
    return c.html(<WebhooksPage page={pageContext(c)} webhooks={webhooks} notice={notice(c)} refused={refused} />, status);
  };

  app.get("/settings/webhooks", (c) => listPage(c));

  app.post("/settings/webhooks", async (c) => {
    const tr = translator(c.get("lang"));
    const values = readWebhookForm(await readForm(c));
    const invalid = formError(tr, values);
    if (invalid) return await listPage(c, { values, error: invalid }, 400);
    const result = await createWebhook(sql, await requestDataKey(c, services), actingUser(c).id, values);
    if (result.outcome !== "created") return await listPage(c, { values, error: refusalText(tr, result) }, result.outcome === "full" ? 409 : 400);
    return await hookPage(c, result.webhook, { secret: result.secret }, 201);
  });

  app.get("/settings/webhooks/:webhookId", async (c) => await hookPage(c, await ownHook(c)));

  app.post("/settings/webhooks/:webhookId", async (c) => {
    const tr = translator(c.get("lang"));
    const hook = await ownHook(c);
    const values = readWebhookForm(await readForm(c));
    const invalid = formError(tr, values);
    if (invalid) return await hookPage(c, hook, { refused: { values, error: invalid } }, 400);
    const result = await updateWebhook(sql, await requestDataKey(c, services), actingUser(c).id, hook.id, { ...values, url: values.url === hook.url ? undefined : values.url });
    if (!result) throw new AppError("NOT_FOUND", "no such webhook");
    if (result.outcome !== "updated") return await hookPage(c, hook, { refused: { values, error: refusalText(tr, result) } }, 400);
    return navigate(c, `/settings/webhooks/${hook.id}?done=saved`);
  });

  for (const [action, enabled] of [
    ["pause", false],
    ["resume", true],
  ] as const) {
    app.post(`/settings/webhooks/:webhookId/${action}`, async (c) => {
      const result = await updateWebhook(sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("webhookId"), { enabled });
      if (!result || result.outcome !== "updated") throw new AppError("NOT_FOUND", "no such webhook");
      return navigate(c, `/settings/webhooks/${result.webhook.id}?done=${enabled ? "resumed" : "paused"}`);
    });
  }

  app.post("/settings/webhooks/:webhookId/rotate", async (c) => {
    const rotated = await rotateWebhookSecret(sql, await requestDataKey(c, services), actingUser(c).id, c.req.param("webhookId"));
    if (!rotated) throw new AppError("NOT_FOUND", "no such webhook");
    return await hookPage(c, rotated.webhook, { secret: rotated.secret });
  });

  app.post("/settings/webhooks/:webhookId/delete", async (c) => {
    if (!(await deleteWebhook(sql, actingUser(c).id, c.req.param("webhookId")))) throw new AppError("NOT_FOUND", "no such webhook");
    return navigate(c, "/settings/webhooks?done=deleted");
  });
}
