/**
 * German, English or Dutch, from the subject and the sender's own text:
 * frequent function words and words common in mail subjects, each counted
 * for the one language it belongs to, plus spellings only one of them uses
 * (ä/ö/ü/ß and -ung/-keit for German, "ij" and -heid/-tie for Dutch, "th"
 * and -ly for English). Dutch is here so that it is told apart from German,
 * not mistaken for it: the two share many words ("die", "als", "morgen"),
 * which count for neither. Null when there is too little evidence or no
 * language wins clearly, so other languages come out null too.
 *
 * @example
 * detectLanguage("Ihre Bestellung wurde versandt", "") // "de"
 * detectLanguage("Uw bestelling is verzonden", "") // "nl"
 */
export type DetectedLanguage = "de" | "en" | "nl";

const WORDS_BY_LANGUAGE: Record<DetectedLanguage, string> = {
  de: [
    "der das und ist nicht ich wir ihr du es ein eine einen einem einer dem den des mit auf für von zu zum zur im bei auch noch nur wie aber oder wenn dass sind haben hat wird werden wurde wurden können kann bitte vielen dank danke grüße hallo sehr geehrte geehrter liebe lieber freundlichen ihnen uns mir mich dich sich schon heute über nach vor ihre ihren ihrem ihres unser unsere unseren diese dieser dieses jetzt gibt mehr sowie damit keine kein alle unter durch gegen ohne sein seit eure euch möchten möchte würde bereits wieder sie",
    // Words common in subjects and notifications.
    "rechnung bestellung termin anfrage angebot einladung erinnerung kündigung lieferung zahlung konto passwort anmeldung bestätigung versand versandt sendung paket mahnung frage nachricht neue neuer neues ihr kundenkonto sicherheitshinweis rückruf abholung unterlagen besprechung",
  ].join(" "),
  nl: [
    "het een van niet ik je jij u wij we zijn dat met voor naar ook maar bij uw wordt worden kunnen kan heeft hebben deze dit nog om te aan uit geen wat hoe graag bedankt groeten dag mijn jouw jullie onze ons wel zou zal hier nu meer alle onder door zonder sinds jullie zich hun haar veel goed",
    "factuur bestelling afspraak uitnodiging herinnering betaling rekening wachtwoord bevestiging pakket bericht vraag nieuwe levering zending verzonden bezorgd klant gegevens vriendelijke",
  ].join(" "),
  en: [
    "the and are not you we they it a of to on for with at by from this that be have has were would can could please thanks thank regards hi hello dear your our my me us if or but as do does just about what when which there their been will should these those into than then them also any how who why here now more new",
    "invoice order meeting invitation reminder payment account password confirmation shipped package delivery request question update receipt sign verify",
  ].join(" "),
};

const LANGUAGES = Object.keys(WORDS_BY_LANGUAGE) as DetectedLanguage[];
const WORDS = new Map<string, DetectedLanguage>();
const SHARED = new Set<string>();
for (const language of LANGUAGES) {
  for (const word of WORDS_BY_LANGUAGE[language].split(" ")) {
    const owner = WORDS.get(word);
    // A word two lists claim tells nothing.
    if (owner && owner !== language) SHARED.add(word);
    else WORDS.set(word, language);
  }
}
for (const word of SHARED) WORDS.delete(word);

/** Spellings of one language, weaker than a whole word: they tip short subjects. */
const SPELLING: [RegExp, DetectedLanguage, number][] = [
  [/[äöüß]/, "de", 0.8],
  [/(?:ung|ungen|keit|heit|lich|schaft|chen)$/, "de", 0.5],
  [/ij/, "nl", 0.8],
  [/(?:heid|tie|ties|lijk|tje)$/, "nl", 0.5],
  [/(?:aa|oe|uu)/, "nl", 0.3],
  [/^th|^wh/, "en", 0.4],
  [/(?:ly|ed|ough)$/, "en", 0.3],
];

const TOKEN = /\p{L}+/gu;
/** Less evidence than this (about two function words) is no answer. */
const MIN_EVIDENCE = 1.5;
/** The winner needs this many times the runner-up's score. */
const DOMINANCE = 2;
const SAMPLE_CHARS = 4_000;

export function detectLanguage(subject: string, text: string, contentLanguage?: string): DetectedLanguage | null {
  const scores: Record<DetectedLanguage, number> = { de: 0, en: 0, nl: 0 };
  const sample = `${subject}\n${text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text}`.toLowerCase();
  for (const token of sample.match(TOKEN) ?? []) {
    const language = WORDS.get(token);
    if (language) {
      scores[language] += 1;
      continue;
    }
    if (token.length < 3 || SHARED.has(token)) continue;
    for (const [pattern, spelled, weight] of SPELLING) {
      if (pattern.test(token)) {
        scores[spelled] += weight;
        break;
      }
    }
  }
  const declared = contentLanguage?.trim().toLowerCase().slice(0, 2);
  if (declared === "de" || declared === "en" || declared === "nl") scores[declared] += 2;
  const [first, second] = LANGUAGES.toSorted((a, b) => scores[b] - scores[a]);
  if (scores[first!] < MIN_EVIDENCE || scores[first!] < DOMINANCE * scores[second!]) return null;
  return first!;
}
