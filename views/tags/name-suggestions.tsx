/**
 * The review queue of suggested tag names on the tags page
 * (src/tags/name-queue.ts): each name with where it came from and how many
 * messages brought it, and forms to approve it (under the name in the
 * field: editing it renames), merge it into a tag, or reject it. Plain
 * forms that work without JavaScript; each answers with the tags page and
 * a notice.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { TAG_NAME_MAX_CHARS } from "../../src/tags/limits.ts";
import type { NameSuggestion } from "../../src/tags/name-queue.ts";
import type { Tag } from "../../src/tags/store.ts";

function SuggestionRow({ lang, suggestion, tags }: { lang: Lang; suggestion: NameSuggestion; tags: Tag[] }) {
  const tr = translator(lang);
  const base = `/tags/name-suggestions/${suggestion.id}`;
  return (
    <li class="card tag-row" data-name-suggestion-id={suggestion.id}>
      <p>
        <strong>{suggestion.name}</strong> {tr(`tagQueue.source.${suggestion.source}`)} · {tr("tagQueue.messages", { count: String(suggestion.messages) })}
      </p>
      <form method="post" action={`${base}/approve`} class="tag-add">
        <label for={`suggested-name-${suggestion.id}`}>{tr("tags.name")}</label>
        <input id={`suggested-name-${suggestion.id}`} name="name" value={suggestion.name} maxlength={TAG_NAME_MAX_CHARS} required />
        <button type="submit">{tr("tagQueue.approve")}</button>
      </form>
      <div class="tag-add">
        {tags.length > 0 && (
          <form method="post" action={`${base}/merge`}>
            <label>
              {tr("tagQueue.mergeInto")}{" "}
              <select name="into">
                {tags.map((tag) => (
                  <option value={tag.id}>{tag.name}</option>
                ))}
              </select>
            </label>{" "}
            <button type="submit">{tr("tagQueue.merge")}</button>
          </form>
        )}
        <form method="post" action={`${base}/reject`}>
          <button type="submit">{tr("tagQueue.reject")}</button>
        </form>
      </div>
    </li>
  );
}

/** Nothing when the queue is empty: the page stays as it was for someone with no suggestions. */
export function NameSuggestions({ lang, suggestions, tags }: { lang: Lang; suggestions: NameSuggestion[]; tags: Tag[] }) {
  if (suggestions.length === 0) return null;
  const tr = translator(lang);
  return (
    <section aria-labelledby="name-suggestions-title" class="name-suggestions">
      <h2 id="name-suggestions-title">
        {tr("tagQueue.title")} ({suggestions.length})
      </h2>
      <p>{tr("tagQueue.intro")}</p>
      <ul class="tag-rows">
        {suggestions.map((suggestion) => (
          <SuggestionRow lang={lang} suggestion={suggestion} tags={tags} />
        ))}
      </ul>
    </section>
  );
}
