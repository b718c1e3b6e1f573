/**
 * "Abbestellen" on a newsletter: the RFC 8058 one-click as a button (the
 * server POSTs), otherwise the sender's web page, opened deliberately (a
 * confirmation first, then a new tab without opener or referrer), and the
 * mail address to write to (sending comes with SMTP).
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { UnsubscribeOptions } from "../../src/mail/unsubscribe.ts";

/** The address of a mailto: URL and its subject, for showing; null when it names none. */
export function mailtoParts(mailto: string): { address: string; subject: string | null } | null {
  try {
    const url = new URL(mailto);
    const address = decodeURIComponent(url.pathname);
    return address ? { address, subject: url.searchParams.get("subject") } : null;
  } catch {
    return null;
  }
}

const hostOf = (link: string) => {
  try {
    return new URL(link).host;
  } catch {
    return link;
  }
};

/** The ways offered; `back` is where the result page links back to. Nothing when the message offers none. */
export function UnsubscribeControl({ lang, messageId, options, back }: { lang: Lang; messageId: string; options: UnsubscribeOptions; back?: "newsletters" }) {
  const tr = translator(lang);
  const mail = options.mailto ? mailtoParts(options.mailto) : null;
  if (!options.oneClick && !options.link && !mail) return null;
  return (
    <div class="mh-unsubscribe">
      {options.oneClick ? (
        <form method="post" action={`/messages/${messageId}/unsubscribe`}>
          {back && <input type="hidden" name="back" value={back} />}
          <button type="submit">{tr("unsubscribe.oneClick")}</button> <small class="hint">{tr("unsubscribe.oneClickHint")}</small>
        </form>
      ) : (
        options.link && <UnsubscribeLink lang={lang} link={options.link} />
      )}
      {!options.oneClick && mail && <UnsubscribeAddress lang={lang} mailto={options.mailto!} address={mail.address} subject={mail.subject} />}
    </div>
  );
}

/** The sender's page, behind a confirmation that says where it leads. */
export function UnsubscribeLink({ lang, link }: { lang: Lang; link: string }) {
  const tr = translator(lang);
  return (
    <details class="mh-unsubscribe-link">
      <summary>{tr("unsubscribe.open")}</summary>
      <p>{tr("unsubscribe.linkConfirm", { host: hostOf(link) })}</p>
      <a class="button" href={link} target="_blank" rel="noopener noreferrer">
        {tr("unsubscribe.linkGo")}
      </a>
    </details>
  );
}

export function UnsubscribeAddress({ lang, mailto, address, subject }: { lang: Lang; mailto: string; address: string; subject: string | null }) {
  const tr = translator(lang);
  return (
    <p class="mh-unsubscribe-mail">
      {tr("unsubscribe.byMail")} <a href={mailto}>{address}</a>
      {subject ? ` (${tr("unsubscribe.subject", { subject })})` : ""}
    </p>
  );
}
