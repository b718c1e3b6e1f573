import { describe, expect, test } from "bun:test";
import { analyseLocally, emptyUserModel, type SenderHint } from "../../../src/analysis/local/index.ts";
import { MAX_TAGS } from "../../../src/analysis/local/tags.ts";
import { message } from "./input.ts";

const analyse = (overrides: Parameters<typeof message>[0], hint?: SenderHint) => analyseLocally(message(overrides), emptyUserModel(), hint).analysis;

const PLAIN_DE = "Hallo Anna,\n\nanbei der aktuelle Stand des Projekts zur Kenntnis. Die Arbeiten laufen wie geplant weiter.\n\nViele Grüße\nBernd";

describe("cues", () => {
  test("a German deadline and request make a message urgent and something to do", () => {
    const plain = analyse({ subject: "Projektstand", text: PLAIN_DE });
    const asked = analyse({
      subject: "Angebot",
      text: "Hallo Anna,\n\nbitte senden Sie mir das unterschriebene Angebot bis Freitag zurück. Die Frist ist verbindlich.\n\nViele Grüße\nBernd",
    });
    expect(plain.category.value).toBe("personal"); // information, from a person to the user alone
    expect(plain.urgency.value).toBe(1);
    expect(asked.category.value).toBe("action_required");
    expect(asked.urgency.value).toBeGreaterThan(plain.urgency.value);
    expect(asked.importance.value).toBeGreaterThanOrEqual(plain.importance.value);
    expect(["request", "deadline"]).toContain(asked.category.reason.code);
    expect(asked.urgency.reason).toEqual({ code: "deadline", vars: { phrase: "bis Freitag" } });
  });

  test("a German escalation and an English ASAP are urgent", () => {
    const dunning = analyse({
      subject: "Mahnung: letzte Erinnerung",
      text: "Sehr geehrte Frau Beispiel,\n\ntrotz unserer Erinnerung ist die Rechnung 4711 noch offen. Bitte überweisen Sie den Betrag umgehend.",
    });
    expect(dunning.urgency.value).toBe(3);
    expect(dunning.category.value).toBe("urgent");
    expect(dunning.urgency.reason.code).toBe("escalation");
    const asap = analyse({ subject: "Server down", text: "Hi Anna,\n\nthe production server is down. This is urgent, please call me ASAP.\n\nThanks, Bob" });
    expect(asap.urgency.value).toBe(3);
    expect(asap.category.value).toBe("urgent");
  });

  test("quoted text and the signature are not the sender's cues", () => {
    const quoted = analyse({ subject: "Re: Projekt", text: "Danke, erledigt.\n\n> Bitte senden Sie mir das Angebot bis Freitag.\n> Dringend!" });
    expect(quoted.urgency.value).toBe(1);
    expect(quoted.category.value).toBe("personal");
  });

  test("an English request with a deadline is something to do", () => {
    const analysis = analyse({ subject: "Contract", text: "Hi Anna,\n\ncould you please review the attached contract by Monday?\n\nThanks,\nBob" });
    expect(analysis.category.value).toBe("action_required");
    expect(analysis.urgency.value).toBe(2);
    expect(analysis.urgency.reason).toEqual({ code: "deadline", vars: { phrase: "by Monday" } });
  });

  test("'please do not reply' and 'Bitte antworten Sie nicht' are footers, not requests", () => {
    for (const text of [
      "Sie haben 42,17 EUR an Beispiel GmbH gesendet. Bitte antworten Sie nicht auf diese E-Mail.",
      "Ihre Zahlung ist eingegangen. Bitte nicht auf diese Nachricht antworten.",
      "Your payment was received. Please do not reply to this email.",
    ]) {
      const analysis = analyse({ subject: "Zahlung", from: [{ name: "Zahlungen", address: "service@zahlungen.example" }], text });
      expect({ text, category: analysis.category.value }).not.toEqual({ text, category: "action_required" });
    }
    // "können Sie" in the middle of a sentence tells; at its start, or with "mir", it asks.
    expect(analyse({ text: "Ihr Vertrag wurde verlängert. Tipp: Ihr Passwort können Sie jederzeit im Kundenportal ändern." }).category.value).not.toBe("action_required");
    expect(analyse({ text: "Hallo Anna, können Sie das Angebot bis morgen prüfen" }).category.value).toBe("action_required");
    expect(analyse({ text: "Hallo Anna. Können Sie das Angebot noch einmal durchgehen" }).category.value).toBe("action_required");
    // A request that merely mentions "nicht" elsewhere is still one.
    expect(analyse({ text: "Bitte senden Sie mir das Angebot, ich habe es nicht mehr." }).category.value).toBe("action_required");
  });

  test("a calendar invitation is something to do", () => {
    const invite = analyse({ subject: "Einladung: Jour fixe", text: "Termin am Montag um 10 Uhr.", isCalendar: true });
    expect(invite.category.value).toBe("action_required");
  });
});

