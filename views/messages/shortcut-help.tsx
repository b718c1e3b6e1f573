/** The keyboard shortcut help: a native <dialog> (focus trapped, Escape closes), opened with "?" or its button. */
import type { Lang, MessageKey } from "../../src/i18n/messages.ts";
import { LANGS, translator } from "../../src/i18n/messages.ts";
import { raw } from "hono/html";
import { memo } from "../memo.ts";

/** Keys and what they do; the script (views/static/message-list.js) implements the same list. */
export const SHORTCUTS: [keys: string[], what: MessageKey][] = [
  [["j"], "list.shortcuts.next"],
  [["k"], "list.shortcuts.previous"],
  [["o", "Enter"], "list.shortcuts.open"],
  [["x"], "list.shortcuts.select"],
  [["e"], "list.shortcuts.done"],
  [["#"], "list.shortcuts.trash"],
  [["?"], "list.shortcuts.help"],
];

/** The same for every page in a language: rendered once per language. */
export function ShortcutHelp({ lang }: { lang: Lang }) {
  return renderedHelp(lang);
}

const renderedHelp = memo(
  LANGS.length,
  (lang: Lang) => lang,
  (lang: Lang) => raw(String(<ShortcutDialog lang={lang} />)),
);

function ShortcutDialog({ lang }: { lang: Lang }) {
  const tr = translator(lang);
  return (
    <dialog id="shortcut-help" aria-labelledby="shortcut-help-title">
      <h2 id="shortcut-help-title">{tr("list.shortcuts.title")}</h2>
      <dl class="shortcuts">
        {SHORTCUTS.map(([keys, what]) => (
          <>
            <dt>
              {keys.map((key, index) => (
                <>
                  {index > 0 && " / "}
                  <kbd>{key}</kbd>
                </>
              ))}
            </dt>
            <dd>{tr(what)}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit" autofocus>
          {tr("list.shortcuts.close")}
        </button>
      </form>
    </dialog>
  );
}
