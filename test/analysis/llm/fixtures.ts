/** Messages and analyses for the LLM tests: one invoice full of personal data, planted so its absence can be checked. */
import type { Analysis, AnalysisInput, Judgement } from "../../../src/analysis/types.ts";
import type { LlmSettings } from "../../../src/analysis/llm/types.ts";

/** Everything personal in the invoice, as it is written there. */
export const PLANTED = {
  emails: ["anna.schmidt@beispiel-firma.de", "max.mustermann@example.org", "buchhaltung@beispiel-firma.de", "m.mustermann@uni-example.de"],
  phones: ["+49 30 1234567", "0171 9876543", "(030) 555 12 34", "0049 89 4455667"],
  ibans: ["DE89 3704 0044 0532 0130 00", "AT611904300234573201"],
  urls: ["https://portal.beispiel-firma.de/rechnung/4711?kunde=42"],
  names: ["Anna Schmidt", "Max Mustermann", "Schmidt", "Mustermann"],
};

export function invoiceInput(overrides: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    subject: "Rechnung 4711 für Max Mustermann",
    from: [{ name: "Anna Schmidt", address: "anna.schmidt@beispiel-firma.de" }],
    to: [{ name: "Max Mustermann", address: "max.mustermann@example.org" }],
    cc: [{ name: "", address: "buchhaltung@beispiel-firma.de" }],
    replyTo: [],
    headers: {},
    rawHeaders: "Received: from mail.beispiel-firma.de (203.0.113.7)\r\nX-Secret-Header: keep-out\r\n",
    text: [
      "Hallo Max,",
      "",
      "anbei die Rechnung 4711 vom 28.11.2026 über 1.234,56 EUR, fällig bis 05.12.2026 um 12:00.",
      "Bitte überweise den Betrag auf DE89 3704 0044 0532 0130 00 (alternativ AT611904300234573201).",
      "Die Rechnung liegt auch unter https://portal.beispiel-firma.de/rechnung/4711?kunde=42.",
      "Bei Fragen erreichst du mich unter +49 30 1234567 oder mobil 0171 9876543, das Büro unter (030) 555 12 34,",
      "die Zentrale in München unter 0049 89 4455667. Schreib sonst an buchhaltung@beispiel-firma.de",
      "oder an deine Uni-Adresse m.mustermann@uni-example.de, Herr Mustermann.",
      "",
      "Viele Grüße",
      "Anna Schmidt",
    ].join("\n"),
    date: "2026-11-28T09:15:00.000Z",
    hasAttachments: true,
    isCalendar: false,
    ownAddresses: ["max.mustermann@example.org"],
    repliesToOwnMail: false,
    userTags: ["Rechnung", "Uni", "Familie"],
    ...overrides,
  };
}

const judgement = <T>(value: T, code: string, confidence = 0.6): Judgement<T> => ({ value, confidence, reason: { code } });

/** What a local analyser might say about a phishing mail: spam, fairly urgent. */
export function localSpamAnalysis(): Analysis {
  return {
    urgency: judgement(2 as const, "deadline"),
    importance: judgement(2 as const, "money"),
    category: judgement("action_required" as const, "request"),
    spam: judgement(true, "phishing_words", 0.7),
    newsletter: judgement(false, "no_list_headers"),
    summary: "",
    language: "en",
    tags: [],
  };
}

export function settingsFor(kind: LlmSettings["kind"], baseUrl: string, overrides: Partial<LlmSettings> = {}): LlmSettings {
  return {
    userId: "00000000-0000-4000-8000-000000000001",
    kind,
    baseUrl,
    model: "stub-model",
    secondOpinionModel: "stub-large",
    embeddingModel: null,
    apiKey: kind === "ollama" ? null : "sk-test-key",
    dailyBudget: 200,
    enabled: true,
    timeoutSeconds: 5,
    ...overrides,
  };
}
