/**
 * Reply proposals without a language model: a template per tone (formal,
 * friendly, brief, decline, ask for details) in German and English, filled
 * with the sender's name, the appointment the mail mentions (confirmed, or
 * declined in the decline tone) and the questions it asks, in Sie or du,
 * ending with the account's signature. Also the fallback when a mail tries
 * to instruct the model: a template cannot be talked into anything.
 */
import type { MailAddress } from "../mail/parse/types.ts";
import { type AddressForm, firstName, type ReplyLanguage } from "./address-form.ts";
import { firstMentionedDate } from "./mentioned-dates.ts";
import { askedQuestions } from "./own-text.ts";

export const REPLY_TONES = ["formal", "friendly", "brief", "decline", "ask_details"] as const;
export type ReplyTone = (typeof REPLY_TONES)[number];

export type Title = "Frau" | "Herr";

export interface TemplateInput {
  language: ReplyLanguage;
  tone: ReplyTone;
  form: AddressForm;
  /** Who is answered (the Reply-To or From), for the salutation. */
  sender: MailAddress;
  /** "Frau" or "Herr" when known (a title in the display name, or the user's earlier replies); never guessed from a first name. */
  title?: Title;
  /** The incoming mail's plain text (the quote in it is ignored). */
  incomingText: string;
  signature: string | null;
}

const TITLE_WORDS = /^(herr|frau|dr\.?|prof\.?|mr\.?|mrs\.?|ms\.?)$/i;

