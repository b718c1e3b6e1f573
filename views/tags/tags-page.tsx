/**
 * The tags page: every tag with its colour and message count, and forms to
 * create, rename, recolour, merge and delete. Plain forms that work without
 * JavaScript; each answers with this page and a notice.
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import type { Tag } from "../../src/tags/store.ts";
import { TAG_COLOURS, type TagColour } from "../../src/tags/tag-name.ts";
import { TAG_NAME_MAX_CHARS } from "../../src/tags/limits.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";
import { tagClass } from "../messages/message-tags.tsx";
import type { NameSuggestion } from "../../src/tags/name-queue.ts";
import { NameSuggestions } from "./name-suggestions.tsx";

function ColourSelect({ lang, id, value }: { lang: Lang; id: string; value: TagColour | null }) {
  const tr = translator(lang);
  return (
    <select id={id} name="colour">
      <option value="" selected={value === null}>
        {tr("tags.colour.none")}
      </option>
      {TAG_COLOURS.map((colour) => (
        <option value={colour} selected={value === colour}>
          {tr(`tags.colour.${colour}`)}
        </option>
      ))}
    </select>
  );
}

function TagRow({ lang, tag, tags }: { lang: Lang; tag: Tag; tags: Tag[] }) {
  const tr = translator(lang);
  const others = tags.filter((other) => other.id !== tag.id);
  return (
    <li class="card tag-row" data-tag-id={tag.id}>
      <p>
        <span class={tagClass(tag.colour)}>{tag.name}</span>{" "}
        <a href={`/messages?tag=${tag.id}`}>
          {tr("tags.show")} ({tag.messages})
        </a>
      </p>
      <form method="post" action={`/tags/${tag.id}`} class="tag-add">
        <label for={`name-${tag.id}`}>{tr("tags.name")}</label>
        <input id={`name-${tag.id}`} name="name" value={tag.name} maxlength={TAG_NAME_MAX_CHARS} required />
        <label for={`colour-${tag.id}`}>{tr("tags.colour")}</label>
        <ColourSelect lang={lang} id={`colour-${tag.id}`} value={tag.colour} />
        <button type="submit">{tr("tags.save")}</button>
      </form>
      <div class="tag-add">
        {others.length > 0 && (
          <form method="post" action={`/tags/${tag.id}/merge`} hx-post={`/tags/${tag.id}/merge`} hx-confirm={tr("tags.confirmMerge")}>
            <label>
              {tr("tags.mergeInto")}{" "}
              <select name="into">
                {others.map((other) => (
                  <option value={other.id}>{other.name}</option>
                ))}
              </select>
            </label>{" "}
            <button type="submit">{tr("tags.merge")}</button>
          </form>
        )}
        <form method="post" action={`/tags/${tag.id}/delete`} hx-post={`/tags/${tag.id}/delete`} hx-confirm={tr("tags.confirmDelete")}>
          <button type="submit">{tr("tags.delete")}</button>
        </form>
      </div>
    </li>
  );
}

export function TagsPage({ page, tags, suggestions = [], notice, error }: { page: PageContext; tags: Tag[]; suggestions?: NameSuggestion[]; notice?: string; error?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("tags.title")}>
      <h1>{tr("tags.title")}</h1>
      <p>{tr("tags.intro")}</p>
      <p>
        <a href="/tags/keywords">{tr("tags.keywordsLink")}</a>
      </p>
      {notice && <Notice>{notice}</Notice>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/tags" class="card tag-add">
        <label for="name-new">{tr("tags.name")}</label>
        <input id="name-new" name="name" maxlength={TAG_NAME_MAX_CHARS} required />
        <label for="colour-new">{tr("tags.colour")}</label>
        <ColourSelect lang={page.lang} id="colour-new" value={null} />
        <button type="submit">{tr("tags.create")}</button>
      </form>
      <NameSuggestions lang={page.lang} suggestions={suggestions} tags={tags} />
      {tags.length === 0 ? (
        <p class="empty">{tr("tags.none")}</p>
      ) : (
        <ul class="tag-rows">
          {tags.map((tag) => (
            <TagRow lang={page.lang} tag={tag} tags={tags} />
          ))}
        </ul>
      )}
    </Layout>
  );
}
