/**
 * Words in the subject and the user's own part of the body (quoted text and
 * signature cut off) that say a message wants something, by when, or is
 * about money or a meeting: German and English. Each cue keeps the phrase
 * that matched, so the reason can show it ("deadline: bis Freitag").
 *
 * @example
 * findCues("Angebot", "Bitte senden Sie uns das Angebot bis Freitag.")
 * // { deadline: "bis Freitag", request: "Bitte senden", … }
 */
export const CUE_KINDS = ["deadline", "urgent", "request", "question", "escalation", "invoice", "meeting", "unsubscribe", "security"] as const;
export type CueKind = (typeof CUE_KINDS)[number];
export type Cues = Partial<Record<CueKind, string>>;

const DAY_DE = "montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|morgen|übermorgen|heute|monatsende|wochenende|ende der woche|ende des monats";
const DAY_EN = "monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|tonight|end of (?:the )?(?:day|week|month)|eod|cob|noon";
const DATE = String.raw`\d{1,2}\.\s?\d{1,2}\.(?:\d{2,4})?|\d{1,2}\.\s?(?:januar|februar|märz|april|mai|juni|juli|august|september|oktober|november|dezember)`;

/** Letters for \b-like edges that know umlauts and ß. */
const L = String.raw`\p{L}`;
/** Matched against lower-cased text: without the i flag the engine scans much faster. */
const edge = (body: string) => new RegExp(String.raw`(?<![${L}])(?:${body})(?![${L}])`, "u");

export const PATTERNS: Record<Exclude<CueKind, "question">, RegExp> = {
  deadline: edge(
    String.raw`bis (?:zum |spätestens |kommenden? |nächsten? )?(?:${DAY_DE}|${DATE})|spätestens(?: (?:am |bis )?(?:${DAY_DE}|${DATE}))?|fristgerecht|frist(?:ende|ablauf)?|abgabetermin|deadline|due (?:date|by|on|today|tomorrow)|(?:by|before|until|no later than) (?:${DAY_EN}|the \d{1,2}(?:st|nd|rd|th)?)|asap|as soon as possible|so schnell wie möglich|schnellstmöglich|umgehend|zeitnah`,
  ),
  // "ab sofort" is "from now on" ("Wir suchen ab sofort…"), not a hurry.
  urgent: edge(String.raw`dringend|eilt|eilig|(?<!ab )sofort|unverzüglich|urgent|urgently|immediately|emergency|notfall|time[- ]sensitive|critical|kritisch|high priority|hohe priorität`),
  // "Können Sie…" asks at the start of a sentence or with "bitte"/"mir"; mid-sentence it tells ("Ihr Passwort können Sie
  // jederzeit ändern"). "Bitte antworten Sie nicht" and "please do not reply" are footers.
  request: edge(
    String.raw`bitte (?!nicht )(?:\S+ ){0,6}?(?:senden|schicken|zusenden|prüfen|überprüfen|bestätigen|unterschreiben|ausfüllen|melden|antworten|rückmelden|mitteilen|freigeben|überweisen|bezahlen|zahlen|korrigieren|anpassen|erledigen|vorbereiten|teilen|kommentieren|durchsehen|ansehen|zurückrufen)(?! (?:sie |du )?nicht)|(?<=(?:^|[.!?\n])\s{0,3})(?:(?:könnten|können|würden) sie|(?:kannst|könntest|würdest) du)|(?:(?:könnten|können|würden) sie|(?:kannst|könntest|würdest) du) (?:bitte|mir|uns|vielleicht|eventuell)|ich bitte um|wir bitten um|bitte um (?:rückmeldung|antwort|bestätigung|freigabe)|um rückmeldung|(?:could|can|would) you(?: please)?|please (?!do not |don't |dont )(?:\S+ ){0,2}?(?:review|send|confirm|check|sign|fill|reply|respond|let me know|approve|update|submit|complete|pay|call|advise|provide|forward|share)|let me know|i need you to|we need you to|action required|handlungsbedarf|aktion erforderlich`,
  ),
  escalation: edge(
    String.raw`mahnung|letzte erinnerung|zahlungserinnerung|letztmalig|inkasso|final notice|final reminder|last reminder|second reminder|zweite erinnerung|overdue|überfällig|escalat\p{L}*|eskalation|eskalier\p{L}*`,
  ),
  invoice: edge(String.raw`rechnung(?:snummer|sbetrag)?|invoice|zahlung fällig|zahlungsfrist|fälliger betrag|payment due|amount due|bill(?:ing)? statement|zahlungsaufforderung|lastschrift`),
  meeting: edge(
    String.raw`termin(?:vorschlag|anfrage|e)?|besprechung|meeting|einladung|invitation|telefonkonferenz|videokonferenz|jour fixe|call at|call on|conference call|zoom|teams[- ]meeting|kalendereinladung|calendar invite`,
  ),
  // An account's security notice (a new sign-in, a changed password, a one-time code): a notification, never a newsletter.
  security: edge(
    String.raw`ungewöhnliche (?:anmelde)?aktivität|neue anmeldung|anmeldeversuch|anmeldung (?:bei|von|auf) (?:einem )?neuen gerät|neues gerät|sicherheitswarnung|sicherheitsbenachrichtigung|(?:passwort|kennwort) (?:wurde )?geändert|bestätigungscode|sicherheitscode|einmalcode|verifizierungscode|unusual sign-in|new sign-in|sign-in attempt|new login|security alert|security notification|password (?:was )?(?:changed|reset)|new device|verification code|security code|one-time code`,
  ),
  unsubscribe: edge(
    String.raw`unsubscribe|abmelden|abbestellen|newsletter abbestellen|view (?:it )?in (?:your )?browser|im browser (?:anzeigen|ansehen|öffnen)|email preferences|e-mail-einstellungen|you are receiving this|you're receiving this|you received this (?:e-?mail|message) because|sie erhalten diese|keine (?:\S+ ){0,2}?(?:nachrichten|e-mails|newsletter|mails|werbung) (?:\S+ ){0,2}?mehr (?:\S+ ){0,2}?(?:zu )?(?:erhalten|bekommen)|(?:no longer|stop) (?:wish to )?receiv(?:e|ing) (?:these|this|our|such)|opt[- ]out`,
  ),
};

