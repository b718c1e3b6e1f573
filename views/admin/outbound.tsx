import { translator } from "../../src/i18n/messages.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { AdminNav } from "./nav.tsx";

export interface OutboundPageProps {
  page: PageContext;
  /** The list as the textarea shows it: the stored entries, or what was typed when it was refused. */
  text: string;
  saved?: boolean;
  invalid?: string[];
}

/** The administrator's exceptions to the outbound policy. */
export function OutboundPage({ page, text, saved, invalid }: OutboundPageProps) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("admin.outbound")}>
      <h1>{tr("nav.admin")}</h1>
      <AdminNav page={page} />
      <section class="card">
        <h2>{tr("admin.outbound")}</h2>
        <p>{tr("outbound.intro")}</p>
        {saved && (
          <p class="notice" role="status">
            {tr("outbound.saved")}
          </p>
        )}
        {invalid && (
          <div class="form-error" role="alert" data-invalid-lines={String(invalid.length)}>
            {tr("outbound.invalid", { lines: invalid.join(", ") })}
          </div>
        )}
        <form method="post" action="/admin/outbound">
          <div class="field wide">
            <label for="targets">{tr("outbound.field")}</label>
            <textarea id="targets" name="targets" rows={8} spellcheck={false} aria-describedby="targets-hint" aria-invalid={invalid ? "true" : undefined} placeholder="127.0.0.1:11434">
              {text}
            </textarea>
            <small id="targets-hint" class="hint">
              {tr("outbound.hint")}
            </small>
          </div>
          {!text.trim() && <p class="hint">{tr("outbound.none")}</p>}
          <button type="submit">{tr("outbound.save")}</button>
        </form>
      </section>
    </Layout>
  );
}
