/**
 * German or English, by counting frequent function words (and umlauts/ß) in
 * the subject and the sender's own text; null when there is too little text
 * or neither wins clearly. Other languages come out null.
 */
const STOPWORDS = {
  de: "der die das und ist nicht ich sie wir ihr du es ein eine einen dem den des mit auf für von zu im in bei auch noch nur wie aber oder wenn dass sind war haben hat wird werden können kann bitte vielen dank grüße hallo sehr geehrte liebe freundlichen ihnen uns mir mich dich sich schon heute morgen über nach vor".split(" "),
  en: "the and is are not you we they it a an of to in on for with at by from this that be have has was were will would can could please thanks thank regards hi hello dear your our my me us if or but as so do does just about what when which there their".split(" "),
} as const;
const WORDS = new Map<string, "de" | "en">();
for (const [language, words] of Object.entries(STOPWORDS) as ["de" | "en", readonly string[]][]) {
  for (const word of words) if (!WORDS.has(word)) WORDS.set(word, language);
}
const TOKEN = /[\p{L}]+/gu;
const MIN_HITS = 4;

export function detectLanguage(subject: string, text: string, contentLanguage?: string): "de" | "en" | null {
  const counts = { de: 0, en: 0 };
  const sample = `${subject}\n${text.slice(0, 4_000)}`.toLowerCase();
  for (const match of sample.matchAll(TOKEN)) {
    const language = WORDS.get(match[0]);
    if (language) counts[language]++;
  }
  counts.de += Math.min(3, (sample.match(/[äöüß]/g)?.length ?? 0) / 4);
  const declared = contentLanguage?.trim().toLowerCase().slice(0, 2);
  if (declared === "de" || declared === "en") counts[declared] += 2;
  const total = counts.de + counts.en;
  if (total < MIN_HITS) return null;
  if (counts.de >= 2 * counts.en) return "de";
  if (counts.en >= 2 * counts.de) return "en";
  return null;
}