describe("header signals", () => {
  test("List-Unsubscribe and Precedence: bulk make a newsletter, without them it is not one", () => {
    const personal = analyse({ text: PLAIN_DE });
    expect(personal.newsletter.value).toBe(false);
    expect(personal.newsletter.reason.code).toBe("direct_to_you");
    const newsletter = analyse({
      subject: "Unser Frühjahrsangebot",
      from: [{ name: "Shop", address: "news@shop.example" }],
      headers: { "list-unsubscribe": "<https://shop.example/unsubscribe?u=1>", precedence: "bulk", "list-id": "<news.shop.example>" },
      text: "Neue Modelle für den Frühling sind da. Jetzt entdecken.\n\nNewsletter abbestellen: https://shop.example/unsubscribe",
    });
    expect(newsletter.newsletter.value).toBe(true);
    expect(newsletter.newsletter.confidence).toBeGreaterThan(0.9);
    expect(newsletter.newsletter.reason.code).toBe("list_unsubscribe");
    expect(newsletter.importance.value).toBe(1);
    expect(newsletter.category.value).toBe("newsletter");
  });

  test("a no-reply sender or an Auto-Submitted header lowers importance", () => {
    const base = { subject: "Ihre Bestellung", text: "Ihre Bestellung 123 wurde versandt und kommt voraussichtlich am Dienstag an." };
    const personal = analyse(base);
    const noReply = analyse({ ...base, from: [{ name: "Shop", address: "no-reply@shop.example" }] });
    const automated = analyse({ ...base, headers: { "auto-submitted": "auto-generated" } });
    expect(personal.importance.value).toBe(2);
    expect(noReply.importance.value).toBe(1);
    expect(noReply.importance.reason).toEqual({ code: "no_reply_sender", vars: { address: "no-reply@shop.example" } });
    expect(automated.importance.value).toBe(1);
    expect(automated.importance.reason).toEqual({ code: "auto_submitted", vars: { value: "auto-generated" } });
  });

  test("an answer to the user's own mail matters more than a CC", () => {
    const reply = analyse({ subject: "Re: Vertrag", text: "Das passt so, ich unterschreibe morgen.", repliesToOwnMail: true });
    const cc = analyse({ subject: "Vertrag", text: "Das passt so, ich unterschreibe morgen.", to: [{ name: "", address: "chef@firma.example" }], cc: [{ name: "", address: "anna@example.org" }] });
    expect(reply.importance.value).toBe(3);
    expect(reply.importance.reason.code).toBe("reply_to_own");
    expect(cc.importance.value).toBe(1);
  });
});

describe("sender hints", () => {
  test("a confident hint decides the field, a weak one only leans", () => {
    const plain = { subject: "Projektstand", text: PLAIN_DE };
    const hinted = analyse(plain, { category: { value: "action_required", confidence: 0.9 }, urgency: { value: 3, confidence: 0.85 }, newsletter: { value: true, confidence: 0.95 } });
    expect(hinted.category).toEqual({ value: "action_required", confidence: 0.9, reason: { code: "sender_pattern" } });
    expect(hinted.urgency).toEqual({ value: 3, confidence: 0.85, reason: { code: "sender_pattern" } });
    expect(hinted.newsletter.value).toBe(true);
    expect(hinted.importance.reason.code).not.toBe("sender_pattern");
    const weak = analyse(plain, { urgency: { value: 3, confidence: 0.5 } });
    expect(weak.urgency.value).toBe(1);
  });

  test("a confident spam hint marks the message as spam", () => {
    const hinted = analyse({ subject: "Projektstand", text: PLAIN_DE }, { spam: { value: true, confidence: 0.99 } });
    expect(hinted.spam).toEqual({ value: true, confidence: 0.99, reason: { code: "sender_pattern" } });
  });
});

describe("language, summary and tags", () => {
  test("German and English are told apart; too little text is unknown", () => {
    expect(analyse({ subject: "Projektstand", text: PLAIN_DE }).language).toBe("de");
    expect(analyse({ subject: "Status", text: "Hi Anna,\n\nthe build is green again and we can ship it on Monday. Thanks for your help with the tests.\n\nBest regards,\nBob" }).language).toBe("en");
    expect(analyse({ subject: "", text: "12345" }).language).toBeNull();
  });

  test("the summary is the first sentences of the sender's own text, without greeting, quote or signature", () => {
    const analysis = analyse({
      subject: "Re: Angebot",
      text: "Hallo Anna,\n\nder Kunde hat das Angebot angenommen. Wir starten am 1. April.\n\nViele Grüße\nBernd\n\nAm 12.03.2025 schrieb Anna:\n> Gibt es schon Neuigkeiten?",
    });
    expect(analysis.summary).toBe("Der Kunde hat das Angebot angenommen. Wir starten am 1. April.");
    const bottomPosted = analyse({ text: "On Mon, 12 Aug 2002, Bob wrote:\n> Does scp work for you?\n\nYes, I have used scp for years. It just works.\n\n-- \nAlice" });
    expect(bottomPosted.summary).toBe("Yes, I have used scp for years. It just works.");
    const long = analyse({ text: `${"Wort ".repeat(100)}Ende.` }).summary;
    expect(long.length).toBeLessThanOrEqual(200);
    expect(analyse({ text: "" }).summary).toBe("");
  });

  test("tags come only from the user's tags, at most five", () => {
    const userTags = ["Rechnungen", "Projekt Alpha", "Reisen", "Urlaub", "Steuer", "Kunden", "Verträge", "Privat"];
    const analysis = analyse({
      subject: "Rechnung für Projekt Alpha",
      text: "Anbei die Rechnung. Der Kunde hat den Vertrag verlängert, die Steuer ist ausgewiesen, der Urlaub ist eingeplant, die Reise gebucht.",
      userTags,
    });
    expect(analysis.tags.length).toBe(MAX_TAGS);
    for (const tag of analysis.tags) expect(userTags).toContain(tag.name);
    expect(
      analysis.tags
        .map((tag) => tag.name)
        .slice(0, 2)
        .sort(),
    ).toEqual(["Projekt Alpha", "Rechnungen"]);
    expect(analysis.tags.map((tag) => tag.name)).not.toContain("Privat");
    expect(analyse({ subject: "Rechnung", text: "Anbei die Rechnung.", userTags: [] }).tags).toEqual([]);
  });
});
