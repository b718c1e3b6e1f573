/** The user's signature per mail account: one small form each (src/replies/signatures.ts). */
import { translator } from "../../src/i18n/messages.ts";
import { type AccountSignature, MAX_SIGNATURE_CHARS } from "../../src/replies/signatures.ts";
import { Notice } from "../components.tsx";
import { Layout } from "../layout.tsx";
import type { PageContext } from "../page.ts";

export function SignaturesPage({ page, signatures, notice }: { page: PageContext; signatures: AccountSignature[]; notice?: string }) {
  const tr = translator(page.lang);
  return (
    <Layout page={page} title={tr("replies.signatures.title")}>
      <h1>{tr("replies.signatures.title")}</h1>
      <p>{tr("replies.signatures.intro")}</p>
      {notice && <Notice>{notice}</Notice>}
      {signatures.length === 0 && <p class="empty">{tr("replies.signatures.none")}</p>}
      {signatures.map((entry) => (
        <form method="post" action={`/settings/signatures/${entry.accountId}`} class="card mh-signature" id={`signature-${entry.accountId}`}>
          <label for={`signature-text-${entry.accountId}`}>{entry.label}</label>
          <textarea id={`signature-text-${entry.accountId}`} name="signature" rows={5} maxlength={MAX_SIGNATURE_CHARS} class="mh-reply-text">
            {entry.signature}
          </textarea>
          <button type="submit">{tr("replies.signatures.save")}</button>
        </form>
      ))}
    </Layout>
  );
}
