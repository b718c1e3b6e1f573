/**
 * A mail's plain text as the message page and the conversation page show it:
 * escaped, web and mail addresses as links that open without an opener, and
 * in a conversation its quoted parts folded away (src/mail/render/quoted-text.ts).
 */
import { translator, type Lang } from "../../src/i18n/messages.ts";
import { linkifyText } from "../../src/mail/render/plain-text.ts";
import type { TextBlock } from "../../src/mail/render/quoted-text.ts";

export function MessageText({ text, class: className = "mh-text" }: { text: string; class?: string }) {
  return (
    <pre class={className}>
      {linkifyText(text).map((segment) =>
        "href" in segment ? (
          <a href={segment.href} target="_blank" rel="noopener noreferrer" title={segment.href}>
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </pre>
  );
}

/** The writer's own text open, each quoted block in a closed <details>. */
export function QuotedMessageText({ lang, blocks }: { lang: Lang; blocks: TextBlock[] }) {
  const tr = translator(lang);
  return (
    <>
      {blocks.map((block) =>
        block.quoted ? (
          <details class="mh-quote">
            <summary>{tr("thread.quote.show")}</summary>
            <MessageText text={block.text} class="mh-text mh-quoted" />
          </details>
        ) : (
          <MessageText text={block.text} />
        ),
      )}
    </>
  );
}
