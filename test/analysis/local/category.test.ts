import { describe, expect, test } from "bun:test";
import { attentionIndex, refineCategory } from "../../../src/analysis/local/category.ts";
import { headerSignals } from "../../../src/analysis/local/signals.ts";
import { ATTENTION_CATEGORIES, CATEGORIES, type AnalysisInput, type Category, type Judgement } from "../../../src/analysis/types.ts";
import { de } from "../../../src/i18n/de.ts";
import { en } from "../../../src/i18n/en.ts";
import { message } from "./input.ts";

const information: Judgement<Category> = { value: "information", confidence: 0.7, reason: { code: "no_cues" } };
const categorise = (overrides: Partial<AnalysisInput>, decided = information) => {
  const input = message(overrides);
  return refineCategory(decided, input, headerSignals(input));
};

describe("refineCategory", () => {
  test("bulk headers make a newsletter", () => {
    expect(categorise({ from: [{ name: "Beispielshop", address: "angebote@shop.example" }], headers: { "list-unsubscribe": "<https://shop.example/u>" } })).toEqual({
      value: "newsletter",
      confidence: 0.9,
      reason: { code: "list_unsubscribe" },
    });
    expect(categorise({ headers: { "list-id": "<verein.lists.example>" } }).value).toBe("newsletter");
    expect(categorise({ headers: { precedence: "bulk" } }).reason).toEqual({ code: "precedence_bulk", vars: { value: "bulk" } });
  });

  test("an automated sender about an order, a delivery, an invoice or a sign-in is a notification, even with List-Unsubscribe", () => {
    const shipped = categorise({
      subject: "Ihre Bestellung wurde versandt",
      from: [{ name: "Beispielshop", address: "noreply@shop.example" }],
      headers: { "list-unsubscribe": "<mailto:u@shop.example>" },
    });
    expect(shipped).toEqual({ value: "notification", confidence: 0.85, reason: { code: "transactional", vars: { phrase: "bestellung" } } });
    const signIn = categorise({
      subject: "Microsoft account unusual sign-in activity",
      from: [{ name: "Microsoft account team", address: "account-security-noreply@accountprotection.microsoft.com" }],
    });
    expect(signIn.value).toBe("notification");
    expect(categorise({ subject: "Password reset", from: [{ name: "Forum", address: "do-not-reply@forum.example" }] }).value).toBe("notification");
    expect(categorise({ subject: "Ihre Rechnung", text: "Anbei Ihre Rechnung für März.", headers: { "auto-submitted": "auto-generated" } }).value).toBe("notification");
  });

  test("a shop's offer from a no-reply address is a newsletter, though its text or subject mentions shipping", () => {
    const offer = (subject: string, text: string) =>
      categorise({ subject, text, from: [{ name: "Buchladen", address: "noreply@news.buchladen.example" }], headers: { "list-unsubscribe": "<https://buchladen.example/u>" } }).value;
    expect(offer("Neu im Herbst: unsere Lieblingsbücher", "Gratis Versand ab 20 €. Jetzt stöbern.")).toBe("newsletter");
    expect(offer("BLACK FRIDAY: 50% off 1,000+ books, free UK & EU shipping today only", "Today only.")).toBe("newsletter");
    // Its own shipping notice, by its subject, stays a notification.
    expect(offer("Ihre Bestellung ist unterwegs", "Ihr Paket kommt morgen.")).toBe("notification");
  });

  test("an automated sender without such words is still a notification, but bulk headers make it a newsletter", () => {
    expect(categorise({ subject: "Wochenrückblick", from: [{ name: "App", address: "noreply@app.example" }] })).toMatchObject({ value: "notification", confidence: 0.75 });
    expect(categorise({ subject: "Wochenrückblick", from: [{ name: "App", address: "noreply@app.example" }], headers: { "list-unsubscribe": "<https://app.example/u>" } }).value).toBe("newsletter");
  });

  test("a social network's domain, or a subdomain of it, is social, before its List-Unsubscribe", () => {
    for (const address of ["notifications-noreply@linkedin.com", "mailrobot@mail.xing.com", "security@facebookmail.com", "info@x.com", "notification@mastodon.example"]) {
      const judgement = categorise({ from: [{ name: "Netzwerk", address }], headers: { "list-unsubscribe": "<https://example/u>" } });
      expect({ address, value: judgement.value }).toEqual({ address, value: "social" });
    }
    expect(categorise({ from: [{ name: "LinkedIn", address: "messages-noreply@linkedin.com" }] }).reason).toEqual({ code: "social_network", vars: { domain: "linkedin.com" } });
    // Look-alikes are not the network.
    expect(categorise({ from: [{ name: "X", address: "info@notx.com" }] }).value).not.toBe("social");
    expect(categorise({ from: [{ name: "Fake", address: "info@linkedin.com.evil.example" }] }).value).not.toBe("social");
  });

  test("one-to-one mail from a person's address is personal; a role address, a crowd or CC is not", () => {
    expect(categorise({ from: [{ name: "Bernd Kollege", address: "bernd@firma.example" }] })).toEqual({ value: "personal", confidence: 0.7, reason: { code: "personal_sender" } });
    expect(categorise({ from: [{ name: "Firma", address: "info@firma.example" }] }).value).toBe("information");
    const crowd = Array.from({ length: 4 }, (_, index) => ({ name: "", address: `person${index}@example.net` }));
    expect(categorise({ to: [{ name: "Anna", address: "anna@example.org" }, ...crowd] }).value).toBe("information");
    expect(categorise({ to: [{ name: "Other", address: "other@example.net" }], cc: [{ name: "Anna", address: "anna@example.org" }] }).value).toBe("information");
  });

  test("action required and urgent stay as the rules decided", () => {
    const asked: Judgement<Category> = { value: "action_required", confidence: 0.8, reason: { code: "request", vars: { phrase: "bitte senden" } } };
    expect(categorise({ headers: { "list-unsubscribe": "<https://x.example/u>" } }, asked)).toBe(asked);
    const urgent: Judgement<Category> = { value: "urgent", confidence: 0.8, reason: { code: "urgent_word", vars: { phrase: "dringend" } } };
    expect(categorise({ from: [{ name: "LinkedIn", address: "noreply@linkedin.com" }] }, urgent)).toBe(urgent);
  });
});

describe("categories", () => {
  test("a new category is learned and hinted as information; the first three keep the rules' indexes", () => {
    expect(CATEGORIES.slice(0, 3)).toEqual([...ATTENTION_CATEGORIES]);
    expect(CATEGORIES.map(attentionIndex)).toEqual([0, 1, 2, 2, 2, 2, 2]);
    expect(attentionIndex("later" as Category)).toBe(-1);
  });

  test("every category and every reason code this file adds has a German and an English text", () => {
    for (const key of [...CATEGORIES.map((category) => `message.category.${category}`), ...["social_network", "transactional", "personal_sender"].map((code) => `reason.${code}`)]) {
      expect({ key, de: typeof (de as Record<string, string>)[key], en: typeof (en as Record<string, string>)[key] }).toEqual({ key, de: "string", en: "string" });
    }
  });
});
