/**
 * "Schlagwörter auf dem Server": per mailbox, the IMAP keywords its
 * messages carry on the server, how many messages carry each, and the tag
 * each stands for here. Read only: tags are changed on /tags.
 */
import { translator } from "../../src/i18n/messages.ts";
import type { AccountKeywords } from "../../src/tags/keyword-overview.ts";
import { DataTable } from "../data-table.tsx";
import { Layout } from "../layout.tsx";
import { tagClass } from "../messages/message-tags.tsx";
import type { PageContext } from "../page.ts";

export function KeywordsPage({ page, accounts }: { page: PageContext; accounts: AccountKeywords[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("keywords.title")}>
      <h1>{tr("keywords.title")}</h1>
      <p>{tr("keywords.intro")}</p>
      <p>
        <a href="/tags">{tr("keywords.back")}</a>
      </p>
      {accounts.length === 0 && <p class="empty">{tr("keywords.noAccounts")}</p>}
      {accounts.map((account) => (
        <section class="card keyword-account" data-account-id={account.accountId} aria-labelledby={`keywords-${account.accountId}`}>
          <h2 id={`keywords-${account.accountId}`}>{account.label}</h2>
          {account.refusingFolders.length > 0 && <p class="hint">{tr("keywords.refused", { folders: account.refusingFolders.join(", ") })}</p>}
          <DataTable
            class="keywords"
            caption={tr("keywords.caption", { account: account.label })}
            columns={[tr("keywords.col.keyword"), tr("keywords.col.messages"), tr("keywords.col.tag")]}
            rows={account.keywords}
            row={(entry) => (
              <tr data-keyword={entry.keyword}>
                <td class="keyword">
                  <code>{entry.keyword}</code>
                </td>
                <td class="count" data-count={entry.messages}>
                  {tr("keywords.count", { count: String(entry.messages) })}
                </td>
                <td class="tag">
                  {entry.tag ? (
                    <a href={`/messages?tag=${entry.tag.id}`} class={tagClass(entry.tag.colour)}>
                      {entry.tag.name}
                    </a>
                  ) : (
                    <span class="hint">{entry.system ? tr("keywords.system") : tr("keywords.noTag")}</span>
                  )}
                </td>
              </tr>
            )}
            empty={tr("keywords.none")}
          />
        </section>
      ))}
    </Layout>
  );
}
