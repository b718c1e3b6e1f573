/**
 * "Sie" or "du" for a reply: from how the other side wrote (only their own
 * text, not the quote below it) and from how the user answered that sender
 * before (their messages to that address in Sent; the latest counts most).
 * In English there is no such choice, only the register: formal ("Dear …,
 * Kind regards") or casual ("Hi …, Cheers"); it is kept in the same two
 * values, "sie" for formal and "du" for casual.
 *
 * The choice carries a reason the page shows ("Du — weil Anna dich duzt"):
 * a code and the name it is about, translated by the view (i18n
 * `replies.reason.<code>`).
 */
import { ownText } from "./own-text.ts";

export type AddressForm = "sie" | "du";
export type ReplyLanguage = "de" | "en";

export type FormReasonCode = "incoming" | "earlier" | "default" | "chosen";

export interface FormChoice {
  form: AddressForm;
  reason: { code: FormReasonCode; name: string };
}

/** One of the user's earlier messages to the sender: its text (with any quote: it is cut here) and when it went out. */
export interface EarlierReply {
  text: string;
  sentAt: Date | null;
}

/** "Sie/Ihnen/Ihr…" capitalised, not at the start of a sentence or line, where it could be "she/they/her". */
const FORMAL_PRONOUN = /(?<=[\p{L}\p{N},)\-–][ \t]{1,3})\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b/gu;
/** "Ihnen" is formal wherever it stands; lower case "ihnen" means "them". */
const IHNEN_ANYWHERE = /\bIhnen\b/;
const INFORMAL_PRONOUN = /\b(du|dich|dir|dein|deine|deinen|deinem|deiner|deines|euch|euer|eure|euren|eurem)\b/giu;

const FORMAL_PHRASES: readonly (readonly [RegExp, number])[] = [
  [/\bsehr geehrte[rn]?\b/i, 2],
  [/\bmit freundlichen grü(ß|ss)en\b/i, 2],
  [/\bfreundliche grü(ß|ss)e\b/i, 1],
  [/\bhochachtungsvoll\b/i, 2],
  [/\b(hallo|guten tag|liebe[r]?)\s+(herr|frau|dr\.?|prof\.?)\s/i, 2],
];

const INFORMAL_PHRASES: readonly (readonly [RegExp, number])[] = [
  [/^\s*(hallo|hi|hey|moin|servus|huhu)\s+\p{Lu}\p{Ll}+\s*[,!]/imu, 1],
  [/^\s*liebe[r]?\s+(?!herr\b|frau\b|dr\b|prof\b|kolleg|kunde|damen)\p{Lu}\p{Ll}+\s*[,!]/imu, 1],
  [/^\s*(lg|vg|liebe grü(ß|ss)e|grü(ß|ss)le|bis bald|ciao|tschü(ß|ss))\b/imu, 1],
  [/\bviele grü(ß|ss)e\b/i, 0.5],
];

const ENGLISH_FORMAL: readonly (readonly [RegExp, number])[] = [
  [/^\s*dear\s/im, 2],
  [/\b(yours sincerely|sincerely|yours faithfully|kind regards|best regards|respectfully)\b/i, 2],
  [/\b(mr|mrs|ms|dr|prof)\.?\s+\p{Lu}/u, 1],
  [/\bwould you (kindly|be so kind)\b/i, 1],
];

const ENGLISH_CASUAL: readonly (readonly [RegExp, number])[] = [
  [/^\s*(hi|hey|hiya|yo)\b/im, 2],
  [/^\s*(cheers|thx|thanks!?|best,|talk soon|see you|xo)\s*$/im, 1],
  [/\b(gonna|wanna|btw|lol)\b/i, 1],
  [/\b(can't|won't|don't|i'm|you're|let's)\b/i, 0.5],
];

const score = (text: string, phrases: readonly (readonly [RegExp, number])[]) => phrases.reduce((sum, [pattern, weight]) => sum + (pattern.test(text) ? weight : 0), 0);

/**
 * How formal a text is: positive leans "Sie", negative "du", 0 says
 * nothing. Reads only the writer's own text.
 *
 * @example
 *   formality("Hallo Max, kannst du mir helfen?", "de") // < 0
 *   formality("Sehr geehrter Herr Weber, können Sie …", "de") // > 0
 */
export function formality(text: string, language: ReplyLanguage): number {
  const own = ownText(text);
  if (language === "en") return Math.max(-3, Math.min(3, score(own, ENGLISH_FORMAL) - score(own, ENGLISH_CASUAL)));
  const formalPronouns = new Set([...own.matchAll(FORMAL_PRONOUN)].map((match) => match[1]));
  if (IHNEN_ANYWHERE.test(own)) formalPronouns.add("Ihnen");
  const informalPronouns = new Set([...own.matchAll(INFORMAL_PRONOUN)].map((match) => match[1]!.toLowerCase()));
  const formal = Math.min(formalPronouns.size, 2) + score(own, FORMAL_PHRASES);
  const informal = Math.min(informalPronouns.size, 2) * 1.5 + score(own, INFORMAL_PHRASES);
  return Math.max(-3, Math.min(3, formal - informal));
}

/** The first name in a display name ("Anna Beispiel" → "Anna", "Beispiel, Anna" → "Anna"); "" for none. */
export function firstName(displayName: string): string {
  const name = displayName.replace(/["']/g, "").trim();
  if (!name || name.includes("@")) return "";
  const parts = name.includes(",") ? [name.split(",")[1]!.trim()] : name.split(/\s+/);
  const first = parts.find((part) => !/^(herr|frau|dr\.?|prof\.?|mr\.?|mrs\.?|ms\.?)$/i.test(part)) ?? "";
  return /^\p{Lu}/u.test(first) ? first : "";
}

/**
 * The form of the reply: an explicit choice wins; otherwise the incoming
 * text and the user's earlier replies to that sender, the latest of them
 * weighing most; with no evidence, "Sie" (formal), the safe default.
 *
 * @param senderName the sender's display name (for the reason) or address
 * @example
 *   chooseAddressForm({ incoming: "Hallo Max, kannst du …", language: "de", earlier: [], senderName: "Anna Beispiel" })
 *   // { form: "du", reason: { code: "incoming", name: "Anna" } }
 */
export function chooseAddressForm(input: { incoming: string; language: ReplyLanguage; earlier: EarlierReply[]; senderName: string; chosen?: AddressForm }): FormChoice {
  const name = firstName(input.senderName) || input.senderName;
  if (input.chosen) return { form: input.chosen, reason: { code: "chosen", name } };
  const incoming = formality(input.incoming, input.language);
  const latestFirst = [...input.earlier].sort((a, b) => (b.sentAt?.getTime() ?? 0) - (a.sentAt?.getTime() ?? 0));
  const earlierScores = latestFirst.slice(0, 3).map((reply) => Math.sign(formality(reply.text, input.language)));
  const earlier = earlierScores.reduce((sum, value, index) => sum + value * (index === 0 ? 2 : 1), 0);
  const total = incoming + earlier;
  if (total === 0) return { form: "sie", reason: { code: "default", name } };
  const form: AddressForm = total > 0 ? "sie" : "du";
  const fromIncoming = Math.sign(incoming) === Math.sign(total) && Math.abs(incoming) >= Math.abs(earlier);
  return { form, reason: { code: fromIncoming ? "incoming" : "earlier", name } };
}
