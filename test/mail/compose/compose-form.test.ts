/** The compose form read into a draft and checked for sending, before the sending core. */
import { describe, expect, test } from "bun:test";
import { outgoingFromForm, readComposeFields } from "../../../src/mail/compose/compose-form.ts";

const account = { accountId: "0b0e7d0e-8c5f-4f4e-9d8e-0c3a1b2c3d4e", label: "Arbeit", address: "me@example.org" };
const original = "5f1c2a9e-5d7b-4c4e-9a51-0e6f2b8d7c11";

describe("the compose form", () => {
  test("a reply becomes the message to queue: recipients split, formatting as HTML, the original linked", () => {
    const fields = readComposeFields({
      mode: "reply",
      accountId: account.accountId,
      to: '"Beispiel, Anna" <anna@example.org>, carl@example.org',
      cc: "",
      bcc: "dora@example.net",
      subject: "Re: Angebot\r\nBcc: evil@example.org",
      body: "Danke *Anna*!\r\n\r\n> alt",
      replyToMessageId: original,
      forwardOfMessageId: original,
      draftId: "not an id",
    });
    // A header cannot be smuggled in through the subject; a forward id does not go with a reply; a malformed draft id is none.
    expect(fields.content.subject).toBe("Re: Angebot Bcc: evil@example.org");
    expect(fields.forwardOfMessageId).toBeNull();
    expect(fields.draftId).toBeNull();
    const checked = outgoingFromForm(fields, [account]);
    expect(checked).toEqual({
      ok: true,
      message: {
        accountId: account.accountId,
        to: ['"Beispiel, Anna" <anna@example.org>', "carl@example.org"],
        cc: [],
        bcc: ["dora@example.net"],
        subject: "Re: Angebot Bcc: evil@example.org",
        text: "Danke *Anna*!\n\n> alt",
        html: "<p>Danke <strong>Anna</strong>!</p>\n<blockquote><p>alt</p></blockquote>",
        inReplyToMessageId: original,
      },
    });
  });

  test("problems: no account of the user's, no recipient, a bad address, too many recipients", () => {
    const base = { mode: "new", accountId: account.accountId, to: "anna@example.org", subject: "x", body: "y" };
    expect(outgoingFromForm(readComposeFields({ ...base, accountId: "5f1c2a9e-5d7b-4c4e-9a51-0e6f2b8d7c12" }), [account])).toEqual({ ok: false, problem: { code: "noAccount" } });
    expect(outgoingFromForm(readComposeFields({ ...base, to: " , " }), [account])).toEqual({ ok: false, problem: { code: "noRecipients" } });
    expect(outgoingFromForm(readComposeFields({ ...base, to: "anna@example.org, Carl <carl@>" }), [account])).toEqual({ ok: false, problem: { code: "badAddress", address: "Carl <carl@>" } });
    const many = Array.from({ length: 101 }, (_, i) => `p${i}@example.org`).join(", ");
    expect(outgoingFromForm(readComposeFields({ ...base, to: many }), [account])).toEqual({ ok: false, problem: { code: "tooManyRecipients", max: 100 } });
  });
});
