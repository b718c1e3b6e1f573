/**
 * The message's tags: each with its "remove", a field to add one (an
 * existing tag or a new name; `l` focuses it), and the suggestions with
 * one-click accept and reject. Plain forms; htmx posts them the same way.
 */
import { translator, type Lang, type MessageKey } from "../../src/i18n/messages.ts";
import { en } from "../../src/i18n/en.ts";
import type { OpenSuggestion, TagChip } from "../../src/inbox/message-tags.ts";
import type { TagColour } from "../../src/tags/tag-name.ts";

export const tagClass = (colour: TagColour | null) => (colour ? `tag tag-c-${colour}` : "tag");

/** A suggestion's reason in words; null for a code this version does not know. */
export function tagReasonText(lang: Lang, reason: OpenSuggestion["reason"]): string | null {
  if (!reason) return null;
  const key = `reason.${reason.code}`;
  return Object.hasOwn(en, key) ? translator(lang)(key as MessageKey, reason.vars) : null;
}

export function TagChips({ tags }: { tags: TagChip[] }) {
  return (
    <>
      {tags.map((tag) => (
        <span class={tagClass(tag.colour)} data-tag-id={tag.id}>
          {tag.name}
        </span>
      ))}
    </>
  );
}

function TagForm({ url, op, tagId, label, text, className }: { url: string; op: string; tagId: string; label: string; text: string; className?: string }) {
  return (
    <form method="post" action={url} hx-post={url}>
      <input type="hidden" name="op" value={op} />
      <input type="hidden" name="tagId" value={tagId} />
      <button type="submit" class={className} aria-label={label} title={label}>
        {text}
      </button>
    </form>
  );
}

export function MessageTags({
  lang,
  messageId,
  tags,
  allTags,
  suggestions,
  inList,
}: {
  lang: Lang;
  messageId: string;
  tags: TagChip[];
  allTags: TagChip[];
  suggestions: OpenSuggestion[];
  /** The page's `?list=…` (or empty), kept through the forms. */
  inList: string;
}) {
  const tr = translator(lang);
  const url = `/messages/${messageId}/tags${inList}`;
  return (
    <section class="mh-tag-box" id="tags" aria-labelledby="tags-title">
      <h2 id="tags-title" class="mh-vh">
        {tr("message.tags")}
      </h2>
      {tags.length > 0 && (
        <ul class="tag-list mh-tags" aria-label={tr("message.tags")}>
          {tags.map((tag) => (
            <li class={tagClass(tag.colour)} data-tag-id={tag.id}>
              <span>{tag.name}</span>
              <TagForm url={url} op="remove" tagId={tag.id} label={tr("tags.removeFrom", { name: tag.name })} text="×" className="tag-remove" />
            </li>
          ))}
        </ul>
      )}
      {suggestions.length > 0 && (
        <fieldset class="tag-suggestions">
          <legend class="hint">{tr("tags.suggestions")}</legend>
          {suggestions.map((suggestion) => {
            const reason = tagReasonText(lang, suggestion.reason);
            return (
              <span class="tag-suggestion" data-suggested-tag={suggestion.id}>
                <span class={tagClass(suggestion.colour)}>
                  {suggestion.name} <span class="hint">{Math.round(suggestion.confidence * 100)} %</span>
                </span>
                {reason && <span class="hint"> {reason}</span>}{" "}
                <TagForm url={url} op="accept" tagId={suggestion.id} label={tr("tags.accept", { name: suggestion.name })} text={tr("tags.acceptShort")} />{" "}
                <TagForm url={url} op="reject" tagId={suggestion.id} label={tr("tags.reject", { name: suggestion.name })} text={tr("tags.rejectShort")} />
              </span>
            );
          })}
        </fieldset>
      )}
      <form class="tag-add" method="post" action={url} hx-post={url}>
        <input type="hidden" name="op" value="add" />
        <label>
          {tr("tags.add")}
          <input id="tag-input" name="name" aria-keyshortcuts="l" list="tag-names" maxlength={60} autocomplete="off" required />
        </label>
        <datalist id="tag-names">
          {allTags.map((tag) => (
            <option value={tag.name} />
          ))}
        </datalist>
        <button type="submit">{tr("tags.addButton")}</button>
        <a href="/tags" class="hint">
          {tr("tags.manage")}
        </a>
      </form>
    </section>
  );
}
