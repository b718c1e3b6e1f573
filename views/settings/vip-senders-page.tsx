/** The user's VIP and trusted senders (src/senders/vip.ts): the list with "remove" per entry, and a form to add one. */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { MAX_VIP_SENDERS, type VipSender } from "../../src/senders/vip.ts";
import { formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { DataTable } from "../data-table.tsx";
import { Field, FormError, Notice } from "../components.tsx";

export interface VipSendersProps {
  page: PageContext;
  senders: VipSender[];
  notice?: string;
  /** A refused submission: what was typed (kept) and why it was refused. */
  refused?: { value: string; kind: string; error: string };
}

export function VipSendersTable({ lang, timeZone, senders }: { lang: Lang; timeZone: string; senders: VipSender[] }) {
  const tr = translator(lang);
  return (
    <DataTable
      class="vip-senders"
      columns={[tr("vip.value"), tr("vip.kind"), tr("vip.added"), ""]}
      rows={senders}
      row={(sender) => (
        <tr data-vip-kind={sender.kind}>
          <td>{sender.value}</td>
          <td>{tr(`vip.kind.${sender.kind}`)}</td>
          <td>{formatDateTime(sender.createdAt, lang, timeZone)}</td>
          <td>
            <form method="post" action={`/settings/vip-senders/${sender.id}/remove`}>
              <button type="submit" aria-label={`${tr("vip.remove")}: ${sender.value}`}>
                {tr("vip.remove")}
              </button>
            </form>
          </td>
        </tr>
      )}
      empty={tr("vip.none")}
    />
  );
}

export function VipSendersPage({ page, senders, notice, refused }: VipSendersProps) {
  const tr = translator(page.lang);
  const kind = refused?.kind ?? "";
  return (
    <Layout page={page} title={tr("vip.title")}>
      <h1>{tr("vip.title")}</h1>
      <p>{tr("vip.intro")}</p>
      <p>
        <a href="/settings/senders">{tr("senders.link")}</a>
      </p>
      {notice && <Notice>{notice}</Notice>}
      <form method="post" action="/settings/vip-senders" class="card vip-add">
        <FormError message={refused?.error} />
        <Field label={tr("vip.value")} name="value" value={refused?.value} required maxlength={254} spellcheck={false} invalid={refused !== undefined} autocomplete="off" />
        <div class="field">
          <label for="kind">{tr("vip.kind")}</label>
          <select id="kind" name="kind">
            {(["", "address", "domain"] as const).map((option) => (
              <option value={option} selected={option === kind}>
                {tr(option ? `vip.kind.${option}` : "vip.kind.auto")}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{tr("vip.add")}</button>
        <small class="hint">{`${senders.length} / ${MAX_VIP_SENDERS}`}</small>
      </form>
      <VipSendersTable lang={page.lang} timeZone={page.timeZone} senders={senders} />
    </Layout>
  );
}
