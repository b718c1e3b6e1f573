/**
 * The compose form: new message, reply, reply all, forward, or a draft
 * continued. A plain form: "Senden" posts it (with its files) to
 * /compose/send, "Entwurf speichern" to /compose/drafts; both work without
 * JavaScript. With htmx the draft is also saved two seconds after typing
 * stops (the autosave element outside the form posts the form's text fields,
 * never its files), and the address fields offer completions from the
 * user's correspondence; views/static/compose.js saves once more on leaving.
 */
import { translator } from "../../src/i18n/messages.ts";
import type { AttachmentInfo } from "../../src/inbox/attachments.ts";
import type { ComposeMode, DraftContent } from "../../src/mail/compose/drafts.ts";
import { MAX_COMPOSE_ATTACHMENT_BYTES } from "../../src/mail/compose/limits.ts";
import type { SenderAccount } from "../../src/mail/compose/own-addresses.ts";
import { assetUrls } from "../assets.ts";
import { FormError, Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { DraftStatus } from "./draft-status.tsx";

export interface ComposeValues extends DraftContent {
  draftId: string | null;
  replyToMessageId: string | null;
  forwardOfMessageId: string | null;
}

const megabytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} MB`;

function AddressField({ page, name, value, autofocus }: { page: PageContext; name: "to" | "cc" | "bcc"; value: string; autofocus?: boolean }) {
  const tr = translator(page.lang);
  return (
    <div class="field">
      <label for={`compose-${name}`}>{tr(`compose.${name}`)}</label>
      <input
        id={`compose-${name}`}
        name={name}
        type="text"
        value={value}
        list={`${name}-suggestions`}
        autocomplete="off"
        autofocus={autofocus}
        spellcheck={false}
        hx-get="/compose/addresses"
        hx-trigger="input changed delay:300ms"
        hx-target={`#${name}-suggestions`}
        hx-swap="outerHTML"
        hx-vals={JSON.stringify({ field: name })}
      />
      <datalist id={`${name}-suggestions`} />
    </div>
  );
}

export function ComposePage({
  page,
  accounts,
  values,
  forwarded,
  error,
  errorLink,
  notice,
  savedAt,
}: {
  page: PageContext;
  accounts: SenderAccount[];
  values: ComposeValues;
  /** The original's attachments a forward sends along. */
  forwarded: AttachmentInfo[];
  error?: string;
  /** Where the error is put right (no SMTP settings: the account page), shown after the message. */
  errorLink?: { href: string; label: string };
  notice?: string;
  savedAt?: Date;
}) {
  const tr = translator(page.lang);
  const title = tr(`compose.title.${values.mode satisfies ComposeMode}`);
  return (
    <Layout page={page} title={title}>
      <link rel="stylesheet" href={assetUrls.composeStyles} />
      <h1>{title}</h1>
      {notice && <Notice>{notice}</Notice>}
      {error && errorLink ? (
        <div class="form-error" role="alert">
          {error} <a href={errorLink.href}>{errorLink.label}</a>
        </div>
      ) : (
        <FormError message={error} />
      )}
      <section class="card mh-compose">
        <form id="compose-form" method="post" action="/compose/send" enctype="multipart/form-data">
          <input type="hidden" name="mode" value={values.mode} />
          {values.replyToMessageId && <input type="hidden" name="replyToMessageId" value={values.replyToMessageId} />}
          {values.forwardOfMessageId && <input type="hidden" name="forwardOfMessageId" value={values.forwardOfMessageId} />}
          <div class="field">
            <label for="compose-from">{tr("compose.from")}</label>
            <select id="compose-from" name="accountId">
              {accounts.map((account) => (
                <option value={account.accountId} selected={account.accountId === values.accountId}>
                  {account.address ? `${account.label} <${account.address}>` : account.label}
                </option>
              ))}
            </select>
          </div>
          <AddressField page={page} name="to" value={values.to} autofocus={values.mode === "new" || values.mode === "forward"} />
          <AddressField page={page} name="cc" value={values.cc} />
          <AddressField page={page} name="bcc" value={values.bcc} />
          <div class="field">
            <label for="compose-subject">{tr("compose.subject")}</label>
            <input id="compose-subject" name="subject" type="text" value={values.subject} maxlength={998} />
          </div>
          <div class="field">
            <label for="compose-body">{tr("compose.body")}</label>
            <textarea id="compose-body" name="body" rows={16} aria-describedby="compose-body-hint" autofocus={values.mode === "reply" || values.mode === "reply_all"}>
              {/* The browser drops a newline right after <textarea>: one is added for it to drop, so a reply's blank lines stay. */}
              {`\n${values.body}`}
            </textarea>
            <small id="compose-body-hint" class="hint">
              {tr("compose.formattingHint")}
            </small>
          </div>
          {forwarded.length > 0 && (
            <div class="field mh-forwarded">
              <p>{tr("compose.forwardedAttachments")}</p>
              <ul>
                {forwarded.map((attachment) => (
                  <li>{attachment.filename ?? attachment.contentType}</li>
                ))}
              </ul>
            </div>
          )}
          <div class="field">
            <label for="compose-files">{tr("compose.attachments")}</label>
            <input id="compose-files" name="files" type="file" multiple aria-describedby="compose-files-hint" />
            <small id="compose-files-hint" class="hint">
              {tr("compose.attachmentsHint", { size: megabytes(MAX_COMPOSE_ATTACHMENT_BYTES) })}
            </small>
          </div>
          <div class="mh-compose-buttons">
            <button type="submit">{tr("compose.send")}</button>
            <button type="submit" formaction="/compose/drafts" formenctype="application/x-www-form-urlencoded" class="secondary">
              {tr("compose.saveDraft")}
            </button>
          </div>
        </form>
        <div
          id="draft-autosave"
          hx-post="/compose/drafts"
          hx-trigger="input delay:2s from:#compose-form, change delay:2s from:#compose-form"
          hx-include="#compose-form input:not([type=file]), #compose-form select, #compose-form textarea, #draft-status input"
          hx-target="#draft-status"
          hx-swap="outerHTML"
        />
        <DraftStatus lang={page.lang} timeZone={page.timeZone} draftId={values.draftId} savedAt={savedAt} />
        {values.draftId && (
          <form method="post" action={`/drafts/${values.draftId}/delete`} class="mh-compose-discard">
            <button type="submit" class="secondary">
              {tr("compose.discard")}
            </button>
          </form>
        )}
      </section>
      <script src={assetUrls.composeScript} nonce={page.nonce} defer></script>
    </Layout>
  );
}
