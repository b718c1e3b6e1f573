/**
 * The newsletter overview: senders by volume, how many of their messages
 * were opened, the last one's date; per sender "Abbestellen" (through its
 * newest message) and "Immer archivieren". Cards rather than a table, so a
 * phone shows them without scrolling sideways.
 */
import { raw } from "hono/html";
import { translator } from "../../src/i18n/messages.ts";
import type { NewsletterSender } from "../../src/inbox/newsletters.ts";
import { Notice } from "../components.tsx";
import { formatCount, formatDateTime } from "../format.ts";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

const STYLE = `
.newsletter-senders { list-style: none; padding: 0; display: grid; gap: .75rem; }
.newsletter-senders li { margin: 0; }
.newsletter-senders h2 { font-size: 1rem; margin: 0 0 .25rem; overflow-wrap: anywhere; }
.newsletter-facts { margin: 0 0 .5rem; }
.newsletter-choices { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.newsletter-choices form { margin: 0; }
`;

export function NewslettersPage({ page, senders, notice }: { page: PageContext; senders: NewsletterSender[]; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("newsletters.title")}>
      <style nonce={page.nonce}>{raw(STYLE)}</style>
      <h1>{tr("newsletters.title")}</h1>
      <p class="hint">{tr("newsletters.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {senders.length === 0 ? (
        <p class="empty">{tr("newsletters.empty")}</p>
      ) : (
        <ul class="newsletter-senders">
          {senders.map((sender, index) => (
            <li class="card" data-sender={sender.key}>
              <h2 id={`sender-${index}`}>{sender.sender}</h2>
              <p class="newsletter-facts">
                {tr("newsletters.facts", {
                  messages: formatCount(sender.messages, page.lang),
                  opened: formatCount(sender.opened, page.lang),
                  last: formatDateTime(sender.last, page.lang, page.timeZone),
                })}
              </p>
              <div class="newsletter-choices">
                {sender.unsubscribedAt ? (
                  <span class="badge unsubscribed">{tr("newsletters.unsubscribedAt", { date: formatDateTime(sender.unsubscribedAt, page.lang, page.timeZone) })}</span>
                ) : (
                  <form method="post" action={`/messages/${sender.latestMessageId}/unsubscribe`}>
                    <input type="hidden" name="back" value="newsletters" />
                    <button type="submit" aria-describedby={`sender-${index}`}>
                      {tr("unsubscribe.button")}
                    </button>
                  </form>
                )}
                <form method="post" action="/newsletters/always-archive">
                  <input type="hidden" name="sender" value={sender.key} />
                  <input type="hidden" name="on" value={sender.alwaysArchive ? "no" : "yes"} />
                  <button type="submit" aria-describedby={`sender-${index}`} aria-pressed={sender.alwaysArchive ? "true" : "false"}>
                    {tr("newsletters.alwaysArchive")}
                  </button>
                </form>
                {sender.alwaysArchive && <span class="hint">{tr("newsletters.alwaysArchiveOn")}</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
