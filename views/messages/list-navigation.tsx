/**
 * On the message page: back to the list it was opened from, and the messages
 * either side in that list. Keys (views/static/message-page.js): j or n the
 * next, k or p the previous, u back to the list.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";

export interface ListNavigation {
  back: string;
  previous: { href: string; subject: string | null } | null;
  next: { href: string; subject: string | null } | null;
}

export function ListNavigationBar({ lang, navigation }: { lang: Lang; navigation: ListNavigation }) {
  const tr = translator(lang);
  const title = (subject: string | null) => (subject === null ? undefined : subject || tr("message.noSubject"));
  return (
    <nav class="mh-list-nav" aria-label={tr("message.list.navigation")}>
      <a id="list-back" href={navigation.back} aria-keyshortcuts="u">
        {tr("message.list.back")}
      </a>
      <span class="mh-list-steps">
        {navigation.previous ? (
          <a id="list-previous" href={navigation.previous.href} rel="prev" aria-keyshortcuts="k p" title={title(navigation.previous.subject)}>
            {tr("message.list.previous")}
          </a>
        ) : (
          <span class="hint">{tr("message.list.previous")}</span>
        )}
        {navigation.next ? (
          <a id="list-next" href={navigation.next.href} rel="next" aria-keyshortcuts="j n" title={title(navigation.next.subject)}>
            {tr("message.list.next")}
          </a>
        ) : (
          <span class="hint">{tr("message.list.next")}</span>
        )}
      </span>
      <small class="hint mh-list-keys">{tr("message.list.keys")}</small>
    </nav>
  );
}

/** Its styles, added to the message page's style element. */
export const LIST_NAVIGATION_STYLE = `
.mh-list-nav { display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; align-items: baseline; margin: 0 0 .5rem; }
.mh-list-steps { display: inline-flex; gap: 1rem; }
.mh-list-keys { flex-basis: 100%; }
`;
