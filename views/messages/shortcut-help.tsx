/** The keyboard shortcut help: a native <dialog> (focus trapped, Escape closes), opened with "?" or its button. */
import type { Lang, MessageKey } from "../../src/i18n/messages.ts";
import { LANGS, translator } from "../../src/i18n/messages.ts";
import { raw } from "hono/html";
import { memo } from "../memo.ts";

type Shortcuts = [keys: string[], what: MessageKey][];

/** Keys and what they do, on the list and on a message; the script (views/static/message-list.js) implements the same lists. */
export const SHORTCUTS: Record<"list" | "message", Shortcuts> = {
  list: [
    [["j"], "list.shortcuts.next"],
    [["k"], "list.shortcuts.previous"],
    [["o", "Enter"], "list.shortcuts.open"],
    [["x"], "list.shortcuts.select"],
    [["e"], "actions.shortcut.archive"],
    [["d"], "list.shortcuts.done"],
    [["!"], "actions.shortcut.spam"],
    [["b"], "actions.shortcut.snooze"],
    [["#"], "list.shortcuts.trash"],
    [["l"], "tags.shortcut"],
    [["z"], "actions.shortcut.undo"],
    [["c"], "compose.shortcut.compose"],
    [["?"], "list.shortcuts.help"],
  ],
  message: [
    [["e"], "actions.archive"],
    [["d"], "actions.shortcut.doneMessage"],
    [["!"], "actions.shortcut.spam"],
    [["s"], "actions.shortcut.snooze"],
    [["l"], "tags.shortcut"],
    [["z"], "actions.shortcut.undo"],
    [["r"], "compose.shortcut.reply"],
    [["a"], "compose.shortcut.replyAll"],
    [["f"], "compose.shortcut.forward"],
    [["c"], "compose.shortcut.compose"],
    [["?"], "list.shortcuts.help"],
  ],
};

/** The same for every page of a kind in a language: rendered once per language and kind. */
export function ShortcutHelp({ lang, on = "list" }: { lang: Lang; on?: keyof typeof SHORTCUTS }) {
  return renderedHelp(lang, on);
}

const renderedHelp = memo(
  2 * LANGS.length,
  (lang: Lang, on: keyof typeof SHORTCUTS) => `${lang}:${on}`,
  (lang: Lang, on: keyof typeof SHORTCUTS) => raw(String(<ShortcutDialog lang={lang} shortcuts={SHORTCUTS[on]} />)),
);

function ShortcutDialog({ lang, shortcuts }: { lang: Lang; shortcuts: Shortcuts }) {
  const tr = translator(lang);
  return (
    <dialog id="shortcut-help" aria-labelledby="shortcut-help-title">
      <h2 id="shortcut-help-title">{tr("list.shortcuts.title")}</h2>
      <dl class="shortcuts">
        {shortcuts.map(([keys, what]) => (
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
