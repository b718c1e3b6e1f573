/**
 * "Absender als VIP" on the message page: one POST form (with or without
 * htmx, like the page's actions) that adds the sender's address, or takes
 * it off again. A sender that is a VIP through its domain links to the
 * list instead: one click on a message should not drop a whole domain.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { VipSender } from "../../src/senders/vip.ts";

export interface VipSenderState {
  /** The most specific entry covering the sender, or null when none does. */
  entry: VipSender | null;
}

export function VipSenderControl({ lang, messageId, state }: { lang: Lang; messageId: string; state: VipSenderState }) {
  const tr = translator(lang);
  const url = `/messages/${messageId}/vip`;
  const { entry } = state;
  if (entry?.kind === "domain") {
    return (
      <p class="mh-vip">
        <span class="mh-badge mh-vip-badge">{tr("vip.badge")}</span> <a href="/settings/vip-senders">{tr("vip.byDomain", { domain: entry.value })}</a>
      </p>
    );
  }
  return (
    <form class="mh-vip" method="post" action={url} hx-post={url}>
      {entry && <span class="mh-badge mh-vip-badge">{tr("vip.badge")}</span>} <input type="hidden" name="vip" value={entry ? "off" : "on"} />
      <button type="submit">{tr(entry ? "vip.unmark" : "vip.mark")}</button>
    </form>
  );
}