/** A signature or the start of a quoted conversation without ">" (top-posting): the sender's new text ends here. */
const END_OF_OWN = /^(?:-- ?|_{5,}|-{5,}\s*(?:original|ursprüngliche|forwarded|weitergeleitete).*|(?:from|von):\s.+)$/iu;
/** "On Monday, Bob wrote:" / "Am 12.03.2025 schrieb Anna:": the line introducing a quote. */
const ATTRIBUTION = /^(?:on|am) .{4,160}(?:wrote|schrieb)\s*:?\s*$|^.{4,120}(?:wrote|schrieb):\s*$/iu;

/**
 * The sender's own text: quoted (">") lines and quote attributions left
 * out, ending at the signature or a quoted original (once some own text was
 * seen, so a bottom-posted reply or a bare forward still has text); at most
 * `limit` characters.
 */
export function ownText(text: string, limit = 6_000): string {
  const head = text.length > limit * 2 ? text.slice(0, limit * 2) : text;
  const kept: string[] = [];
  let length = 0;
  let seenOwn = false;
  for (const line of head.split("\n")) {
    const trimmed = line.trim();
    if (trimmed.startsWith(">") || ATTRIBUTION.test(trimmed)) continue;
    if (END_OF_OWN.test(trimmed)) {
      if (seenOwn) break;
      continue;
    }
    if (trimmed) seenOwn = true;
    kept.push(line);
    length += line.length + 1;
    if (length >= limit) break;
  }
  const own = kept.join("\n");
  return own.length > limit ? own.slice(0, limit) : own;
}

/**
 * Addresses, URLs and domain names: blanked before looking for cues, so a
 * word inside one ("gewinn-sofort24.biz", "dringend@…") is never read as the
 * sender's own word. Same length, so a match's position still fits the text.
 */
const NOT_WORDS = /(?<!\S)[^\s@]+@\S+|(?:https?:\/\/|www\.)\S+|(?<![\p{L}\p{N}-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:[a-z]{2,6})(?![\p{L}\p{N}])/gu;
const blankAddresses = (text: string) => text.replace(NOT_WORDS, (match) => (match.includes(".") || match.includes("@") ? " ".repeat(match.length) : match));

export function findCues(rawSubject: string, text: string): Cues {
  const subject = blankAddresses(rawSubject);
  const own = blankAddresses(ownText(text));
  const lowerSubject = subject.toLowerCase();
  const lowerOwn = own.toLowerCase();
  let lowerFull: string | undefined;
  const cues: Cues = {};
  for (const [kind, pattern] of Object.entries(PATTERNS) as [CueKind, RegExp][]) {
    let match = pattern.exec(lowerSubject);
    let source = subject;
    let lower = lowerSubject;
    if (!match) {
      // A newsletter's unsubscribe line sits in its footer, after what ownText keeps.
      if (kind === "unsubscribe") {
        lowerFull ??= text.slice(0, 20_000).toLowerCase();
        [source, lower] = [text.slice(0, 20_000), lowerFull];
      } else [source, lower] = [own, lowerOwn];
      match = pattern.exec(lower);
    }
    if (match) cues[kind] = original(source, lower, match).replace(/\s+/g, " ").trim();
  }
  const question = findQuestion(own);
  if (question) cues.question = question;
  return cues;
}

/** A question to the reader: the first sentence of at least 8 characters ending in "?" (not inside a URL). */
function findQuestion(text: string): string | null {
  for (let mark = text.indexOf("?"); mark >= 0; mark = text.indexOf("?", mark + 1)) {
    const after = text[mark + 1];
    if (after !== undefined && !/\s/.test(after)) continue;
    let start = mark - 1;
    while (start >= 0 && mark - start <= 200 && !".!?\n".includes(text[start]!)) start--;
    const sentence = text.slice(start + 1, mark + 1).trim();
    if (sentence.length >= 9) return sentence.slice(-80);
  }
  return null;
}

/** The phrase as written (lower-casing keeps the length for all but a few letters, e.g. İ). */
function original(source: string, lower: string, match: RegExpExecArray): string {
  return source.length === lower.length ? source.slice(match.index, match.index + match[0].length) : match[0];
}
