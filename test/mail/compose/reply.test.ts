/** Reply recipients, subjects, quotes and forwards, with German and English mail. */
import { describe, expect, test } from "bun:test";
import { attribution, forwardBody, quoteLines, replyBody } from "../../../src/mail/compose/quote.ts";
import { entryAddress, formatMailbox, isPlausibleAddress, replyRecipients, splitAddressList } from "../../../src/mail/compose/recipients.ts";
import { forwardSubject, replySubject } from "../../../src/mail/compose/subject.ts";

const anna = { name: "Anna Beispiel", address: "anna@example.org" };
const carl = { name: "Carl", address: "carl@example.org" };
const dora = { name: "", address: "dora@example.net" };
const me = { name: "Ich", address: "me@example.org" };

describe("reply recipients", () => {
  test("reply goes to the From, or to the Reply-To when there is one", () => {
    expect(replyRecipients({ from: [anna], replyTo: [], to: [me, carl], cc: [dora] }, "reply", ["me@example.org"])).toEqual({ to: [anna], cc: [] });
    const list = { name: "Liste", address: "list@lists.example.org" };
    expect(replyRecipients({ from: [anna], replyTo: [list], to: [me], cc: [] }, "reply", ["me@example.org"]).to).toEqual([list]);
  });

  test("reply all adds To and Cc without the user's own addresses (plus tags too) and without duplicates", () => {
    const result = replyRecipients(
      { from: [anna], replyTo: [], to: [{ name: "Me", address: "ME+shop@Example.org" }, carl, { name: "Anna B.", address: "Anna@example.org" }], cc: [dora, { ...carl, name: "Carl C." }, me] },
      "reply_all",
      ["me@example.org"],
    );
    expect(result).toEqual({ to: [anna], cc: [carl, dora] });
  });

  test("a reply to the user's own sent mail goes to whom it was sent", () => {
    expect(replyRecipients({ from: [me], replyTo: [], to: [anna], cc: [carl] }, "reply", ["me@example.org"])).toEqual({ to: [anna], cc: [] });
    expect(replyRecipients({ from: [me], replyTo: [], to: [anna], cc: [carl] }, "reply_all", ["me@example.org"])).toEqual({ to: [anna], cc: [carl] });
    // Mail to oneself: answered to oneself.
    expect(replyRecipients({ from: [me], replyTo: [], to: [me], cc: [] }, "reply", ["me@example.org"]).to).toEqual([me]);
  });

  test("mailboxes are written as headers write them, and typed lists split where they should", () => {
    expect(formatMailbox(anna)).toBe("Anna Beispiel <anna@example.org>");
    expect(formatMailbox({ name: "Beispiel, Anna", address: "anna@example.org" })).toBe('"Beispiel, Anna" <anna@example.org>');
    expect(formatMailbox(dora)).toBe("dora@example.net");
    expect(splitAddressList('"Beispiel, Anna" <anna@example.org>, carl@example.org; dora@example.net')).toEqual(['"Beispiel, Anna" <anna@example.org>', "carl@example.org", "dora@example.net"]);
    expect(entryAddress('"Beispiel, Anna" <anna@example.org>')).toBe("anna@example.org");
    expect(isPlausibleAddress("anna@example.org")).toBe(true);
    expect(isPlausibleAddress("anna@")).toBe(false);
    expect(isPlausibleAddress("anna example.org")).toBe(false);
  });
});

describe("subjects", () => {
  test("Re: is put in front once, German prefixes recognised", () => {
    expect(replySubject("Angebot")).toBe("Re: Angebot");
    expect(replySubject("Re: Angebot")).toBe("Re: Angebot");
    expect(replySubject("AW: Re: Angebot")).toBe("Re: Angebot");
    expect(replySubject("Antw: Termin")).toBe("Re: Termin");
    expect(replySubject("RE[2]: Termin")).toBe("Re: Termin");
    expect(replySubject("WG: Angebot")).toBe("Re: WG: Angebot");
  });

  test("Fwd: is put in front once, WG: recognised", () => {
    expect(forwardSubject("Angebot")).toBe("Fwd: Angebot");
    expect(forwardSubject("WG: Angebot")).toBe("Fwd: Angebot");
    expect(forwardSubject("Fwd: FW: Angebot")).toBe("Fwd: Angebot");
    expect(forwardSubject("AW: Angebot")).toBe("Fwd: AW: Angebot");
  });
});

describe("quotes and forwards", () => {
  const original = {
    from: [anna],
    to: [me],
    cc: [carl],
    subject: "Quartalsbericht",
    date: new Date("2026-12-03T13:05:00Z"),
    text: "Hallo,\r\n\r\nbitte den Bericht bis Freitag.\r\n> alte Zeile\r\n\r\n",
  };

  test("the attribution line in German and English, in the user's time zone", () => {
    expect(attribution("de", "Europe/Berlin", original)).toBe("Am 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@example.org>:");
    expect(attribution("en", "Europe/London", original)).toBe("On 3 December 2026 at 13:05, Anna Beispiel <anna@example.org> wrote:");
    expect(attribution("en", "UTC", { from: [anna], date: null })).toBe("Anna Beispiel <anna@example.org> wrote:");
  });

  test("each line quoted, quoted lines once more, trailing blank lines dropped", () => {
    expect(quoteLines(original.text)).toBe("> Hallo,\n>\n> bitte den Bericht bis Freitag.\n>> alte Zeile");
    expect(replyBody("de", "Europe/Berlin", original)).toBe(
      "\n\nAm 3. Dezember 2026 um 14:05 schrieb Anna Beispiel <anna@example.org>:\n> Hallo,\n>\n> bitte den Bericht bis Freitag.\n>> alte Zeile\n",
    );
  });

  test("a forward carries the original's header block in the user's language", () => {
    const german = forwardBody("de", "Europe/Berlin", original);
    expect(german).toContain(
      "---------- Weitergeleitete Nachricht ----------\nVon: Anna Beispiel <anna@example.org>\nDatum: 3. Dezember 2026 um 14:05\nBetreff: Quartalsbericht\nAn: Ich <me@example.org>\nCc: Carl <carl@example.org>\n\nHallo,",
    );
    const english = forwardBody("en", "Europe/London", { ...original, cc: [] });
    expect(english).toContain(
      "---------- Forwarded message ----------\nFrom: Anna Beispiel <anna@example.org>\nDate: 3 December 2026 at 13:05\nSubject: Quartalsbericht\nTo: Ich <me@example.org>\n\nHallo,",
    );
    expect(english).not.toContain("Cc:");
  });
});