/** The display name without titles: "Frau Dr. Anna Beispiel" → "Anna Beispiel", "Beispiel, Anna" → "Anna Beispiel". */
export function plainName(sender: MailAddress): string {
  let name = sender.name.replace(/["']/g, "").trim();
  if (!name || name.includes("@")) return "";
  if (/^[^,]+,\s*[^,]+$/.test(name)) name = `${name.split(",")[1]!.trim()} ${name.split(",")[0]!.trim()}`;
  return name
    .split(/\s+/)
    .filter((part) => !TITLE_WORDS.test(part))
    .join(" ");
}

const lastName = (sender: MailAddress) => plainName(sender).split(" ").pop() ?? "";

/**
 * "Frau" or "Herr" when the display name says so, or when one of the
 * given texts (the user's earlier replies) addresses the sender's last
 * name with it; otherwise undefined.
 *
 * @example
 *   knownTitle({ name: "Anna Beispiel", address: "a@x" }, ["Sehr geehrte Frau Beispiel, …"]) // "Frau"
 */
export function knownTitle(sender: MailAddress, texts: string[]): Title | undefined {
  const inName = /\b(Herr|Frau)\b/.exec(sender.name)?.[1];
  if (inName) return inName as Title;
  const last = lastName(sender);
  if (last.length < 2) return undefined;
  const escaped = last.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`\\b(Herr|Frau)\\s+(?:Dr\\.\\s+|Prof\\.\\s+)*${escaped}\\b`);
  for (const text of texts) {
    const found = pattern.exec(text)?.[1];
    if (found) return found as Title;
  }
  return undefined;
}

/** Links and addresses are not repeated from a mail: a reply does not pass on what it was told to pass on. */
function quotable(question: string): string {
  return question
    .replace(/\b(?:https?:\/\/|www\.)\S+/giu, "…")
    .replace(/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, "…")
    .slice(0, 200);
}

function salutation({ language, tone, form, sender, title }: TemplateInput): string {
  const full = plainName(sender);
  const first = firstName(full);
  const last = lastName(sender);
  if (language === "en") {
    if (form === "du") return first ? `Hi ${first},` : "Hi,";
    if (title && last) return `Dear ${title === "Frau" ? "Ms" : "Mr"} ${last},`;
    return full ? `Dear ${full},` : "Hello,";
  }
  if (form === "du") return first ? `Hallo ${first},` : "Hallo,";
  if (title && last) return tone === "formal" || tone === "decline" ? `Sehr geehrte${title === "Herr" ? "r" : ""} ${title} ${last},` : `Guten Tag ${title} ${last},`;
  return full ? `Guten Tag ${full},` : "Guten Tag,";
}

type Words = Record<"thanks" | "question" | "confirm" | "decline" | "declineDate" | "details" | "later" | "closing", string>;

const GERMAN: Record<AddressForm, Record<ReplyTone, Words>> = (() => {
  const sie: Words = {
    thanks: "vielen Dank für Ihre Nachricht.",
    question: "Zu Ihrer Frage „{q}“: ",
    confirm: "Den Termin {d} bestätige ich gerne.",
    decline: "leider muss ich Ihnen absagen.",
    declineDate: "Den Termin {d} kann ich leider nicht wahrnehmen.",
    details: "Damit ich Ihnen weiterhelfen kann, bräuchte ich noch einige Angaben. Könnten Sie mir bitte genauer schreiben, worum es geht und bis wann Sie eine Antwort benötigen?",
    later: "Ich melde mich dazu in Kürze ausführlicher.",
    closing: "Mit freundlichen Grüßen",
  };
  const du: Words = {
    thanks: "danke für deine Nachricht!",
    question: "Zu deiner Frage „{q}“: ",
    confirm: "Der Termin {d} passt mir gut.",
    decline: "leider muss ich dir absagen.",
    declineDate: "Den Termin {d} schaffe ich leider nicht.",
    details: "Kannst du mir noch ein bisschen mehr dazu schreiben? Worum geht es genau, und bis wann brauchst du eine Antwort?",
    later: "Ich melde mich bald ausführlicher.",
    closing: "Viele Grüße",
  };
  const brief = (words: Words, overrides: Partial<Words>): Words => ({ ...words, ...overrides });
  return {
    sie: {
      formal: sie,
      friendly: { ...sie, closing: "Freundliche Grüße" },
      brief: brief(sie, { thanks: "danke, Ihre Nachricht ist angekommen.", later: "", closing: "Freundliche Grüße" }),
      decline: sie,
      ask_details: sie,
    },
    du: { formal: du, friendly: { ...du, closing: "Liebe Grüße" }, brief: brief(du, { thanks: "danke, ist angekommen!", later: "", closing: "Gruß" }), decline: du, ask_details: du },
  };
})();

const ENGLISH: Record<AddressForm, Record<ReplyTone, Words>> = (() => {
  const formal: Words = {
    thanks: "Thank you for your message.",
    question: "Regarding your question “{q}”: ",
    confirm: "I am glad to confirm the appointment {d}.",
    decline: "Unfortunately, I have to decline.",
    declineDate: "I am afraid I cannot make the appointment {d}.",
    details: "To help you with this, I need a few more details. Could you please tell me more about what you need and by when?",
    later: "I will get back to you shortly with more details.",
    closing: "Kind regards",
  };
  const casual: Words = {
    thanks: "Thanks for your message!",
    question: "About your question “{q}”: ",
    confirm: "The appointment {d} works for me.",
    decline: "Sorry, but I can't make it.",
    declineDate: "I can't make it {d}, sorry.",
    details: "Could you tell me a bit more? What exactly do you need, and by when?",
    later: "I'll get back to you soon.",
    closing: "Best",
  };
  const brief = (words: Words, overrides: Partial<Words>): Words => ({ ...words, ...overrides });
  return {
    sie: {
      formal,
      friendly: { ...formal, closing: "Best regards" },
      brief: brief(formal, { thanks: "Thank you, well received.", later: "", closing: "Best regards" }),
      decline: formal,
      ask_details: formal,
    },
    du: { formal: casual, friendly: { ...casual, closing: "Cheers" }, brief: brief(casual, { thanks: "Thanks, got it!", later: "", closing: "Best" }), decline: casual, ask_details: casual },
  };
})();

/** The date phrase as it reads after "den Termin" / "the appointment": "am 12.03." or "on March 12". */
function datePhrase(phrase: string, language: ReplyLanguage): string {
  if (language === "en") return /^(on|next)\b/i.test(phrase) ? phrase : `on ${phrase}`;
  return /^am\b/i.test(phrase) ? phrase : `am ${phrase}`;
}

/** The signature block: "-- " then the signature, as mail clients recognise it. */
export function withSignature(body: string, signature: string | null): string {
  const trimmed = signature?.replace(/\r\n?/g, "\n").trim();
  return trimmed ? `${body}\n\n-- \n${trimmed}` : body;
}

/**
 * @example
 *   templateReply({ language: "de", tone: "friendly", form: "du", sender: { name: "Anna Beispiel", address: "anna@example.org" },
 *                   incomingText: "Hallo Max, kannst du am Freitag um 10 Uhr?", signature: "Max" })
 *   // "Hallo Anna,\n\ndanke für deine Nachricht!\n\nZu deiner Frage „kannst du am Freitag um 10 Uhr?“: …\n…\n\nLiebe Grüße\n\n-- \nMax"
 */
export function templateReply(input: TemplateInput): string {
  const words = (input.language === "en" ? ENGLISH : GERMAN)[input.form][input.tone];
  const paragraphs: string[] = [input.tone === "decline" ? capitalise(words.decline, input.language) : words.thanks];
  const date = firstMentionedDate(input.incomingText);
  const questions = askedQuestions(input.incomingText)
    .map(quotable)
    .filter((question) => /\p{L}{2,}/u.test(question));
  if (input.tone === "decline") {
    if (date) paragraphs.push(words.declineDate.replace("{d}", datePhrase(date.phrase, input.language)));
  } else if (input.tone === "ask_details") {
    paragraphs.push(words.details);
  } else {
    if (date?.appointment) {
      const phrase = datePhrase(date.phrase, input.language);
      paragraphs.push(words.confirm.replace("{d}", phrase));
    }
    if (input.tone !== "brief") for (const question of questions) paragraphs.push(`${words.question.replace("{q}", question)}…`);
    if (words.later) paragraphs.push(words.later);
  }
  const greeting = salutation(input);
  // German letters continue in lower case after the salutation's comma; a sentence from the table that starts with a capital stays so.
  const first = input.language === "de" ? paragraphs[0]! : capitalise(paragraphs[0]!, "en");
  const body = [greeting, "", [first, ...paragraphs.slice(1)].join("\n\n"), "", words.closing].join("\n");
  return withSignature(body, input.signature);
}

function capitalise(text: string, language: ReplyLanguage): string {
  return language === "en" ? text.charAt(0).toUpperCase() + text.slice(1) : text;
}
