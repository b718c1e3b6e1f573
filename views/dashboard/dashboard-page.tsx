/**
 * The dashboard: a selector (account, open/done), the 3×3 matrix as a real
 * table (urgency rows high → low, importance columns low → high, cells
 * coloured by traffic light), the traffic-light totals and the count of
 * messages not analysed yet. Every number is a link to the filtered list.
 */
import { RuleSwitchNotices, type NamedSwitchNotice } from "../rules/rule-precision.tsx";
import type { MessageKey } from "../../src/i18n/en.ts";
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { MailAccount } from "../../src/mail/accounts/store.ts";
import { formatCount } from "../format.ts";
import { Layout } from "../layout.tsx";
import { MatrixTable } from "../matrix-table.tsx";
import type { PageContext } from "../page.ts";
import { StatusCard } from "./status.tsx";
import { DONE_STATES, LIGHTS, type DashboardCounts, type DashboardFilter } from "../../src/inbox/dashboard.ts";
import { dashboardUrl, messagesUrl } from "../../src/inbox/dashboard-links.ts";

interface DashboardProps {
  lang: Lang;
  counts: DashboardCounts;
  filter: DashboardFilter;
  accounts: MailAccount[];
}

function FilterLinks({ label, links }: { label: string; links: { href: string; text: string; current: boolean }[] }) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of links, not form controls: a fieldset would announce a form group
    <div class="filter-group" role="group" aria-label={label}>
      <span class="filter-label" aria-hidden="true">
        {label}
      </span>
      {links.map((link) => (
        <a href={link.href} aria-current={link.current ? "true" : undefined}>
          {link.text}
        </a>
      ))}
    </div>
  );
}

/** Account and open/done; htmx swaps only #dashboard, and without JavaScript these are plain links. */
function DashboardSelector({ lang, filter, accounts }: Omit<DashboardProps, "counts">) {
  const tr = translator(lang);
  const accountLinks = [
    { href: dashboardUrl({ done: filter.done }), text: tr("dashboard.filter.allAccounts"), current: !filter.accountId },
    ...accounts.map((account) => ({ href: dashboardUrl({ done: filter.done, accountId: account.id }), text: account.label, current: account.id === filter.accountId })),
  ];
  const doneLinks = DONE_STATES.map((done) => ({ href: dashboardUrl({ done, accountId: filter.accountId }), text: tr(`dashboard.done.${done}`), current: done === filter.done }));
  return (
    <nav class="dashboard-filter" aria-label={tr("dashboard.filter.label")} hx-boost="true" hx-target="#dashboard" hx-select="#dashboard" hx-swap="outerHTML">
      <FilterLinks label={tr("dashboard.filter.account")} links={accountLinks} />
      <FilterLinks label={tr("dashboard.filter.state")} links={doneLinks} />
    </nav>
  );
}

function Matrix({ lang, counts, filter }: Omit<DashboardProps, "accounts">) {
  const tr = translator(lang);
  const level = (value: number) => tr(`dashboard.level.${value}` as MessageKey);
  return (
    <MatrixTable
      class="matrix"
      caption={tr("dashboard.matrix.caption")}
      corner={
        <td class="corner">
          <span class="axis-urgency">{tr("dashboard.urgency")} ↓</span> <span class="axis-importance">{tr("dashboard.importance")} →</span>
        </td>
      }
      columnLabel={(importance) => tr("dashboard.importanceLevel", { level: level(importance) })}
      rowLabel={(urgency) => tr("dashboard.urgencyLevel", { level: level(urgency) })}
      cell={(urgency, importance) => {
        const cell = counts.cells.find((entry) => entry.urgency === urgency && entry.importance === importance)!;
        return (
          <td class={`light-${cell.light}`} data-cell={`${cell.urgency},${cell.importance}`} data-count={cell.count}>
            <a
              href={messagesUrl(filter, { cell: [cell.urgency, cell.importance] })}
              aria-label={tr("dashboard.cellLabel", {
                count: formatCount(cell.count, lang),
                urgency: level(cell.urgency),
                importance: level(cell.importance),
                light: tr(`dashboard.light.${cell.light}`),
              })}
            >
              {formatCount(cell.count, lang)}
            </a>
          </td>
        );
      }}
    />
  );
}

function LightTotals({ lang, counts, filter }: Omit<DashboardProps, "accounts">) {
  const tr = translator(lang);
  return (
    <section class="light-totals" aria-labelledby="lights-title">
      <h3 id="lights-title">{tr("dashboard.lights.title")}</h3>
      <ul>
        {LIGHTS.map((light) => (
          <li class={`light-${light}`} data-light={light} data-count={counts.lights[light]}>
            <span class="light-name">{tr(`dashboard.light.${light}`)}</span>{" "}
            <a href={messagesUrl(filter, { light })} aria-label={tr("dashboard.lightLabel", { count: formatCount(counts.lights[light], lang), light: tr(`dashboard.light.${light}`) })}>
              {formatCount(counts.lights[light], lang)}
            </a>
          </li>
        ))}
      </ul>
      <p class="not-analysed" data-count={counts.notAnalysed}>
        {tr("dashboard.notAnalysed", { count: formatCount(counts.notAnalysed, lang) })}
      </p>
    </section>
  );
}

/** The part htmx swaps when the selector changes. */
export function DashboardPanel(props: DashboardProps) {
  const tr = translator(props.lang);
  return (
    <section id="dashboard" class="card dashboard" aria-labelledby="dashboard-title" data-account={props.filter.accountId ?? ""} data-done={props.filter.done}>
      <h2 id="dashboard-title">{tr("dashboard.title")}</h2>
      <DashboardSelector lang={props.lang} filter={props.filter} accounts={props.accounts} />
      {props.accounts.length === 0 && <p class="muted">{tr("dashboard.noAccounts")}</p>}
      <div class="dashboard-body">
        <Matrix lang={props.lang} counts={props.counts} filter={props.filter} />
        <LightTotals lang={props.lang} counts={props.counts} filter={props.filter} />
      </div>
    </section>
  );
}

/** The signed-in home page: greeting, dashboard, and for administrators the system status card (which loads itself through htmx). */
export function DashboardPage({ page, ruleNotices = [], ...props }: DashboardProps & { page: PageContext; ruleNotices?: NamedSwitchNotice[] }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("home.title")}>
      <h1>{tr("home.welcome", { name: page.user?.displayName || page.user?.email || "" })}</h1>
      <RuleSwitchNotices lang={page.lang} notices={ruleNotices} />
      <DashboardPanel {...props} />
      {page.user?.role === "admin" && <StatusCard lang={page.lang} timeZone={page.timeZone} />}
    </Layout>
  );
}
